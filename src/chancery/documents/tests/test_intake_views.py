"""The intake pages and API: upload, pre-filled registration, return, registers and export."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance
from chancery.core.tests.factories import UserFactory, issue_token
from chancery.documents.actions.intake import Registration, Upload, receive, register_incoming
from chancery.documents.constants import Status
from chancery.documents.models import Document, DocumentFile
from chancery.documents.tasks.intake import run_extraction
from chancery.documents.tests.factories import DocumentFactory, document_type
from chancery.documents.tests.factories_intake import letter_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def clerk() -> Any:
    return UserFactory(clerk=True)


def _received(clerk: Any) -> Document:
    document = receive(clerk, [Upload("letter.pdf", letter_pdf(), "application/pdf")])
    for file_id in document.files.values_list("pk", flat=True):
        run_extraction(str(file_id))
    document.refresh_from_db()
    return document


def _registered(clerk: Any, **fields: Any) -> Document:
    """Registered by a cleared clerk of ``clerk``'s unit (so that classified ones can be)."""
    registrar = UserFactory(clerk=True, cleared=True, unit=clerk.unit)
    document = DocumentFactory(
        unit=clerk.unit, status=Status.RECEIVED, distribution=[registrar], **fields
    )
    data = Registration(
        document_type=document_type(), subject=document.subject, sender_name=document.sender_name
    )
    return register_incoming(registrar, document, data, document.version)


def test_clerk_uploads_and_lands_on_the_prefilled_registration_form(
    client: Client, clerk: Any
) -> None:
    client.force_login(clerk)
    upload = SimpleUploadedFile("letter.pdf", letter_pdf(), "application/pdf")
    response = client.post(
        reverse("documents:intake_upload"), {"received_files": [upload], "classification": 0}
    )
    document = Document.objects.get(unit=clerk.unit)
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:intake_register", args=[document.pk])
    run_extraction(str(document.files.get().pk))
    page = client.get(response["Location"]).content.decode()
    assert 'value="125/BNG-LS"' in page
    assert "consular legalisation of documents for use abroad" in page


def test_an_upload_refused_by_the_store_shows_the_reason_on_the_field(
    client: Client, clerk: Any
) -> None:
    client.force_login(clerk)
    program = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00program", "application/pdf")
    response = client.post(
        reverse("documents:intake_upload"), {"received_files": [program], "classification": 0}
    )
    assert response.status_code == 400
    assert "letter.pdf" in response.content.decode()
    assert not Document.objects.filter(unit=clerk.unit).exists()


def test_a_specialist_is_told_that_only_clerks_upload(client: Client) -> None:
    client.force_login(UserFactory())
    page = client.get(reverse("documents:intake_upload")).content.decode()
    assert "Only clerks" in page
    assert 'type="file"' not in page


def test_registering_through_the_form_gives_number_one_and_shows_it(
    client: Client, clerk: Any
) -> None:
    document = _received(clerk)
    client.force_login(clerk)
    form = {
        "document_type": "cong-van", "sender_name": "Bộ Tư pháp", "number_symbol": "125/BNG-LS",
        "document_date": "2026-03-05", "subject": "Hợp pháp hóa lãnh sự", "urgency": 1,
        "version": document.version,
    }  # fmt: skip
    response = client.post(reverse("documents:intake_register", args=[document.pk]), form)
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.number, document.urgency) == (Status.REGISTERED, 1, 1)
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Registered as no. 1" in page


def test_a_stale_form_is_refused_with_an_explanation(client: Client, clerk: Any) -> None:
    document = _received(clerk)
    client.force_login(clerk)
    form = {
        "document_type": "cong-van",
        "sender_name": "X",
        "subject": "Y",
        "urgency": 0,
        "version": 0,
    }
    response = client.post(reverse("documents:intake_register", args=[document.pk]), form)
    assert response.status_code == 400
    assert "Someone else changed" in response.content.decode()


def test_duplicate_warning_links_to_the_earlier_document(client: Client, clerk: Any) -> None:
    first = _received(clerk)
    second = _received(clerk)
    client.force_login(clerk)
    page = client.get(reverse("documents:intake_register", args=[second.pk])).content.decode()
    assert "This may be a duplicate" in page
    assert reverse("documents:detail", args=[first.pk]) in page


def test_register_form_of_someone_elses_document_answers_404_or_redirects(client: Client) -> None:
    document = DocumentFactory(status=Status.RECEIVED, classification=Clearance.SECRET)
    client.force_login(UserFactory(clerk=True, unit=document.unit))
    assert client.get(reverse("documents:intake_register", args=[document.pk])).status_code == 404


def test_clerk_returns_a_document_through_the_form(client: Client, clerk: Any) -> None:
    document = _received(clerk)
    client.force_login(clerk)
    url = reverse("documents:intake_return", args=[document.pk])
    response = client.post(url, {"reason": "Sai địa chỉ", "version": document.version})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.returned_reason) == (Status.RETURNED, "Sai địa chỉ")


def test_register_page_and_csv_list_only_the_entries_the_reader_may_see(
    client: Client, clerk: Any, django_assert_max_num_queries: Any
) -> None:
    open_doc = _registered(clerk, sender_name="Bộ Công Thương")
    _registered(clerk, classification=Clearance.SECRET, sender_name="Bộ Quốc phòng")
    for _ in range(5):
        _registered(clerk)
    client.force_login(clerk)
    url = reverse("documents:register_detail", args=[open_doc.register_id])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "Bộ Công Thương" in page
    assert "Bộ Quốc phòng" not in page
    export = client.get(reverse("documents:register_export", args=[open_doc.register_id]))
    csv_text = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Bộ Công Thương" in csv_text
    assert "Bộ Quốc phòng" not in csv_text
    assert len(csv_text.strip().splitlines()) == 1 + 6
    listing = client.get(reverse("documents:registers")).content.decode()
    assert url in listing


def test_another_units_register_answers_404(client: Client, clerk: Any) -> None:
    document = _registered(clerk)
    client.force_login(UserFactory(clerk=True))
    assert (
        client.get(reverse("documents:register_detail", args=[document.register_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("documents:register_export", args=[document.register_id])).status_code
        == 404
    )


def test_panel_polls_while_extraction_is_pending_and_stops_after(
    client: Client, clerk: Any
) -> None:
    document = receive(clerk, [Upload("letter.pdf", letter_pdf(), "application/pdf")])
    client.force_login(clerk)
    url = reverse("documents:intake_panel", args=[document.pk])
    assert 'hx-trigger="every 3s"' in client.get(url).content.decode()
    run_extraction(str(document.files.get().pk))
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "hx-trigger" not in page.split('id="intake-panel"')[1].split(">")[0]
    assert "Text extracted" in page
    assert "Not signed" in page


# API --------------------------------------------------------------------------------------


def _auth(user: Any, *scopes: str) -> Any:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, *scopes)}"}


def test_api_receive_prefill_register_and_list_the_register(client: Client, clerk: Any) -> None:
    headers = _auth(clerk, "read:documents", "write:documents")
    upload = SimpleUploadedFile("letter.pdf", letter_pdf(), "application/pdf")
    created = client.post("/api/v1/documents/intake", {"files": [upload]}, **headers)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "received"
    assert body["extraction_pending"] is True
    run_extraction(body["files"][0]["id"])
    prefill = client.get(f"/api/v1/documents/intake/{body['id']}/prefill", **headers).json()
    assert prefill["number_symbol"] == "125/BNG-LS"
    assert prefill["extraction_pending"] is False
    payload = {
        "version": prefill["version"], "document_type": "cong-van", "subject": prefill["subject"],
        "number_symbol": prefill["number_symbol"], "document_date": str(dt.date(2026, 3, 5)),
    }  # fmt: skip
    registered = client.post(
        f"/api/v1/documents/intake/{body['id']}/register",
        json.dumps(payload),
        content_type="application/json",
        **headers,
    )
    assert registered.status_code == 200, registered.content
    assert (registered.json()["status"], registered.json()["number"]) == ("registered", 1)
    stale = client.post(
        f"/api/v1/documents/intake/{body['id']}/register",
        json.dumps(payload),
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    registers = client.get("/api/v1/documents/intake/registers", **headers).json()
    assert [r["last_number"] for r in registers] == [1]
    entries = client.get(
        f"/api/v1/documents/intake/registers/{registers[0]['id']}/entries", **headers
    ).json()
    assert [e["number"] for e in entries["items"]] == [1]


def test_api_refuses_a_specialist_and_hides_invisible_documents(client: Client, clerk: Any) -> None:
    specialist = UserFactory(unit=clerk.unit)
    headers = _auth(specialist, "read:documents", "write:documents")
    upload = SimpleUploadedFile("letter.pdf", letter_pdf(), "application/pdf")
    assert (
        client.post("/api/v1/documents/intake", {"files": [upload]}, **headers).status_code == 403
    )
    secret = DocumentFactory(
        status=Status.RECEIVED, classification=Clearance.SECRET, unit=clerk.unit
    )
    clerk_headers = _auth(clerk, "read:documents", "write:documents")
    response = client.post(
        f"/api/v1/documents/intake/{secret.pk}/return",
        json.dumps({"version": 1, "reason": "x"}),
        content_type="application/json",
        **clerk_headers,
    )
    assert response.status_code == 404
    assert not DocumentFile.objects.exists()
