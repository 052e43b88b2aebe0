"""The archive page (GET form, no JavaScript needed), saved cable searches and their API."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.models import User
from chancery.core.tests.factories import UserFactory, issue_token
from chancery.documents.actions.search import save_search
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.tests.factories_archive import CableFactory
from chancery.documents.models import SavedSearch
from chancery.documents.search.query import SearchParams

pytestmark = pytest.mark.django_db
API = "/api/v1/cables/archive"


@pytest.fixture
def reader(client: Client) -> User:
    user = UserFactory()
    client.force_login(user)
    return user


def test_page_finds_decomposed_text_marks_it_and_offers_facets(
    client: Client, reader: User
) -> None:
    CableFactory(
        subject=unicodedata.normalize("NFD", "<i>Công tác</i> ngoại giao"),
        tags=["FR", "PREL"],
        addressed=[reader.unit],
    )
    response = client.get(reverse("cables:archive"), {"q": "ngoai giao"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;i&gt;Công tác&lt;/i&gt; <mark>ngoại</mark> <mark>giao</mark>" in html
    assert 'data-total="1"' in html
    assert 'data-facet-tag="PREL" data-count="1"' in html
    assert 'data-facet-precedence="ROUTINE" data-count="1"' in html


def test_page_without_query_shows_the_form_only(client: Client, reader: User) -> None:
    response = client.get(reverse("cables:archive"))
    assert response.status_code == 200
    assert "data-total" not in response.content.decode()


def test_page_tag_filter_from_the_form(client: Client, reader: User) -> None:
    CableFactory(subject="Pháp", tags=["FR"], addressed=[reader.unit])
    CableFactory(subject="Đức", tags=["DE"], addressed=[reader.unit])
    html = client.get(reverse("cables:archive"), {"tags": "fr"}).content.decode()
    assert 'data-total="1"' in html
    assert "Pháp" in html
    assert "Đức</a>" not in html


def test_page_queries_do_not_grow_with_results(
    client: Client, reader: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        CableFactory(subject="Kinh tế", tags=["ECON"], addressed=[reader.unit])
    # Session, user, navigation (2), unread notifications, the form's three lists, results,
    # their snippets, the facets and the precedence names: the same for 3 or 20 results.
    client.get(reverse("cables:archive"), {"q": "kinh te"})
    with django_assert_max_num_queries(12):
        small = client.get(reverse("cables:archive"), {"q": "kinh te"})
    for _ in range(17):
        CableFactory(subject="Kinh tế", tags=["ECON"], addressed=[reader.unit])
    with django_assert_max_num_queries(12):
        large = client.get(reverse("cables:archive"), {"q": "kinh te"})
    assert 'data-total="3"' in small.content.decode()
    assert 'data-total="20"' in large.content.decode()


def test_save_list_toggle_and_delete_a_saved_search(client: Client, reader: User) -> None:
    save = reverse("cables:saved_search_save") + "?q=bien+dong&tags=FR"
    response = client.post(save, {"name": "Biển Đông", "alert": "on"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=reader)
    assert (saved.scope, saved.alert) == ("cables", True)
    assert saved.query == {"q": "bien dong", "tags": ["FR"], "status": "released", **_defaults()}
    save_search(reader, "Documents", SearchParams(q="x"), alert=False)  # another app's
    listing = client.get(reverse("cables:saved_searches")).content.decode()
    assert "Biển Đông" in listing
    assert "Documents" not in listing
    run = client.get(reverse("cables:saved_search_run", args=[saved.pk]))
    assert run["Location"].startswith(reverse("cables:archive") + "?q=bien+dong")
    client.post(reverse("cables:saved_search_alert", args=[saved.pk]))
    saved.refresh_from_db()
    assert saved.alert is False
    client.post(reverse("cables:saved_search_alert", args=[saved.pk]), {"alert": "on"})
    saved.refresh_from_db()
    assert saved.alert is True
    client.post(reverse("cables:saved_search_delete", args=[saved.pk]))
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def _defaults() -> dict[str, object]:
    return {"tags_mode": "any", "sort": "relevance"}


def test_documents_and_cables_saved_searches_stay_apart(client: Client, reader: User) -> None:
    other = save_search(reader, "Documents", SearchParams(q="x"), alert=False)
    assert client.get(reverse("cables:saved_search_run", args=[other.pk])).status_code == 404
    assert client.post(reverse("cables:saved_search_delete", args=[other.pk])).status_code == 404
    cables = save_search(
        reader, "Cables only", CableSearchParams(q="x"), alert=True, scope="cables"
    )
    mine = client.get(reverse("documents:saved_searches")).content.decode()
    assert "Documents" in mine
    assert "Cables only" not in mine
    assert client.get(reverse("documents:saved_search_run", args=[cables.pk])).status_code == 404
    headers = {"Authorization": f"Bearer {issue_token(reader, 'read:documents')}"}
    listed = client.get("/api/v1/documents/saved-searches", headers=headers).json()
    assert [row["name"] for row in listed] == ["Documents"]


def test_another_users_saved_search_answers_404(client: Client, reader: User) -> None:
    stranger = UserFactory()
    theirs = save_search(stranger, "Theirs", CableSearchParams(), alert=True, scope="cables")
    assert client.get(reverse("cables:saved_search_run", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("cables:saved_search_alert", args=[theirs.pk])).status_code == 404


def test_api_search_and_saved_search_crud(client: Client) -> None:
    user = UserFactory()
    CableFactory(subject="Biển Đông", tags=["VN"], addressed=[user.unit])
    headers = {"Authorization": f"Bearer {issue_token(user, 'read:cables')}"}
    found = client.get(f"{API}/search", {"q": "bien dong"}, headers=headers).json()
    assert found["total"] == 1
    assert found["tags"] == [{"value": "VN", "label": "VN", "count": 1}]
    assert "<mark>" in found["items"][0]["subject_html"]
    body = {"name": "Biển", "alert": True, "query": {"q": "bien dong"}}
    created = client.post(
        f"{API}/saved-searches", body, content_type="application/json", headers=headers
    )
    assert created.status_code == 201
    saved_id = created.json()["id"]
    listed = client.get(f"{API}/saved-searches", headers=headers).json()
    assert [row["id"] for row in listed] == [saved_id]
    patched = client.patch(
        f"{API}/saved-searches/{saved_id}",
        {"alert": False},
        content_type="application/json",
        headers=headers,
    )
    assert patched.json()["alert"] is False
    run = client.get(f"{API}/saved-searches/{saved_id}/results", headers=headers).json()
    assert run["total"] == 1
    assert client.delete(f"{API}/saved-searches/{saved_id}", headers=headers).status_code == 204
    blank = {"name": " ", "query": {}}
    refused = client.post(
        f"{API}/saved-searches", blank, content_type="application/json", headers=headers
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"


def test_api_needs_the_read_cables_scope(client: Client) -> None:
    user = UserFactory()
    headers = {"Authorization": f"Bearer {issue_token(user, 'read:documents')}"}
    assert client.get(f"{API}/search", headers=headers).status_code == 403
