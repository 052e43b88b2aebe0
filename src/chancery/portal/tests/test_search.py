"""Searching the portal: with or without accents, in each language's own pages, only what is
published, 20 results a page, narrowed to a section if asked."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from chancery.portal.tests import factories
from chancery.portal.views.search import portal_search

pytestmark = pytest.mark.django_db


def _titles(client: Any, url: str, **params: str) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [hit.title for hit in response.context["hits"]]


def test_a_search_without_accents_finds_words_with_them(site: Any, client: Any) -> None:
    factories.news(title="Hội nghị thượng đỉnh ra tuyên bố", summary="Về tình hình Biển Đông.")
    factories.news(title="Tin khác", summary="Không liên quan.")

    assert _titles(client, "/vi/search/", q="hoi nghi") == ["Hội nghị thượng đỉnh ra tuyên bố"]
    assert _titles(client, "/vi/search/", q="bien dong") == ["Hội nghị thượng đỉnh ra tuyên bố"]
    assert _titles(client, "/vi/search/", q="HỘI NGHỊ") == ["Hội nghị thượng đỉnh ra tuyên bố"]
    # and the ministry's own name finds its home page among the rest
    assert "Bộ Ngoại giao" in _titles(client, "/vi/search/", q="bo ngoai giao")


def test_decomposed_and_composed_unicode_find_the_same_pages(site: Any, client: Any) -> None:
    factories.news(title="Hợp tác kinh tế", summary="Tóm tắt.")
    factories.news(title=unicodedata.normalize("NFD", "Đối thoại chiến lược"), summary="Tóm tắt.")

    decomposed_query = unicodedata.normalize("NFD", "hợp tác kinh tế")
    assert _titles(client, "/vi/search/", q=decomposed_query) == ["Hợp tác kinh tế"]
    found = _titles(client, "/vi/search/", q="chiến lược")
    assert [unicodedata.normalize("NFC", title) for title in found] == ["Đối thoại chiến lược"]


def test_each_language_searches_its_own_pages(site: Any, client: Any) -> None:
    factories.news("vi", title="Quan hệ ngoại giao Việt Nam – Pháp", summary="Tóm tắt.")
    factories.news("en", title="Diplomatic relations with France", summary="A summary.")
    factories.news("fr", title="La coopération économique", summary="Relations diplomatiques.")

    assert _titles(client, "/en/search/", q="diplomatic France") == [
        "Diplomatic relations with France"
    ]
    assert _titles(client, "/fr/search/", q="cooperation economique") == [
        "La coopération économique"
    ]
    assert _titles(client, "/fr/search/", q="diplomatiques") == ["La coopération économique"]
    assert _titles(client, "/vi/search/", q="phap") == ["Quan hệ ngoại giao Việt Nam – Pháp"]
    assert _titles(client, "/vi/search/", q="diplomatic") == []


def test_english_and_french_find_other_forms_of_a_word_and_vietnamese_whole_words(
    site: Any, client: Any
) -> None:
    factories.news("en", title="Diplomats negotiated the agreements", summary="Consular talks.")
    factories.news("fr", title="Les négociations continuent", summary="Accords signés.")
    factories.news("vi", title="Đàm phán hiệp định", summary="Tóm tắt.")

    found = ["Diplomats negotiated the agreements"]
    assert _titles(client, "/en/search/", q="diplomat") == found
    assert _titles(client, "/en/search/", q="negotiating agreement") == found
    assert _titles(client, "/fr/search/", q="negociation accord signe") == [
        "Les négociations continuent"
    ]
    # Vietnamese words do not inflect: a syllable finds itself, not another one
    assert _titles(client, "/vi/search/", q="dam phan") == ["Đàm phán hiệp định"]
    assert _titles(client, "/vi/search/", q="hiep") == ["Đàm phán hiệp định"]
    assert _titles(client, "/vi/search/", q="hie") == []


def test_the_admin_search_finds_a_page_in_any_language_by_another_form_of_a_word(
    site: Any,
) -> None:
    from wagtail.models import Page

    factories.news("en", title="Ministries publish treaties", summary="Summary.")
    factories.news("fr", title="Les ministères publient", summary="Résumé.")

    # with the English treaty list of the site's skeleton, "International treaties"
    assert "Ministries publish treaties" in [page.title for page in Page.objects.search("treaty")]
    # with the French home page, "Ministère des Affaires étrangères"
    assert "Les ministères publient" in [page.title for page in Page.objects.search("ministere")]


def test_drafts_and_scheduled_pages_are_never_found(site: Any, client: Any) -> None:
    factories.news("en", title="Embassy opens", summary="Published.")
    factories.news("en", title="Embassy draft", summary="Not yet.", publish_now=False)
    later = factories.news("en", title="Embassy tomorrow", summary="Later.", publish_now=False)
    factories.schedule(later, timezone.now() + timedelta(days=1))

    assert _titles(client, "/en/search/", q="embassy") == ["Embassy opens"]


def test_results_come_20_a_page(site: Any, client: Any) -> None:
    for n in range(25):
        factories.news("en", title=f"Harbour notice {n}", summary="Harbour matters.")

    first = client.get("/en/search/", {"q": "harbour"})
    second = client.get("/en/search/", {"q": "harbour", "page": "2"})

    assert len(first.context["hits"]) == 20
    assert len(second.context["hits"]) == 5
    assert "25 results for “harbour”" in first.content.decode()
    assert {hit.title for hit in first.context["hits"]}.isdisjoint(
        {hit.title for hit in second.context["hits"]}
    )
    assert 'aria-label="Next page"' in first.content.decode()


def test_a_search_can_be_narrowed_to_a_section(site: Any, client: Any) -> None:
    factories.news("vi", title="Người phát ngôn nói về biển", summary="Tin.")
    factories.briefing("vi", title="Họp báo: biển và đảo", summary="Họp báo.")

    assert _titles(client, "/vi/search/", q="bien", section="briefings") == ["Họp báo: biển và đảo"]
    assert sorted(_titles(client, "/vi/search/", q="bien")) == [
        "Họp báo: biển và đảo",
        "Người phát ngôn nói về biển",
    ]
    # an unknown section searches everywhere
    assert len(_titles(client, "/vi/search/", q="bien", section="weather")) == 2


def test_a_result_shows_title_summary_section_and_date(site: Any, client: Any) -> None:
    factories.news("en", title="Visa waiver extended", summary="Citizens of ten countries.")

    page = client.get("/en/search/", {"q": "visa"}).content.decode()

    assert "Visa waiver extended" in page
    assert "Citizens of ten countries." in page
    assert "News" in page
    assert "<time datetime=" in page
    assert "1 result for “visa”" in page


def test_no_results_says_so_and_suggests_what_to_try(site: Any, client: Any) -> None:
    page = client.get("/en/search/", {"q": "zzzyx", "section": "news"}).content.decode()

    assert "No results for “zzzyx”." in page
    assert "Check the spelling" in page
    assert "Search all sections." in page


def test_an_empty_search_shows_the_labelled_form_only(site: Any, client: Any) -> None:
    factories.news("en", title="Anything")

    response = client.get("/en/search/")
    page = response.content.decode()

    assert response.context["results"] is None
    assert '<label class="usa-label" for="search-query">' in page
    assert 'id="search-query"' in page
    assert "result" not in page.split("</form>", 1)[1].split("</main>", 1)[0]


def test_the_search_page_needs_neither_session_nor_csrf(site: Any, client: Any, rf: Any) -> None:
    # The page cache serves one answer to everyone: the page must not read who is asking.
    factories.news("en", title="Treaty signed")
    request = rf.get("/en/search/", {"q": "treaty"})  # no session, no user, no CSRF cookie

    with translation.override("en"):
        response = portal_search(request)
        response.render()  # type: ignore[attr-defined]

    page = response.content.decode()
    assert "Treaty signed" in page
    assert "csrfmiddlewaretoken" not in page
    assert not response.cookies
    assert client.post("/en/search/", {"q": "treaty"}).status_code == 405


def test_a_search_costs_a_few_queries_however_many_results(
    site: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        factories.news("en", title=f"Trade talks {n}", summary="Trade.")

    with django_assert_max_num_queries(25):
        assert len(_titles(client, "/en/search/", q="trade")) == 20
