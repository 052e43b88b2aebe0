"""The new-draft page and the drafting section of the document page: what each person sees
and may post, refusals shown on the page, and the issue form signing with a PIN."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.documents.actions import drafting
from chancery.documents.constants import Status
from chancery.documents.models import Document, DocumentType
from chancery.documents.tests.factories_drafting import (  # noqa: F401
    PIN,
    Office,
    hierarchy,
    office,
    pki_dir,
    pki_port,
    signing_office,
)
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def detail(document: Document) -> str:
    return reverse("documents:detail", kwargs={"pk": document.pk})


def test_a_specialist_creates_a_draft_with_its_first_version_from_the_page(
    office: Office,  # noqa: F811
) -> None:
    client = client_for(office.drafter)
    assert client.get(reverse("documents:draft-new")).status_code == 200
    upload = sample_letter(number="")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("documents:draft-new"),
        {
            "document_type": DocumentType.objects.get(code="cong-van").pk,
            "subject": "Về việc cấp thị thực",
            "urgency": 1,
            "classification": 0,
            "units": [office.mission.pk],
            "agencies": "Bộ Công an; G10",
            "printed": "",
            "file": SimpleUploadedFile("du-thao.pdf", upload, content_type="application/pdf"),
        },
    )
    document = Document.objects.get(subject="Về việc cấp thị thực")
    assert response.status_code == 302
    assert response["Location"] == detail(document)
    assert document.draft_versions.count() == 1
    assert sorted(r.kind for r in document.recipients.all()) == ["agency", "unit"]


def test_a_draft_without_recipients_is_refused_on_the_page(office: Office) -> None:  # noqa: F811
    response = client_for(office.drafter).post(
        reverse("documents:draft-new"),
        {
            "document_type": DocumentType.objects.get(code="cong-van").pk,
            "subject": "x",
            "urgency": 0,
            "classification": 0,
        },
    )
    assert response.status_code == 400
    assert "Add at least one recipient." in response.content.decode()


def test_clerks_are_refused_the_new_draft_page(office: Office) -> None:  # noqa: F811
    assert client_for(office.clerk).get(reverse("documents:draft-new")).status_code == 403


def test_the_panel_offers_each_person_their_own_step(office: Office) -> None:  # noqa: F811
    document = office.draft()
    page = client_for(office.drafter).get(detail(document)).content.decode()
    assert reverse("documents:draft-submit", kwargs={"pk": document.pk}) in page
    assert reverse("documents:draft-version", kwargs={"pk": document.pk}) in page
    drafting.submit_for_approval(
        office.drafter,
        document,
        unit_head=office.head,
        leader=office.leader,
        version=document.version,
    )
    head_page = client_for(office.head).get(detail(document)).content.decode()
    assert reverse("documents:draft-approve", kwargs={"pk": document.pk}) in head_page
    leader_page = client_for(office.leader).get(detail(document)).content.decode()
    assert reverse("documents:draft-approve", kwargs={"pk": document.pk}) not in leader_page


def test_approving_and_sending_back_through_the_page(office: Office) -> None:  # noqa: F811
    document = office.draft()
    drafting.submit_for_approval(
        office.drafter,
        document,
        unit_head=office.head,
        leader=office.leader,
        version=document.version,
    )
    document.refresh_from_db()
    url = reverse("documents:draft-approve", kwargs={"pk": document.pk})
    refused = client_for(office.leader).post(url, {"approve-version": document.version})
    assert refused.status_code == 403
    assert "not waiting for your decision" in refused.content.decode()
    done = client_for(office.head).post(url, {"approve-version": document.version})
    assert done.status_code == 302
    document.refresh_from_db()
    back = reverse("documents:draft-send-back", kwargs={"pk": document.pk})
    empty = client_for(office.leader).post(back, {"send_back-version": document.version})
    assert empty.status_code == 400
    client_for(office.leader).post(
        back, {"send_back-version": document.version, "send_back-reason": "Sai thể thức"}
    )
    document.refresh_from_db()
    assert document.status == Status.DRAFTING
    page = client_for(office.drafter).get(detail(document)).content.decode()
    assert "Sai thể thức" in page


def test_a_stale_form_is_answered_409(office: Office) -> None:  # noqa: F811
    document = office.draft()
    response = client_for(office.drafter).post(
        reverse("documents:draft-comment", kwargs={"pk": document.pk}),
        {"comment-version": 1, "comment-body": "x"},
    )
    # Comments do not change the document: no version check, the comment is added.
    assert response.status_code == 302
    stale = client_for(office.drafter).post(
        reverse("documents:draft-submit", kwargs={"pk": document.pk}),
        {"submit-version": 1, "submit-unit_head": office.head.pk},
    )
    assert stale.status_code == 409


def test_the_signer_issues_from_the_page_with_a_pin(signing_office: Office) -> None:  # noqa: F811
    office = signing_office  # noqa: F811
    document = office.draft()
    drafting.submit_for_approval(
        office.drafter, document, unit_head=office.head, version=document.version
    )
    document.refresh_from_db()
    drafting.approve(office.head, document, version=document.version)
    document.refresh_from_db()
    client = client_for(office.head)
    url = reverse("documents:draft-issue", kwargs={"pk": document.pk})
    certificate = office.certificates["hoa.le"].pk
    wrong = client.post(
        url, {"issue-version": document.version, "issue-certificate": certificate, "issue-pin": "0"}
    )
    assert wrong.status_code == 422
    issued = client.post(
        url, {"issue-version": document.version, "issue-certificate": certificate, "issue-pin": PIN}
    )
    assert issued.status_code == 302
    document.refresh_from_db()
    assert document.number_symbol == "01/BNG-LS"
    page = client.get(detail(document)).content.decode()
    assert "01/BNG-LS" in page
    assert 'data-status="pending"' in page  # the dispatch job has not run in this test
