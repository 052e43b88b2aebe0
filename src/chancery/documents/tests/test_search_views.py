"""The search page, saved-search pages and the search API."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chancery.core.constants import Clearance
from chancery.core.models import User
from chancery.core.tests.factories import UserFactory, issue_token
from chancery.documents.models import SavedSearch
from chancery.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/documents"


@pytest.fixture
def reader(client: Client) -> User:
    user = UserFactory()
    client.force_login(user)
    return user


def test_search_page_shows_marked_escaped_results_and_hides_unreadable(
    client: Client, reader: User
) -> None:
    DocumentFactory(subject="<i>Công hàm</i> về quan hệ ngoại giao")
    DocumentFactory(subject="Mật: quan hệ ngoại giao", classification=Clearance.SECRET)
    response = client.get(reverse("documents:search"), {"q": "ngoai giao"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;i&gt;Công hàm&lt;/i&gt;" in html
    assert "<mark>ngoại</mark>" in html
    assert "Mật:" not in html
    assert 'id="results-heading">1 ' in html


def _in_page_language(response: object, message: str) -> str:
    """``message`` as the page shows it (translated to the page's language, escaped)."""
    html = response.content.decode()  # type: ignore[attr-defined]
    found = re.search(r'<html lang="([^"]+)"', html)
    with translation.override(found.group(1) if found else "en"):
        return str(escape(translation.gettext(message)))


def test_search_page_without_query_shows_the_form_only(client: Client, reader: User) -> None:
    response = client.get(reverse("documents:search"))
    assert response.status_code == 200
    assert _in_page_language(response, "Save this search") not in response.content.decode()


def test_search_page_reports_an_inverted_date_range(client: Client, reader: User) -> None:
    response = client.get(
        reverse("documents:search"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert response.status_code == 200
    message = _in_page_language(response, "The end date is before the start date.")
    assert message in response.content.decode()


def test_saved_search_can_be_saved_listed_run_and_deleted(client: Client, reader: User) -> None:
    save = reverse("documents:saved_search_save") + "?q=bien+gioi&urgency=2"
    response = client.post(save, {"name": "Biển", "alert": "on"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get(owner=reader)
    assert saved.query == {"q": "bien gioi", "urgency": 2, "sort": "relevance"}
    assert saved.alert
    assert "Biển" in client.get(reverse("documents:saved_searches")).content.decode()
    run = client.get(reverse("documents:saved_search_run", args=[saved.pk]))
    assert run.status_code == 302
    assert "q=bien+gioi" in run["Location"]
    client.post(reverse("documents:saved_search_delete", args=[saved.pk]))
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_saving_without_a_name_is_refused(client: Client, reader: User) -> None:
    response = client.post(reverse("documents:saved_search_save") + "?q=x", {"name": ""})
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_someone_elses_saved_search_answers_404(client: Client, reader: User) -> None:
    other = SavedSearch.objects.create(owner=UserFactory(), name="theirs", query={"q": "x"})
    assert client.get(reverse("documents:saved_search_run", args=[other.pk])).status_code == 404
    delete = client.post(reverse("documents:saved_search_delete", args=[other.pk]))
    assert delete.status_code == 404
    assert SavedSearch.objects.filter(pk=other.pk).exists()


def test_api_search_and_saved_searches(client: Client) -> None:
    user = UserFactory()
    headers = {"Authorization": f"Bearer {issue_token(user, 'read:documents')}"}
    visible = DocumentFactory(subject="Đoàn công tác Đà Nẵng")
    DocumentFactory(subject="Đoàn công tác Đà Nẵng mật", classification=Clearance.SECRET)
    body = client.get(f"{API}/search", {"q": "da nang"}, headers=headers).json()
    assert body["total"] == 1
    assert [item["id"] for item in body["items"]] == [str(visible.pk)]
    assert "<mark>" in body["items"][0]["subject_html"]
    created = client.post(
        f"{API}/saved-searches",
        json.dumps({"name": "ĐN", "alert": True, "query": {"q": "da nang"}}),
        content_type="application/json",
        headers=headers,
    )
    assert created.status_code == 201, created.content
    saved_id = created.json()["id"]
    listed = client.get(f"{API}/saved-searches", headers=headers).json()
    assert [s["name"] for s in listed] == ["ĐN"]
    results = client.get(f"{API}/saved-searches/{saved_id}/results", headers=headers).json()
    assert results["total"] == 1
    other = UserFactory()
    other_headers = {"Authorization": f"Bearer {issue_token(other, 'read:documents')}"}
    assert (
        client.delete(f"{API}/saved-searches/{saved_id}", headers=other_headers).status_code == 404
    )
    assert client.delete(f"{API}/saved-searches/{saved_id}", headers=headers).status_code == 204
    assert client.get(f"{API}/search", {"q": "x"}).status_code == 401
