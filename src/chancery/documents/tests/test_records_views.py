"""Records pages, the records panel, the banner, the API, and access: a document the user
may not see answers 404 on every records route and never shows in queues or counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.service import Clearance, Role
from chancery.core.tests.factories import issue_token
from chancery.documents.actions import records
from chancery.documents.constants import RecordStatus
from chancery.documents.edxml.envelope import build_envelope
from chancery.documents.models import Declassification, Document
from chancery.documents.queries import records as queries
from chancery.documents.tests.factories_records import (
    add_file,
    archivist,
    category,
    completed_document,
    due_record,
    person,
)
from chancery.documents.tests.test_edxml_exchange import envelope

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def hidden_document() -> Document:
    """Top secret, on nobody's distribution: no test user may see it."""
    document = due_record(classification=Clearance.TOP_SECRET)
    Document.objects.filter(pk=document.pk).update(
        protection_ends=timezone.localdate() - dt.timedelta(days=3)
    )
    return document


def test_every_records_route_of_an_invisible_document_answers_404(client: Client) -> None:
    user = person(Role.ARCHIVIST, Role.UNIT_HEAD, Role.LEADER, clearance=Clearance.TOP_SECRET)
    document = hidden_document()
    document_file = add_file(document)
    client.force_login(user)
    posts = [
        "records-declare",
        "records-hold",
        "records-request-declassification",
        "records-edxml-export",
    ]
    for name in posts:
        response = client.post(reverse(f"documents:{name}", kwargs={"pk": document.pk}), {})
        assert response.status_code == 404, name
    assert (
        client.get(reverse("documents:records-copies", kwargs={"pk": document.pk})).status_code
        == 404
    )
    assert (
        client.get(
            reverse("documents:file", kwargs={"pk": document.pk, "file_pk": document_file.pk})
        ).status_code
        == 404
    )
    disposition = records.propose_disposition(None, [document])
    for name in ("records-disposition", "records-package"):
        response = client.get(reverse(f"documents:{name}", kwargs={"pk": disposition.pk}))
        assert response.status_code == 404, name
    request = Declassification.objects.create(
        document=document, from_level=3, to_level=0, reason="x", requested_by=person()
    )
    response = client.post(
        reverse("documents:records-declassification-decide", kwargs={"pk": request.pk}),
        {"decision": "approve"},
    )
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "requested"


def test_invisible_documents_never_appear_in_queues_or_counts(client: Client) -> None:
    user = archivist()
    hidden = hidden_document()
    Declassification.objects.create(
        document=hidden, from_level=3, to_level=0, reason="x", requested_by=person()
    )
    visible = due_record(unit=user.unit)
    hidden_disposition = records.propose_disposition(None, [hidden])

    assert list(queries.due_records(user)) == [visible]
    assert list(queries.review_queue(user)) == []
    assert list(queries.declassification_queue(user)) == []
    assert hidden_disposition not in queries.dispositions_visible_to(user)
    client.force_login(user)
    page = client.get(reverse("documents:records-dispositions")).content.decode()
    assert str(hidden.pk) not in page
    assert str(visible.pk) in page


def test_an_archivist_declares_from_the_document_page(client: Client) -> None:
    user = archivist()
    document = completed_document(unit=user.unit)
    ten = category("TH.10", 10)
    client.force_login(user)
    page = client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
    assert "records-heading" in page.content.decode()

    response = client.post(
        reverse("documents:records-declare", kwargs={"pk": document.pk}),
        {"category": ten.pk, "version": document.version},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.record_status == RecordStatus.RECORD


def test_a_specialist_cannot_declare_and_is_told_why(client: Client) -> None:
    user = person(Role.SPECIALIST)
    document = completed_document(unit=user.unit)
    client.force_login(user)
    response = client.post(
        reverse("documents:records-declare", kwargs={"pk": document.pk}),
        {"category": category().pk, "version": document.version},
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.record_status == RecordStatus.ACTIVE


def test_a_classified_document_page_carries_the_banner_top_and_bottom(client: Client) -> None:
    user = person(Role.SPECIALIST, clearance=Clearance.SECRET)
    document = completed_document(classification=Clearance.SECRET, unit=user.unit)
    document.distribution.set([user])
    client.force_login(user)
    page = client.get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert page.count('data-testid="classification-banner"') == 2
    assert 'role="note"' in page


def test_another_archivist_approves_a_disposition_on_its_page(client: Client) -> None:
    user = archivist()
    record = due_record(unit=user.unit)
    disposition = records.propose_disposition(archivist(), [record])
    client.force_login(user)
    url = reverse("documents:records-disposition", kwargs={"pk": disposition.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "approve", "note": "Checked"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.record_status == RecordStatus.DESTROYED


def test_the_copy_register_page_lists_copies_for_the_unit_head_only(client: Client) -> None:
    head = person(Role.UNIT_HEAD, clearance=Clearance.SECRET)
    specialist = person(Role.SPECIALIST, clearance=Clearance.SECRET, unit=head.unit)
    document = completed_document(classification=Clearance.SECRET, unit=head.unit)
    document.distribution.set([head, specialist])
    from chancery.documents.actions.copies import register_copy

    register_copy(specialist, document, "print", recipient="Embassy in Paris")
    url = reverse("documents:records-copies", kwargs={"pk": document.pk})
    client.force_login(head)
    page = client.get(url)
    assert page.status_code == 200
    assert "Embassy in Paris" in page.content.decode()
    client.force_login(specialist)
    assert client.get(url).status_code == 403


def test_the_file_plan_page_lists_retention(client: Client) -> None:
    category("04.02", 5)
    category("01.01", None)
    client.force_login(person())
    page = client.get(reverse("documents:records")).content.decode()
    assert "04.02" in page
    assert "01.01" in page


def test_the_api_declares_a_record_with_the_records_scope(client: Client) -> None:
    user = archivist()
    document = completed_document(unit=user.unit)
    category("API.1", 5)
    token = issue_token(user, "write:records", "read:documents")
    response = client.post(
        f"/api/v1/documents/records/{document.pk}/declare",
        {"category": "API.1", "version": document.version},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200, response.content
    assert response.json()["record_status"] == "record"
    again = client.post(
        f"/api/v1/documents/records/{document.pk}/declare",
        {"category": "API.1", "version": 2},
        content_type="application/json",
        **bearer(token),
    )
    assert again.status_code == 409


def test_the_api_imports_an_envelope_for_a_clerk(client: Client) -> None:
    clerk = person(Role.CLERK)
    token = issue_token(clerk, "write:documents")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("in.edxml", build_envelope(envelope()), "application/xml")
    response = client.post(
        "/api/v1/documents/records/edxml/import", {"envelope": upload}, **bearer(token)
    )
    assert response.status_code == 201, response.content
    assert Document.objects.filter(pk=response.json()["document"]).exists()
    bad = SimpleUploadedFile("bad.edxml", b"<edXML>", "application/xml")
    response = client.post(
        "/api/v1/documents/records/edxml/import", {"envelope": bad}, **bearer(token)
    )
    assert response.status_code == 422


def test_the_records_lists_stay_within_a_query_budget(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    user = archivist()
    for _ in range(8):
        records.propose_disposition(None, [due_record(unit=user.unit)])
    for _ in range(8):
        due_record(unit=user.unit)
    client.force_login(user)
    client.get(reverse("documents:records"))  # warm the session and caches
    with django_assert_max_num_queries(15):
        assert client.get(reverse("documents:records")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("documents:records-dispositions")).status_code == 200
