"""Search: diacritics, Unicode forms, typos in names, stemming, filters, snippets, counts."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from chancery.core.constants import Clearance
from chancery.core.tests.factories import UserFactory
from chancery.documents.constants import Direction, Status, Urgency
from chancery.documents.models import Document
from chancery.documents.search import query
from chancery.documents.search.index import refresh_search_vector
from chancery.documents.search.query import (
    SearchParams,
    count_capped,
    search_documents,
    search_queryset,
)
from chancery.documents.tests.factories import DocumentFactory, document_type

pytestmark = pytest.mark.django_db


def _found(user: object, q: str, **filters: object) -> set[object]:
    params = SearchParams(q=q, **filters)  # type: ignore[arg-type]
    return set(search_queryset(user, params).values_list("pk", flat=True))  # type: ignore[arg-type]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.fixture
def reader() -> object:
    return UserFactory()


def test_unaccented_query_finds_vietnamese_with_diacritics(reader: object) -> None:
    doc = DocumentFactory(subject="Kế hoạch công tác ngoại giao năm 2027")
    other = DocumentFactory(subject="Báo cáo tài chính quý III")
    assert _found(reader, "ngoai giao") == {doc.pk}
    assert _found(reader, "ngoại giao") == {doc.pk}
    assert other.pk not in _found(reader, "ngoai giao")


def test_d_with_stroke_matches_plain_d_both_ways(reader: object) -> None:
    doc = DocumentFactory(subject="Đoàn công tác đến Đà Nẵng")
    assert _found(reader, "da nang") == {doc.pk}
    assert _found(reader, "doan") == {doc.pk}
    plain = DocumentFactory(subject="Hoi nghi tai Da Nang")
    assert _found(reader, "Đà Nẵng") == {doc.pk, plain.pk}


def test_decomposed_text_in_document_and_query_matches_composed(reader: object) -> None:
    decomposed = DocumentFactory(subject=_nfd("Hội nghị Bộ trưởng Ngoại giao ASEAN"))
    composed = DocumentFactory(subject="Hội nghị Bộ trưởng Ngoại giao ASEAN lần thứ hai")
    decomposed.refresh_from_db()
    assert decomposed.subject == unicodedata.normalize("NFC", decomposed.subject)
    assert _found(reader, _nfd("ngoại giao")) == {decomposed.pk, composed.pk}
    assert _found(reader, "Hội nghị") == {decomposed.pk, composed.pk}


def test_typo_in_a_signer_or_sender_name_still_finds_the_document(reader: object) -> None:
    signed = DocumentFactory(subject="Thư mời", signer_name="Nguyễn Văn Hùng")
    sent = DocumentFactory(subject="Công hàm", sender_name="Đại sứ quán Cộng hòa Pháp")
    DocumentFactory(subject="Thư cảm ơn", signer_name="Trần Thị Lan")
    assert _found(reader, "Nguyen Van Hunng") == {signed.pk}
    assert _found(reader, "Dai su quan Cong hoa Phap") == {sent.pk}


def test_english_and_french_documents_match_other_forms_of_a_word(reader: object) -> None:
    english = DocumentFactory(subject="Meeting of the foreign ministers", language="en")
    french = DocumentFactory(subject="Les négociations commerciales", language="fr")
    assert _found(reader, "minister") == {english.pk}
    assert _found(reader, "meetings") == {english.pk}
    assert _found(reader, "negociation commerciale") == {french.pk}


def test_extracted_text_is_searchable_after_refresh_and_weighs_less_than_subject(
    reader: object,
) -> None:
    in_text = DocumentFactory(subject="Công văn số 1")
    Document.objects.filter(pk=in_text.pk).update(content_text="Về việc biên giới trên biển")
    refresh_search_vector(in_text.pk)
    in_subject = DocumentFactory(subject="Phân định biên giới trên biển")
    ranked = list(search_queryset(reader, SearchParams(q="bien gioi")).values_list("pk", flat=True))  # type: ignore[arg-type]
    assert ranked == [in_subject.pk, in_text.pk]


def test_tags_and_number_symbol_are_searchable(reader: object) -> None:
    doc = DocumentFactory(subject="Tờ trình", number_symbol="125/BNG-LS", tags=["Biển Đông"])
    assert _found(reader, "bien dong") == {doc.pk}
    assert _found(reader, "125/BNG-LS") == {doc.pk}


def test_filters_narrow_the_results(reader: object) -> None:
    base = {"subject": "Hợp tác kinh tế"}
    urgent = DocumentFactory(urgency=Urgency.URGENT, tags=["asean"], **base)
    old = DocumentFactory(document_date=date(2020, 1, 2), **base)
    outgoing = DocumentFactory(outgoing=True, **base)
    decision = DocumentFactory(document_type=document_type("quyet-dinh"), **base)
    everything = {urgent.pk, old.pk, outgoing.pk, decision.pk}
    assert _found(reader, "hop tac") == everything
    assert _found(reader, "hop tac", urgency=Urgency.URGENT) == {urgent.pk}
    assert _found(reader, "hop tac", tags=("asean",)) == {urgent.pk}
    assert _found(reader, "hop tac", date_to=date(2021, 1, 1)) == {old.pk}
    assert old.pk not in _found(reader, "hop tac", date_from=date(2021, 1, 1))
    assert _found(reader, "hop tac", direction=Direction.OUTGOING) == {outgoing.pk}
    assert _found(reader, "hop tac", status=Status.DRAFTING) == {outgoing.pk}
    assert _found(reader, "hop tac", document_type=decision.document_type_id) == {decision.pk}
    assert _found(reader, "hop tac", unit=old.unit_id) == {old.pk}
    assert _found(reader, "", unit=old.unit_id) == {old.pk}


def test_snippets_mark_matches_and_escape_html(reader: object) -> None:
    doc = DocumentFactory(subject="<script>alert(1)</script> Quan hệ ngoại giao")
    Document.objects.filter(pk=doc.pk).update(
        content_text="Mở đầu. <b>Đẩy mạnh</b> quan hệ ngoại giao A&B với các nước láng giềng."
    )
    results = search_documents(reader, SearchParams(q="ngoai giao"))  # type: ignore[arg-type]
    [hit] = results.hits
    assert "<script>" not in hit.subject_html
    assert "&lt;script&gt;" in hit.subject_html
    assert "<mark>ngoại</mark> <mark>giao</mark>" in hit.subject_html
    assert "<b>" not in hit.snippet_html
    assert "A&amp;B" in hit.snippet_html
    assert "<mark>ngoại</mark>" in hit.snippet_html
    assert results.total == 1


def test_sort_by_date_puts_newest_first(reader: object) -> None:
    old = DocumentFactory(subject="Hợp tác hợp tác hợp tác", document_date=date(2020, 1, 1))
    new = DocumentFactory(subject="Hợp tác", document_date=date(2026, 1, 1))
    by_date = search_queryset(reader, SearchParams(q="hop tac", sort="date"))  # type: ignore[arg-type]
    assert list(by_date.values_list("pk", flat=True)) == [new.pk, old.pk]


def test_only_frequent_words_take_the_date_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    DocumentFactory.create_batch(30, subject="Hợp tác kinh tế")
    DocumentFactory.create_batch(3, subject="Lễ tân")
    Document.objects.update(content_text="")  # keep the statistics to the subjects
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
    assert not query.analyse("le tan")[1]
    assert not query.analyse("biên giới")[1]
    monkeypatch.setattr(query, "COMMON_MATCHES", 5)
    assert query.analyse("hop tac")[1]
    assert not query.analyse("le tan")[1]


def test_counts_are_capped_but_exact_below_the_cap(reader: object) -> None:
    DocumentFactory.create_batch(4, subject="Lễ tân nhà nước")
    queryset = search_queryset(reader, SearchParams(q="le tan"))  # type: ignore[arg-type]
    assert count_capped(queryset) == (4, False)
    assert count_capped(queryset, cap=3) == (3, True)


def test_saved_search_params_survive_json() -> None:
    params = SearchParams(q="x", date_from=date(2026, 1, 1), tags=("a",), urgency=2)
    assert SearchParams.from_json(params.to_json()) == params
    assert SearchParams.from_json({"urgency": "oops", "evil": 1}) == SearchParams()


def test_search_page_costs_three_queries(
    reader: object, django_assert_max_num_queries: object
) -> None:
    DocumentFactory.create_batch(
        5, subject="Công tác lãnh sự", classification=Clearance.UNCLASSIFIED
    )
    # The analysis of the text, the page with its count, the snippets.
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        results = search_documents(reader, SearchParams(q="lanh su"))  # type: ignore[arg-type]
        assert [str(hit.subject_html) for hit in results.hits]


def test_pages_count_every_readable_match_and_names_are_a_fallback(
    reader: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    signed = DocumentFactory(subject="Thư mời", signer_name="Nguyễn Văn Hùng")
    near = DocumentFactory(subject="Thư cảm ơn", signer_name="Nguyễn Văn Hùnh")
    DocumentFactory.create_batch(2, subject="Thư mời", classification=Clearance.SECRET)
    found = search_documents(reader, SearchParams(q="Nguyen Van Hunng"))  # type: ignore[arg-type]
    assert {hit.document.pk for hit in found.hits} == {signed.pk, near.pk}
    # Written right, the name is found by the text alone: the near name is not added.
    exact = search_documents(reader, SearchParams(q="Nguyễn Văn Hùng"))  # type: ignore[arg-type]
    assert [hit.document.pk for hit in exact.hits] == [signed.pk]
    assert (exact.total, exact.capped, exact.window) == (1, False, None)
    DocumentFactory.create_batch(4, subject="Thư mời")
    invitations = search_documents(reader, SearchParams(q="thu moi"), page_size=2)  # type: ignore[arg-type]
    assert (invitations.total, invitations.capped, len(invitations.hits)) == (3, True, 2)
    beyond = search_documents(reader, SearchParams(q="thu moi"), page=9, page_size=2)  # type: ignore[arg-type]
    assert (beyond.total, beyond.capped, beyond.hits) == (3, True, [])


@pytest.fixture
def common(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text counts as common: the date-walk path of search_page."""
    analyse = query.analyse
    monkeypatch.setattr(query, "analyse", lambda text: (analyse(text)[0], True, None))


@pytest.mark.usefixtures("common")
def test_common_text_ranks_the_window_and_counts_only_readable_matches(
    reader: object, django_assert_max_num_queries: object
) -> None:
    best = DocumentFactory(
        subject="Hợp tác kinh tế, hợp tác kinh tế", document_date=date(2020, 1, 1)
    )
    newer = DocumentFactory(subject="Hợp tác kinh tế", document_date=date(2025, 1, 1))
    DocumentFactory(
        subject="Hợp tác kinh tế", classification=Clearance.SECRET, document_date=date(2026, 1, 1)
    )
    DocumentFactory(subject="Lễ tân", document_date=date(2026, 1, 1))
    params = SearchParams(q="hop tac kinh te")
    # The analysis of the text, the walk (count and page at once), the snippets.
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        results = search_documents(reader, params)  # type: ignore[arg-type]
    assert [hit.document.pk for hit in results.hits] == [best.pk, newer.pk]
    assert (results.total, results.capped) == (2, False)
    assert "<mark>" in str(results.hits[0].subject_html)
    by_date = search_documents(reader, SearchParams(q="hop tac kinh te", sort="date"))  # type: ignore[arg-type]
    assert [hit.document.pk for hit in by_date.hits] == [newer.pk, best.pk]


@pytest.mark.usefixtures("common")
def test_common_text_ranks_only_the_newest_matches_and_caps_the_count(
    reader: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query, "COMMON_WINDOW", 2)
    old_best = DocumentFactory(subject="Lễ tân lễ tân lễ tân", document_date=date(2010, 1, 1))
    recent = [
        DocumentFactory(subject=f"Lễ tân {n}", document_date=date(2024, 1, n + 1)) for n in range(3)
    ]
    results = search_documents(reader, SearchParams(q="le tan"))  # type: ignore[arg-type]
    assert (results.total, results.capped) == (2, True)
    assert {hit.document.pk for hit in results.hits} == {recent[2].pk, recent[1].pk}
    assert old_best.pk not in {hit.document.pk for hit in results.hits}


@pytest.mark.usefixtures("common")
def test_common_text_keeps_filters_and_exact_names(reader: object) -> None:
    signed = DocumentFactory(subject="Công hàm", signer_name="Nguyễn Văn Hùng")
    DocumentFactory(subject="Công hàm", signer_name="Trần Thị Lan")
    found = search_documents(reader, SearchParams(q="Nguyen Van Hung"))  # type: ignore[arg-type]
    assert [hit.document.pk for hit in found.hits] == [signed.pk]
    dated = DocumentFactory(subject="Lễ tân", document_date=date(2021, 5, 1))
    DocumentFactory(subject="Lễ tân", document_date=date(2023, 5, 1))
    params = SearchParams(q="le tan", date_from=date(2021, 1, 1), date_to=date(2021, 12, 31))
    assert [h.document.pk for h in search_documents(reader, params).hits] == [dated.pk]  # type: ignore[arg-type]


def test_a_renamed_signer_is_found_with_a_typo_under_the_new_name(reader: object) -> None:
    signed = DocumentFactory(subject="Thư mời", signer_name="Nguyễn Văn Hùng")
    # A bulk update, as an import would do: the names table follows it (trigger).
    Document.objects.filter(pk=signed.pk).update(signer_name="Lê Minh Tuấn")
    assert _found(reader, "Le Minh Tuann") == {signed.pk}
    assert _found(reader, "Nguyen Van Hunng") == set()


@pytest.mark.parametrize("since", [date(2024, 1, 2), date(2024, 1, 3)])
def test_common_text_among_recent_documents_gives_the_same_page_as_the_walk(
    reader: object, monkeypatch: pytest.MonkeyPatch, since: date
) -> None:
    monkeypatch.setattr(query, "COMMON_WINDOW", 2)
    DocumentFactory(subject="Lễ tân lễ tân lễ tân", document_date=date(2010, 1, 1))
    for n in range(4):
        DocumentFactory(subject="Lễ tân " + "lễ tân " * n, document_date=date(2024, 1, n + 1))
    DocumentFactory(
        subject="Lễ tân", classification=Clearance.SECRET, document_date=date(2024, 2, 1)
    )
    analyse = query.analyse
    pages: dict[tuple[date | None, str], tuple[list[object], int]] = {}
    for recent in (None, since):
        monkeypatch.setattr(query, "analyse", lambda text, r=recent: (analyse(text)[0], True, r))
        for sort in ("relevance", "date"):
            results = search_documents(reader, SearchParams(q="le tan", sort=sort))  # type: ignore[arg-type]
            pages[recent, sort] = ([h.document.pk for h in results.hits], results.total)
    # 2024-01-02 holds the window and one more (3 readable matches): found there; 2024-01-03
    # holds only 2, so older ones might belong to it: the walk runs after all. Same pages.
    for sort in ("relevance", "date"):
        assert pages[since, sort] == pages[None, sort]
        assert pages[None, sort][1] == 2


def test_recent_cutoff_holds_the_window_for_a_reader_of_few_matches() -> None:
    bounds = [date(2000 + n, 1, 1) for n in range(101)]  # one dated percent each
    # 301 readable matches of a 3 % text, if 5 % of them are readable: 200,667 documents.
    assert query._recent_cutoff(0.03, 1_000_000, bounds, 0.0) == date(2079, 1, 1)
    assert query._recent_cutoff(0.2, 1_000_000, bounds, 0.0) is None  # the walk is cheaper
    assert query._recent_cutoff(0.03, 10_000, bounds, 0.0) is None  # most of the corpus
    assert query._recent_cutoff(0.03, 1_000_000, None, None) is None  # never analysed
