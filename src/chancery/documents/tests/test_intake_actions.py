"""Receiving, registering and returning incoming documents (the actions and their refusals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from chancery.blobs.models import Blob
from chancery.core.models import AuditEntry, Notification
from chancery.core.service import Clearance, add_working_days, calendar_for_unit
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.actions.intake import (
    Registration,
    Upload,
    receive,
    register_incoming,
    return_to_sender,
)
from chancery.documents.constants import ExtractionStatus, FileRole, Status, Urgency
from chancery.documents.exceptions import BadFile, NotAllowed, StaleVersion, WrongState
from chancery.documents.models import Document, DocumentFile
from chancery.documents.queries.documents import get_document_for_user
from chancery.documents.queries.intake import duplicate_warnings, prefill_for
from chancery.documents.tasks.intake import run_extraction
from chancery.documents.tests.factories import DocumentFactory, document_type
from chancery.documents.tests.factories_intake import eml_bytes, letter_pdf, scanned_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk() -> Any:
    return UserFactory(clerk=True)


def _received(clerk: Any, data: bytes | None = None, **kwargs: Any) -> Document:
    return receive(clerk, [Upload("letter.pdf", data or letter_pdf(), "application/pdf")], **kwargs)


def _extract_all(document: Document) -> None:
    for file_id in DocumentFile.objects.filter(document=document).values_list("pk", flat=True):
        run_extraction(str(file_id))


def _registration(**overrides: object) -> Registration:
    values: dict[str, object] = {
        "document_type": document_type("cong-van"),
        "subject": "Hợp tác lãnh sự",
        "sender_name": "Ủy ban nhân dân thành phố Hải Phòng",
        "number_symbol": "125/UBND-VP",
        "document_date": dt.date(2026, 3, 5),
    }
    return Registration(**{**values, **overrides})  # type: ignore[arg-type]


# Receiving --------------------------------------------------------------------------------


def test_clerk_receives_a_pdf_into_their_unit_and_its_text_job_is_queued(clerk: Any) -> None:
    document = _received(clerk)
    assert (document.direction, document.status, document.unit_id) == (
        "in",
        "received",
        clerk.unit_id,
    )
    file = document.files.get()
    assert (file.role, file.extraction_status) == (FileRole.MAIN, ExtractionStatus.PENDING)
    assert AuditEntry.objects.filter(
        action="documents.receive", object_id=str(document.pk)
    ).exists()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT args->>'file_id' FROM procrastinate_jobs "
            "WHERE task_name = 'documents.extract_text'"
        )
        assert str(file.pk) in {row[0] for row in cursor.fetchall()}


def test_extraction_fills_the_text_and_the_form_is_prefilled_from_it(clerk: Any) -> None:
    document = _received(clerk)
    original = document.files.get().blob.address
    _extract_all(document)
    file = document.files.get()
    document.refresh_from_db()
    assert file.extraction_status == ExtractionStatus.DONE
    assert file.signature_verdict == "unsigned"
    assert "125/BNG-LS" in document.content_text
    assert document.simhash != 0
    assert file.blob.address == original  # the original is untouched
    assert prefill_for(document).number_symbol == "125/BNG-LS"
    run_extraction(str(file.pk))  # running it again changes nothing
    assert DocumentFile.objects.get(pk=file.pk).extracted_text == file.extracted_text


@pytest.mark.slow
def test_ocr_interrupted_after_a_page_resumes_at_the_next_page(clerk: Any) -> None:
    scan = scanned_pdf(["MINISTRY OF FOREIGN AFFAIRS", "Consular matters"], 2)
    document = receive(clerk, [Upload("scan.pdf", scan, "application/pdf")])
    file = document.files.get()
    # What a worker killed while OCR'ing page 2 leaves behind.
    DocumentFile.objects.filter(pk=file.pk).update(
        extraction_status=ExtractionStatus.RUNNING, ocr_pages=["PAGE ONE, READ BEFORE THE CRASH"]
    )
    run_extraction(str(file.pk))
    file.refresh_from_db()
    assert file.extraction_status == ExtractionStatus.DONE
    assert file.extracted_text.startswith("PAGE ONE, READ BEFORE THE CRASH")
    assert file.extracted_text.count("MINISTRY OF FOREIGN AFFAIRS") == 1  # page 2 only
    assert (file.page_count, file.ocr_pages) == (2, [])


def test_a_damaged_file_ends_failed_with_the_reason(clerk: Any) -> None:
    document = _received(clerk, data=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\nbroken body\n%%EOF\n")
    _extract_all(document)
    file = document.files.get()
    assert file.extraction_status == ExtractionStatus.FAILED
    assert "pdf" in file.extraction_error.lower()


def test_email_attachments_become_files_of_the_document_under_the_email(clerk: Any) -> None:
    mail = eml_bytes("Xin gửi kèm công văn.", [("cv.pdf", "application/pdf", letter_pdf())])
    document = receive(clerk, [Upload("thu.eml", mail, "message/rfc822")])
    eml, attachment = document.files.order_by("created_at")
    assert attachment.parent_id == eml.pk
    assert (attachment.filename, attachment.role) == ("cv.pdf", FileRole.ATTACHMENT)
    _extract_all(document)
    document.refresh_from_db()
    assert "Xin gửi kèm công văn" in document.content_text
    assert "125/BNG-LS" in document.content_text


def test_the_same_unclassified_file_received_twice_is_stored_once(clerk: Any) -> None:
    first = _received(clerk)
    second = _received(clerk)
    a, b = first.files.get(), second.files.get()
    assert a.blob_id == b.blob_id
    assert Blob.objects.filter(pk=a.blob_id).count() == 1
    assert a.sha256 == b.sha256


def test_a_classified_file_is_stored_encrypted_with_its_plaintext_digest(clerk: Any) -> None:
    cleared = UserFactory(clerk=True, cleared=True)
    document = _received(cleared, classification=Clearance.CONFIDENTIAL)
    file = document.files.get()
    import hashlib

    assert file.sha256 == hashlib.sha256(letter_pdf()).hexdigest()
    assert file.blob.address != file.sha256
    assert file.blob.classification == Clearance.CONFIDENTIAL


def test_only_clerks_receive_documents() -> None:
    with pytest.raises(NotAllowed):
        _received(UserFactory())


def test_a_clerk_cannot_classify_above_their_clearance(clerk: Any) -> None:
    with pytest.raises(NotAllowed):
        _received(clerk, classification=Clearance.SECRET)


def test_no_file_empty_file_and_mislabelled_file_are_refused_with_reasons(clerk: Any) -> None:
    with pytest.raises(BadFile, match="at least one"):
        receive(clerk, [])
    with pytest.raises(BadFile, match="empty"):
        receive(clerk, [Upload("a.pdf", b"")])
    with pytest.raises(BadFile, match=r"a\.pdf"):
        receive(clerk, [Upload("a.pdf", b"MZ\x90\x00 a windows program")])


@override_settings(CHANCERY_UPLOAD_MAX_BYTES=1000)
def test_a_file_over_the_upload_limit_is_refused(clerk: Any) -> None:
    with pytest.raises(BadFile, match="larger than"):
        _received(clerk)


# Registering ------------------------------------------------------------------------------


def test_registration_numbers_sets_deadline_and_acknowledges_the_same_day(clerk: Any) -> None:
    document = _received(clerk)
    registered = register_incoming(
        clerk, document, _registration(urgency=Urgency.URGENT), document.version
    )
    assert registered.status == Status.REGISTERED
    assert registered.number == 1
    assert registered.register is not None
    assert registered.register.year == timezone.localdate().year
    assert registered.version == document.version + 1
    expected = add_working_days(timezone.localdate(), 3, calendar_for_unit(registered.unit))
    assert registered.due_date == expected
    assert registered.acknowledged_at is not None
    assert timezone.localdate(registered.acknowledged_at) == timezone.localdate()
    actions = set(
        AuditEntry.objects.filter(object_id=str(document.pk)).values_list("action", flat=True)
    )
    assert {"documents.register", "documents.acknowledge"} <= actions
    second = _received(clerk)
    assert register_incoming(clerk, second, _registration(), second.version).number == 2


def test_receipt_from_another_chancery_unit_is_acknowledged_to_its_clerks(clerk: Any) -> None:
    sender = UnitFactory()
    their_clerk = UserFactory(clerk=True, unit=sender)
    their_specialist = UserFactory(unit=sender)
    document = _received(clerk)
    register_incoming(clerk, document, _registration(sender_unit=sender), document.version)
    assert Notification.objects.filter(recipient=their_clerk, kind="documents.receipt").exists()
    assert not Notification.objects.filter(recipient=their_specialist).exists()


def test_a_clerk_of_another_unit_may_not_register() -> None:
    document = DocumentFactory(status=Status.RECEIVED)
    outsider = UserFactory(clerk=True)
    with pytest.raises(NotAllowed):
        register_incoming(outsider, document, _registration(), document.version)


def test_a_specialist_of_the_unit_may_not_register(clerk: Any) -> None:
    document = _received(clerk)
    with pytest.raises(NotAllowed):
        register_incoming(UserFactory(unit=clerk.unit), document, _registration(), document.version)


def test_a_document_the_clerk_cannot_see_answers_404() -> None:
    secret = DocumentFactory(status=Status.RECEIVED, classification=Clearance.SECRET)
    clerk = UserFactory(clerk=True, unit=secret.unit)
    with pytest.raises(Http404):
        get_document_for_user(clerk, secret.pk)


def test_a_stale_version_is_refused_and_takes_no_number(clerk: Any) -> None:
    document = _received(clerk)
    with pytest.raises(StaleVersion):
        register_incoming(clerk, document, _registration(), document.version - 1)
    document.refresh_from_db()
    assert document.number is None
    assert document.register_id is None


def test_a_registered_document_cannot_be_registered_again(clerk: Any) -> None:
    document = _received(clerk)
    registered = register_incoming(clerk, document, _registration(), document.version)
    with pytest.raises(WrongState):
        register_incoming(clerk, registered, _registration(), registered.version)


def test_an_empty_abstract_is_refused(clerk: Any) -> None:
    document = _received(clerk)
    with pytest.raises(BadFile, match="abstract"):
        register_incoming(clerk, document, _registration(subject="  "), document.version)


# Returning --------------------------------------------------------------------------------


def test_clerk_returns_a_document_with_the_reason_and_the_sender_unit_is_told(
    clerk: Any,
) -> None:
    sender = UnitFactory()
    their_clerk = UserFactory(clerk=True, unit=sender)
    document = _received(clerk)
    document.sender_unit = sender
    document.save(update_fields=["sender_unit"])
    returned = return_to_sender(clerk, document, "Chữ ký số không hợp lệ", document.version)
    assert (returned.status, returned.returned_reason) == (
        Status.RETURNED,
        "Chữ ký số không hợp lệ",
    )
    assert AuditEntry.objects.filter(action="documents.return", object_id=str(document.pk)).exists()
    note = Notification.objects.get(recipient=their_clerk)
    assert "Chữ ký" not in str(note.body)  # the reason stays in the document


def test_return_refusals_reason_permission_version_state(clerk: Any) -> None:
    document = _received(clerk)
    with pytest.raises(BadFile):
        return_to_sender(clerk, document, " ", document.version)
    with pytest.raises(NotAllowed):
        return_to_sender(UserFactory(unit=clerk.unit), document, "x", document.version)
    with pytest.raises(StaleVersion):
        return_to_sender(clerk, document, "x", document.version + 5)
    returned = return_to_sender(clerk, document, "x", document.version)
    with pytest.raises(WrongState):
        return_to_sender(clerk, returned, "again", returned.version)


# Duplicate warnings -----------------------------------------------------------------------


def test_the_same_file_again_is_flagged_with_a_link_to_the_first(clerk: Any) -> None:
    first = _received(clerk)
    second = _received(clerk)
    warnings = duplicate_warnings(clerk, second)
    assert [w.document.pk for w in warnings] == [first.pk]
    assert "same file" in str(warnings[0].reason)


def test_same_sender_number_and_date_is_flagged(clerk: Any) -> None:
    earlier = DocumentFactory(
        unit=clerk.unit, number_symbol="125/UBND-VP", document_date=dt.date(2026, 3, 5)
    )
    document = _received(clerk)
    warnings = duplicate_warnings(
        clerk, document, sender_name=earlier.sender_name, number_symbol="125/ubnd-vp",
        document_date=dt.date(2026, 3, 5),
    )  # fmt: skip
    assert [w.document.pk for w in warnings] == [earlier.pk]


def test_near_identical_text_and_similar_abstract_are_flagged(clerk: Any) -> None:
    from chancery.documents.extraction.fingerprint import simhash

    text = " ".join(f"Đoạn {n} của công văn về hợp tác lãnh sự." for n in range(40))
    near = DocumentFactory(
        unit=clerk.unit, simhash=simhash(text.replace("Đoạn 7 của", "Đoạn bảy của"))
    )
    alike = DocumentFactory(
        unit=clerk.unit, subject="Đề nghị cấp thị thực cho đoàn công tác Bộ Tư pháp"
    )
    DocumentFactory(unit=clerk.unit, simhash=simhash("completely different text " * 20))
    document = _received(clerk)
    document.simhash = simhash(text)
    document.save(update_fields=["simhash"])
    warnings = duplicate_warnings(
        clerk, document, subject="Đề nghị cấp thị thực cho đoàn công tác của Bộ Tư pháp"
    )
    assert {w.document.pk for w in warnings} == {near.pk, alike.pk}


def test_warnings_never_point_at_documents_the_clerk_cannot_see(clerk: Any) -> None:
    DocumentFactory(
        unit=clerk.unit,
        classification=Clearance.SECRET,
        number_symbol="9/X-Y",
        document_date=dt.date(2026, 1, 1),
    )
    document = _received(clerk)
    warnings = duplicate_warnings(
        clerk,
        document,
        sender_name="Ủy ban nhân dân thành phố Hải Phòng",
        number_symbol="9/X-Y",
        document_date=dt.date(2026, 1, 1),
    )
    assert warnings == []
