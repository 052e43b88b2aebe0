"""The cable search: diacritics-insensitive text, filters, sorting, snippets and facets."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from django.utils import timezone

from chancery.core.constants import Clearance
from chancery.core.models import User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.search.query import search_cables
from chancery.documents.cables.tests.factories_archive import CableFactory, precedence

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader() -> User:
    return UserFactory(clearance=Clearance.SECRET)


def _ids(user: User, **params: object) -> set[object]:
    results = search_cables(user, CableSearchParams(**params))  # type: ignore[arg-type]
    return {hit.cable.pk for hit in results.hits}


@pytest.mark.parametrize(("stored", "typed"), [("NFC", "NFD"), ("NFD", "NFC"), ("NFD", "NFD")])
def test_ngoai_giao_finds_ngoai_giao_composed_or_decomposed(
    reader: User, stored: str, typed: str
) -> None:
    text = unicodedata.normalize(stored, "Công tác ngoại giao kinh tế")  # type: ignore[arg-type]
    cable = CableFactory(subject=text, addressed=[reader.unit])
    CableFactory(subject="Lãnh sự", addressed=[reader.unit])
    assert _ids(reader, q="ngoai giao") == {cable.pk}
    assert _ids(reader, q=unicodedata.normalize(typed, "ngoại giao")) == {cable.pk}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "query"),
    [("Negotiations with the delegation", "negotiation"), ("Les négociations", "negociation")],
)
def test_english_and_french_words_are_matched_by_their_stems(
    reader: User, text: str, query: str
) -> None:
    cable = CableFactory(paragraphs=[text], addressed=[reader.unit])
    assert _ids(reader, q=query) == {cable.pk}


def test_tags_filter_any_or_all(reader: User) -> None:
    both = CableFactory(tags=["FR", "PREL"], addressed=[reader.unit])
    france = CableFactory(tags=["FR", "ECON"], addressed=[reader.unit])
    CableFactory(tags=["DE"], addressed=[reader.unit])
    assert _ids(reader, tags=("fr", "PREL")) == {both.pk, france.pk}
    assert _ids(reader, tags=("FR", "PREL"), tags_mode="all") == {both.pk}


def test_filters_by_precedence_post_addressee_level_status_and_date(reader: User) -> None:
    other_unit = UnitFactory()
    now = timezone.now()
    flash = CableFactory(precedence=precedence("FLASH"), addressed=[reader.unit])
    old = CableFactory(released_at=now - timedelta(days=40), addressed=[reader.unit])
    secret = CableFactory(classification=Clearance.SECRET, addressed=[reader.unit])
    shared = CableFactory(addressed=[reader.unit, other_unit])
    draft = CableFactory(status=CableStatus.DRAFT, released_at=None, readers=[reader])
    assert _ids(reader, precedence="FLASH") == {flash.pk}
    assert _ids(reader, post=old.post_id) == {old.pk}
    assert _ids(reader, addressee_unit=other_unit.pk) == {shared.pk}
    assert _ids(reader, classification=Clearance.SECRET) == {secret.pk}
    assert draft.pk not in _ids(reader)
    assert draft.pk in _ids(reader, status="any")
    assert _ids(reader, status=CableStatus.DRAFT) == {draft.pk}
    recent = {flash.pk, secret.pk, shared.pk}
    assert _ids(reader, date_from=(now - timedelta(days=1)).date()) == recent
    assert _ids(reader, date_to=(now - timedelta(days=30)).date()) == {old.pk}


def test_results_sort_by_relevance_or_by_date(reader: User) -> None:
    now = timezone.now()
    strong = CableFactory(
        subject="Biên giới biên giới", released_at=now - timedelta(days=3), addressed=[reader.unit]
    )
    weak = CableFactory(
        subject="Tình hình",
        paragraphs=["Có nhắc đến biên giới."],
        released_at=now,
        addressed=[reader.unit],
    )
    by_rank = search_cables(reader, CableSearchParams(q="bien gioi"))
    by_date = search_cables(reader, CableSearchParams(q="bien gioi", sort="date"))
    assert [hit.cable.pk for hit in by_rank.hits] == [strong.pk, weak.pk]
    assert [hit.cable.pk for hit in by_date.hits] == [weak.pk, strong.pk]


def test_snippets_are_escaped_and_marked(reader: User) -> None:
    CableFactory(
        subject="<b>Hội nghị</b> ngoại giao",
        paragraphs=["Đoàn <script>x</script> dự hội nghị ngoại giao tại Paris."],
        addressed=[reader.unit],
    )
    [hit] = search_cables(reader, CableSearchParams(q="ngoai giao")).hits
    assert hit.subject_html == "&lt;b&gt;Hội nghị&lt;/b&gt; <mark>ngoại</mark> <mark>giao</mark>"
    assert "<mark>ngoại</mark> <mark>giao</mark> tại Paris" in hit.snippet_html
    assert "script>" not in hit.snippet_html


def test_pages_and_total(reader: User) -> None:
    for _ in range(5):
        CableFactory(subject="Hợp tác kinh tế", addressed=[reader.unit])
    first = search_cables(reader, CableSearchParams(q="kinh te"), page=1, page_size=2)
    last = search_cables(reader, CableSearchParams(q="kinh te"), page=3, page_size=2)
    beyond = search_cables(reader, CableSearchParams(q="kinh te"), page=4, page_size=2)
    assert (first.total, len(first.hits), first.has_next) == (5, 2, True)
    assert (last.total, len(last.hits), last.has_next) == (5, 1, False)
    assert (beyond.total, beyond.hits) == (5, [])


def test_params_survive_json_for_saved_searches() -> None:
    params = CableSearchParams(
        q="biển", tags=("FR",), tags_mode="all", precedence="FLASH", post=3, status="any"
    )
    assert CableSearchParams.from_json(params.to_json()) == params
    assert CableSearchParams.from_json({"post": "x", "tags": "FR", "bogus": 1}) == (
        CableSearchParams()
    )
