"""Declaring records, legal holds, disposition (destroy and transfer), declassification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from chancery.blobs import service as blobs
from chancery.core.models import AuditEntry
from chancery.core.service import Clearance, Role
from chancery.documents.actions import records
from chancery.documents.actions.common import ensure_not_record
from chancery.documents.constants import DeclassificationStatus, RecordStatus, Status
from chancery.documents.exceptions import (
    DocumentError,
    NotAllowed,
    RecordImmutable,
    StaleVersion,
    WrongState,
)
from chancery.documents.models import Disposition, Document, DocumentFile
from chancery.documents.tests.factories_records import (
    add_file,
    archivist,
    category,
    completed_document,
    due_record,
    person,
)

pytestmark = pytest.mark.django_db


def audited(action: str, document: Document) -> bool:
    return AuditEntry.objects.filter(action=action, object_id=str(document.pk)).exists()


# Declaring ------------------------------------------------------------------------------


def test_archivist_declares_a_completed_document_a_record_retained_from_its_completion() -> None:
    document = completed_document(completed_at=timezone.make_aware(dt.datetime(2026, 3, 2)))
    ten_years = category("TH.05", 10)

    record = records.declare_record(archivist(), document, category=ten_years, version=1)

    assert record.record_status == RecordStatus.RECORD
    assert record.file_plan == ten_years
    assert record.retain_until == dt.date(2036, 3, 2)
    assert record.version == 2
    assert audited("documents.record_declared", record)


def test_a_permanent_record_is_due_for_transfer_ten_years_after_completion() -> None:
    document = completed_document(completed_at=timezone.make_aware(dt.datetime(2024, 2, 29)))
    record = records.declare_record(archivist(), document, category=category("DU.01", None))
    assert record.retain_until == dt.date(2034, 2, 28)


def test_only_archivists_declare_records() -> None:
    document = completed_document()
    with pytest.raises(NotAllowed):
        records.declare_record(person(Role.UNIT_HEAD), document, category=category())


def test_a_document_still_being_handled_cannot_become_a_record() -> None:
    document = completed_document(status=Status.ASSIGNED)
    with pytest.raises(WrongState):
        records.declare_record(archivist(), document, category=category())


def test_declaring_with_a_stale_version_is_refused() -> None:
    document = completed_document()
    with pytest.raises(StaleVersion):
        records.declare_record(archivist(), document, category=category(), version=7)


def test_a_record_refuses_any_further_change() -> None:
    record = records.declare_record(archivist(), completed_document(), category=category())
    with pytest.raises(RecordImmutable):
        ensure_not_record(record)
    with pytest.raises(WrongState):
        records.declare_record(archivist(), record, category=category("X.2"))


def test_a_record_refuses_comments_and_registration_through_the_other_areas() -> None:
    from chancery.documents.actions import handling, intake

    record = records.declare_record(archivist(), completed_document(), category=category())
    with pytest.raises(RecordImmutable):
        handling.add_comment(person(Role.LEADER), record, "Một ý kiến muộn")
    record.refresh_from_db()
    with pytest.raises(RecordImmutable):
        intake.return_to_sender(person(Role.CLERK), record, "Trả lại", record.version)


def test_an_inactive_category_is_refused() -> None:
    old = category("OLD.1")
    old.active = False
    old.save()
    with pytest.raises(WrongState):
        records.declare_record(archivist(), completed_document(), category=old)


# Legal hold -----------------------------------------------------------------------------


def test_legal_hold_needs_a_reason_and_is_audited() -> None:
    record = due_record()
    with pytest.raises(DocumentError):
        records.set_legal_hold(archivist(), record, hold=True, reason="  ")

    held = records.set_legal_hold(archivist(), record, hold=True, reason="Court order 12/2026")

    assert held.legal_hold
    entry = AuditEntry.objects.get(action="documents.legal_hold_on", object_id=str(record.pk))
    assert entry.data["reason"] == "Court order 12/2026"


def test_only_archivists_put_a_hold() -> None:
    with pytest.raises(NotAllowed):
        records.set_legal_hold(person(Role.LEADER), due_record(), hold=True, reason="x")


def test_a_held_record_is_never_proposed_for_disposition() -> None:
    held = due_record()
    records.set_legal_hold(archivist(), held, hold=True, reason="Inquiry")
    free = due_record()

    assert list(records.due_for_disposition()) == [free]
    with pytest.raises(WrongState):
        records.propose_disposition(archivist(), [held])


def test_a_hold_placed_after_the_proposal_blocks_the_approval() -> None:
    record = due_record()
    disposition = records.propose_disposition(None, [record])
    records.set_legal_hold(archivist(), record, hold=True, reason="Late inquiry")

    with pytest.raises(records.LegalHoldActive):
        records.decide_disposition(archivist(), disposition, approve=True)
    record.refresh_from_db()
    assert record.record_status == RecordStatus.PENDING_DISPOSITION


# Disposition ----------------------------------------------------------------------------


def test_approver_must_not_be_the_proposer() -> None:
    proposer = archivist()
    disposition = records.propose_disposition(proposer, [due_record()])
    with pytest.raises(records.SameApprover):
        records.decide_disposition(proposer, disposition, approve=True)


def test_only_archivists_propose_and_decide() -> None:
    record = due_record()
    with pytest.raises(NotAllowed):
        records.propose_disposition(person(Role.UNIT_HEAD), [record])
    disposition = records.propose_disposition(None, [record])
    with pytest.raises(NotAllowed):
        records.decide_disposition(person(Role.LEADER), disposition, approve=True)


def test_a_record_not_yet_due_cannot_be_proposed() -> None:
    record = records.declare_record(archivist(), completed_document(), category=category())
    with pytest.raises(WrongState):
        records.propose_disposition(archivist(), [record])


def test_destruction_removes_the_files_and_keeps_a_tombstone() -> None:
    record = due_record()
    document_file = add_file(record)
    address = document_file.blob.address
    disposition = records.propose_disposition(None, [record])
    assert disposition.action == Disposition.Action.DESTROY

    done = records.decide_disposition(archivist(), disposition, approve=True)

    assert done.state == Disposition.State.DONE
    tombstone = Document.objects.get(pk=record.pk)
    assert tombstone.record_status == RecordStatus.DESTROYED
    assert tombstone.subject == record.subject
    assert not DocumentFile.objects.filter(document=record).exists()
    assert not blobs.BlobRef.objects.filter(blob__address=address).exists()
    entry = AuditEntry.objects.get(action="documents.record_destroyed", object_id=str(record.pk))
    assert entry.data["files"][0]["sha256"] == document_file.sha256


def test_rejection_puts_the_records_back() -> None:
    record = due_record()
    disposition = records.propose_disposition(None, [record])
    rejected = records.decide_disposition(archivist(), disposition, approve=False, note="Keep")
    record.refresh_from_db()
    assert rejected.state == Disposition.State.REJECTED
    assert record.record_status == RecordStatus.RECORD
    with pytest.raises(WrongState):
        records.decide_disposition(archivist(), disposition, approve=True)


def test_transfer_builds_a_verifiable_archive_package() -> None:
    from chancery.documents.archive.package import verify_package

    record = due_record(file_plan=category("P.01", None))
    add_file(record)
    disposition = records.propose_disposition(None, [record])
    assert disposition.action == Disposition.Action.TRANSFER

    done = records.decide_disposition(archivist(), disposition, approve=True)

    assert done.package is not None
    with blobs.open_blob(done.package.address, actor=None) as reader:
        verified = verify_package(reader.read())
    assert verified.manifest["documents"][0]["id"] == str(record.pk)
    record.refresh_from_db()
    assert record.record_status == RecordStatus.TRANSFERRED


# Declassification -----------------------------------------------------------------------


def secret_document_with_pdf() -> tuple[Document, DocumentFile]:
    document = completed_document(classification=Clearance.SECRET)
    return document, add_file(document)


def test_declassification_reencrypts_the_files_at_the_new_level() -> None:
    requester = person(Role.LEADER, clearance=Clearance.TOP_SECRET)
    approver = archivist()
    document, document_file = secret_document_with_pdf()
    document.distribution.set([requester, approver])
    old_address = document_file.blob.address
    with blobs.open_blob(old_address, actor=None) as reader:
        plaintext = reader.read()

    request = records.request_declassification(
        requester, document, to_level=Clearance.UNCLASSIFIED, reason="Published in 2026"
    )
    decided = records.decide_declassification(approver, request, approve=True)

    assert decided.status == DeclassificationStatus.APPROVED
    document.refresh_from_db()
    document_file.refresh_from_db()
    assert document.classification == Clearance.UNCLASSIFIED
    assert document_file.blob.classification == Clearance.UNCLASSIFIED
    assert document_file.blob.address != old_address
    with blobs.open_blob(document_file.blob.address, actor=None) as reader:
        assert reader.read() == plaintext
    assert audited("documents.declassification_approved", document)


def test_the_requester_cannot_approve_their_own_declassification() -> None:
    leader = person(Role.LEADER, clearance=Clearance.TOP_SECRET)
    document, _file = secret_document_with_pdf()
    document.distribution.set([leader])
    request = records.request_declassification(leader, document, to_level=1, reason="Old")
    with pytest.raises(records.SameApprover):
        records.decide_declassification(leader, request, approve=True)


def test_declassification_refuses_a_higher_level_and_a_second_request() -> None:
    leader = person(Role.LEADER, clearance=Clearance.TOP_SECRET)
    document, _file = secret_document_with_pdf()
    document.distribution.set([leader])
    with pytest.raises(WrongState):
        records.request_declassification(leader, document, to_level=3, reason="Up")
    records.request_declassification(leader, document, to_level=1, reason="Down")
    with pytest.raises(WrongState):
        records.request_declassification(leader, document, to_level=0, reason="Again")


def test_a_specialist_neither_requests_nor_approves() -> None:
    specialist = person(Role.SPECIALIST, clearance=Clearance.TOP_SECRET)
    leader = person(Role.LEADER, clearance=Clearance.TOP_SECRET)
    document, _file = secret_document_with_pdf()
    document.distribution.set([specialist, leader])
    with pytest.raises(NotAllowed):
        records.request_declassification(specialist, document, to_level=0, reason="x")
    request = records.request_declassification(leader, document, to_level=0, reason="x")
    with pytest.raises(NotAllowed):
        records.decide_declassification(specialist, request, approve=True)


def test_refusal_leaves_the_classification_unchanged() -> None:
    leader = person(Role.LEADER, clearance=Clearance.TOP_SECRET)
    other = archivist()
    document, _file = secret_document_with_pdf()
    document.distribution.set([leader, other])
    request = records.request_declassification(leader, document, to_level=0, reason="x")
    records.decide_declassification(other, request, approve=False, note="Still sensitive")
    document.refresh_from_db()
    assert document.classification == Clearance.SECRET
