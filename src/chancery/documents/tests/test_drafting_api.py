"""The drafting API: a draft is created, versioned, commented, approved and issued."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chancery.core.tests.factories import issue_token
from chancery.documents.tests.factories_drafting import (  # noqa: F401
    PIN,
    Office,
    hierarchy,
    pki_dir,
    pki_port,
    signing_office,
)
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db

BASE = "/api/v1/documents/drafting"


def _as(user: Any) -> dict[str, Any]:
    token = issue_token(user, "read:documents", "write:documents")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return Client().post(BASE + path, body, content_type="application/json", **_as(user))


def test_a_draft_goes_from_creation_to_issue_through_the_api(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    created = _post(
        office.drafter,
        "/drafts",
        {
            "document_type": "cong-van",
            "subject": "Về việc tổ chức hội nghị",
            "recipients": [
                {"kind": "unit", "unit": office.mission.code},
                {"kind": "print", "agency_name": "UBND tỉnh"},
            ],
        },
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    document_id, version = draft["id"], draft["version"]
    uploaded = Client().post(
        f"{BASE}/{document_id}/versions",
        {"file": _pdf(), "version": version},
        **_as(office.drafter),
    )
    assert uploaded.status_code == 201, uploaded.content
    assert uploaded.json()["has_pdf"] is True
    version += 1
    comment = _post(office.head, f"/{document_id}/comments", {"body": "Rõ hơn", "quote": "1."})
    assert comment.status_code == 201
    submitted = _post(
        office.drafter, f"/{document_id}/submit", {"unit_head": "hoa.le", "version": version}
    )
    assert submitted.status_code == 200, submitted.content
    version = submitted.json()["version"]
    early = _post(office.drafter, f"/{document_id}/approve", {"version": version})
    assert early.status_code == 403
    approved = _post(office.head, f"/{document_id}/approve", {"version": version})
    assert approved.json()["status"] == "approved"
    version = approved.json()["version"]
    fingerprint = office.certificates["hoa.le"].fingerprint
    wrong = _post(
        office.head,
        f"/{document_id}/issue",
        {"certificate": fingerprint, "pin": "000000", "version": version},
    )
    assert wrong.status_code == 422
    issued = _post(
        office.head,
        f"/{document_id}/issue",
        {"certificate": fingerprint, "pin": PIN, "version": version},
    )
    assert issued.status_code == 200, issued.content
    assert issued.json()["number_symbol"] == "01/BNG-LS"
    recipients = Client().get(f"{BASE}/{document_id}/recipients", **_as(office.drafter)).json()
    assert [r["status"] for r in recipients] == ["pending", "pending"]


def test_the_send_back_reason_is_required(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = office.draft()
    response = _post(office.head, f"/{document.pk}/send-back", {"reason": "", "version": 1})
    assert response.status_code == 422


def _pdf() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("v1.pdf", sample_letter(number=""), content_type="application/pdf")
