"""Issuing: the number is allocated at the moment of signing, the signed PDF validates, a
failed signature consumes no number and a wrong PIN still counts; dispatch per recipient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from chancery.blobs import service as blobs
from chancery.core.models import AuditEntry, Notification
from chancery.documents.actions import drafting
from chancery.documents.actions.drafting import RecipientSpec
from chancery.documents.actions.issuing import SigningFailed, issue_document
from chancery.documents.constants import DispatchStatus, FileRole, RecipientKind, Status
from chancery.documents.dispatch import deliver
from chancery.documents.exceptions import NotAllowed, WrongState
from chancery.documents.models import Document, Register
from chancery.documents.queries.documents import documents_visible_to
from chancery.documents.tests.factories_drafting import (  # noqa: F401
    PIN,
    SEAL_PIN,
    Office,
    hierarchy,
    pki_dir,
    pki_port,
    signing_office,
)
from chancery.signing import service as signing
from chancery.signing.models import Certificate

pytestmark = pytest.mark.django_db


def approved(office: Office, *, leader: bool = True, **draft: Any) -> Document:
    document = office.draft(**draft)
    drafting.submit_for_approval(
        office.drafter,
        document,
        unit_head=office.head,
        leader=office.leader if leader else None,
        version=document.version,
    )
    document.refresh_from_db()
    drafting.approve(office.head, document, version=document.version)
    if leader:
        document.refresh_from_db()
        drafting.approve(office.leader, document, version=document.version)
    document.refresh_from_db()
    return document


def issue(office: Office, document: Document, **overrides: Any) -> Document:
    values: dict[str, Any] = {
        "certificate": office.certificates["minh.tran"],
        "pin": PIN,
        "seal_certificate": office.certificates["seal"],
        "seal_pin": SEAL_PIN,
    }
    values.update(overrides)
    return issue_document(office.leader, document, **values)


def dispatch_jobs() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args->>'recipient_id' FROM procrastinate_jobs "
            "WHERE task_name = 'documents.dispatch_recipient' ORDER BY id"
        )
        return [int(row[0]) for row in cursor.fetchall()]


def signed_bytes(document: Document) -> bytes:
    issued = document.files.get(role=FileRole.ISSUED)
    with blobs.open_blob(issued.blob.address, actor=None) as reader:
        return reader.read()


def test_the_leader_issues_numbered_signed_and_sealed(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = approved(office)
    issued = issue(office, document)
    assert issued.status == Status.ISSUED
    assert (issued.number, issued.number_symbol) == (1, "01/BNG-LS")
    assert issued.register == Register.objects.get(unit=office.unit, direction="out")
    assert issued.issued_at is not None
    assert issued.document_date is not None
    record = issued.signed_document
    assert record is not None
    assert record.public_number == "01/BNG-LS"
    assert record.public_title == document.subject
    report = signing.validate(signed_bytes(issued))
    assert len(report.signatures) == 2
    assert report.verdict == "valid"
    assert dispatch_jobs() == list(issued.recipients.values_list("pk", flat=True))
    entry = AuditEntry.objects.get(action="documents.issued")
    assert entry.data["number_symbol"] == "01/BNG-LS"
    assert entry.data["sealed"] is True


def test_a_chain_without_leader_is_issued_by_the_unit_head(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = approved(office, leader=False)
    issued = issue_document(
        office.head, document, certificate=office.certificates["hoa.le"], pin=PIN
    )
    assert issued.number_symbol == "01/BNG-LS"
    assert len(signing.validate(signed_bytes(issued)).signatures) == 1


def test_only_the_last_approver_issues(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = approved(office)
    with pytest.raises(NotAllowed):
        issue_document(office.head, document, certificate=office.certificates["hoa.le"], pin=PIN)
    assert not Register.objects.filter(unit=office.unit).exists()


def test_a_document_not_yet_approved_is_not_issued(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = office.draft()
    drafting.submit_for_approval(
        office.drafter,
        document,
        unit_head=office.head,
        leader=office.leader,
        version=document.version,
    )
    document.refresh_from_db()
    with pytest.raises(WrongState):
        issue(office, document)


def test_issuing_twice_is_refused(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = issue(signing_office, approved(signing_office))
    with pytest.raises(WrongState):
        issue(office, document)
    assert Register.objects.get(unit=office.unit).last_number == 1


@pytest.mark.django_db(transaction=True)
def test_a_wrong_pin_consumes_no_number_and_still_counts(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = approved(office)
    with pytest.raises(SigningFailed):
        issue(office, document, pin="000000")
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert document.number is None
    assert Certificate.objects.get(pk=office.certificates["minh.tran"].pk).pin_failures == 1
    assert not signing.SignedDocument.objects.exists()
    assert dispatch_jobs() == []
    assert issue(office, document).number == 1


@pytest.mark.django_db(transaction=True)
def test_a_wrong_seal_pin_counts_on_the_seal_and_leaves_nothing_signed(
    signing_office: Office,  # noqa: F811
) -> None:
    office = signing_office
    document = approved(office)
    with pytest.raises(SigningFailed):
        issue(office, document, seal_pin="111111")
    assert Certificate.objects.get(pk=office.certificates["seal"].pk).pin_failures == 1
    assert Certificate.objects.get(pk=office.certificates["minh.tran"].pk).pin_failures == 0
    assert not signing.SignedDocument.objects.exists()
    assert issue(office, document).number == 1


# Dispatch -------------------------------------------------------------------------------------


def test_internal_delivery_lands_in_the_recipient_units_incoming_queue(
    signing_office: Office,  # noqa: F811
) -> None:
    office = signing_office
    document = issue(office, approved(office))
    recipient = document.recipients.get()
    deliver(recipient.pk)
    deliver(recipient.pk)  # a retry after success changes nothing
    recipient.refresh_from_db()
    incoming = recipient.delivered_as
    assert recipient.status == DispatchStatus.SENT
    assert recipient.channel == "internal"
    assert incoming is not None
    assert incoming.direction == "in"
    assert incoming.status == Status.RECEIVED
    assert incoming.unit == office.mission
    assert incoming.sender_unit == office.unit
    assert incoming.number_symbol == "01/BNG-LS"
    main = incoming.files.get(role=FileRole.MAIN)
    assert main.blob == document.files.get(role=FileRole.ISSUED).blob
    assert Document.objects.filter(direction="in", unit=office.mission).count() == 1
    assert documents_visible_to(office.clerk).filter(pk=incoming.pk).exists()
    assert Notification.objects.filter(recipient=office.clerk, kind="documents.received").exists()


def test_other_agencies_get_an_export_package(signing_office: Office, settings: Any) -> None:  # noqa: F811
    office = signing_office
    document = issue(
        office,
        approved(
            office,
            recipients=[
                RecipientSpec(
                    kind=RecipientKind.AGENCY, agency_name="Bộ Tư pháp", agency_code="G04"
                )
            ],
        ),
    )
    recipient = document.recipients.get()
    deliver(recipient.pk)
    recipient.refresh_from_db()
    package = Path(recipient.reference)
    assert recipient.status == DispatchStatus.SENT
    assert package.parent == Path(settings.CHANCERY_DOCUMENTS_EXPORT_DIR)
    meta = json.loads((package / "metadata.json").read_text(encoding="utf-8"))
    assert meta["number_symbol"] == "01/BNG-LS"
    assert meta["recipient"]["code"] == "G04"
    assert (package / "document.pdf").read_bytes() == signed_bytes(document)
    # The edXML envelope beside it carries the same signed PDF and the number/symbol.
    from chancery.documents.edxml.envelope import parse_envelope

    envelope = parse_envelope((package / "envelope.edxml").read_bytes())
    assert envelope.attachments[0].data == signed_bytes(document)
    assert f"{envelope.code_number}/{envelope.code_notation}" == document.number_symbol


def test_a_printed_copy_gets_a_cover_sheet(signing_office: Office) -> None:  # noqa: F811
    office = signing_office
    document = issue(
        office,
        approved(office, recipients=[RecipientSpec(kind=RecipientKind.PRINT, agency_name="UBND")]),
    )
    recipient = document.recipients.get()
    deliver(recipient.pk)
    recipient.refresh_from_db()
    sheet = document.files.get(pk=recipient.reference)
    with blobs.open_blob(sheet.blob.address, actor=None) as reader:
        data = reader.read()
    assert data.startswith(b"%PDF")
    assert b"01/BNG-LS" in data


def test_a_failed_dispatch_is_recorded_and_raised_for_retry(
    signing_office: Office,  # noqa: F811
    settings: Any,
    tmp_path: Path,
) -> None:
    office = signing_office
    document = issue(
        office,
        approved(office, recipients=[RecipientSpec(kind=RecipientKind.AGENCY, agency_name="X")]),
    )
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.CHANCERY_DOCUMENTS_EXPORT_DIR = blocker
    recipient = document.recipients.get()
    with pytest.raises(FileExistsError):
        deliver(recipient.pk)
    recipient.refresh_from_db()
    assert recipient.status == DispatchStatus.FAILED
    assert recipient.attempts == 1
    assert recipient.error


def test_a_draft_is_never_dispatched(signing_office: Office) -> None:  # noqa: F811
    document = signing_office.draft()
    recipient = document.recipients.get()
    deliver(recipient.pk)
    recipient.refresh_from_db()
    assert recipient.status == DispatchStatus.FAILED
    assert recipient.delivered_as is None


def test_someone_elses_certificate_is_refused_and_consumes_no_number(
    signing_office: Office,  # noqa: F811
) -> None:
    office = signing_office
    document = approved(office)
    with pytest.raises(SigningFailed):
        issue(office, document, certificate=office.certificates["hoa.le"])
    document.refresh_from_db()
    assert document.number is None
    assert not Register.objects.filter(unit=office.unit, last_number__gt=0).exists()
