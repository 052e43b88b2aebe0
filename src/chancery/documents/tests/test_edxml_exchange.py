"""edXML envelopes (QCVN 102:2016): build, parse, import as incoming, export issued."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from chancery.core.service import Clearance, Role
from chancery.documents.constants import Direction, EdxmlStatus, Status
from chancery.documents.edxml.envelope import (
    Attachment,
    Envelope,
    EnvelopeInvalid,
    Organisation,
    build_envelope,
    parse_envelope,
    parse_status,
)
from chancery.documents.edxml.exchange import export_document, import_envelope
from chancery.documents.exceptions import BadFile, DuplicateDocument, NotAllowed, WrongState
from chancery.documents.models import Document, DocumentFile, ExchangeMessage
from chancery.documents.tests.factories_records import add_file, completed_document, person
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db

OURS = settings.CHANCERY_DOCUMENTS_ORGANISATION_CODE


def envelope(**overrides: object) -> Envelope:
    fields: dict[str, object] = {
        "sender": Organisation("000.00.00.H26", "Ủy ban nhân dân thành phố Hà Nội"),
        "receivers": [Organisation(OURS, "Bộ Ngoại giao")],
        "code_number": "125",
        "code_notation": "UBND-KT",
        "subject": "Về việc đón đoàn đại biểu Cộng hòa Pháp",
        "promulgation_date": dt.date(2026, 11, 20),
        "place": "Hà Nội",
        "document_type_name": "Công văn",
        "signer_name": "Nguyễn Văn A",
        "signer_position": "Phó Chủ tịch",
        "priority": 1,
        "response_date": dt.date(2026, 12, 1),
        "attachments": [
            Attachment("cong-van-125.pdf", "application/pdf", sample_letter("125/UBND-KT")),
            Attachment("phu-luc.txt", "text/plain", "Danh sách đoàn\n".encode()),
        ],
    }
    fields.update(overrides)
    return Envelope(**fields)  # type: ignore[arg-type]


def test_an_envelope_survives_a_round_trip() -> None:
    original = envelope()
    parsed = parse_envelope(build_envelope(original))
    assert parsed == original


def test_malformed_xml_is_refused_with_a_clear_message() -> None:
    with pytest.raises(EnvelopeInvalid, match="well-formed"):
        parse_envelope(b"<edXML><unclosed></edXML>")


def test_a_document_type_declaration_is_refused() -> None:
    with pytest.raises(EnvelopeInvalid):
        parse_envelope(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><edXML/>')


def test_an_envelope_without_subject_or_receiver_is_refused() -> None:
    data = (
        build_envelope(envelope())
        .replace(b"<edXML:To>", b"<edXML:Xx>")
        .replace(b"</edXML:To>", b"</edXML:Xx>")
    )
    with pytest.raises(EnvelopeInvalid, match="To"):
        parse_envelope(data)


def test_bad_base64_is_refused() -> None:
    data = build_envelope(envelope()).replace(
        b"<edXML:ContentTransferEncoded>", b"<edXML:ContentTransferEncoded>!!"
    )
    with pytest.raises(EnvelopeInvalid, match="base64"):
        parse_envelope(data)


def test_a_clerk_imports_an_envelope_as_a_received_document_with_its_files() -> None:
    clerk = person(Role.CLERK)
    sent = envelope()

    imported = import_envelope(clerk, build_envelope(sent))

    document = imported.document
    assert document.direction == Direction.INCOMING
    assert document.status == Status.RECEIVED
    assert document.unit_id == clerk.unit_id
    assert document.number_symbol == "125/UBND-KT"
    assert document.sender_code == "000.00.00.H26"
    assert document.document_date == dt.date(2026, 11, 20)
    assert document.due_date == dt.date(2026, 12, 1)
    files = list(DocumentFile.objects.filter(document=document).order_by("created_at"))
    assert [f.filename for f in files] == ["cong-van-125.pdf", "phu-luc.txt"]
    assert files[0].role == "main"
    reply = parse_status(imported.status_reply)
    assert reply.status == EdxmlStatus.RECEIVED
    assert reply.response_for_organisation == "000.00.00.H26"
    assert reply.response_for_document_id == sent.document_id
    logged = ExchangeMessage.objects.filter(document=document)
    assert sorted((m.outgoing, m.status) for m in logged) == [(False, ""), (True, "received")]


def test_importing_the_same_envelope_twice_is_refused() -> None:
    clerk = person(Role.CLERK)
    data = build_envelope(envelope())
    import_envelope(clerk, data)
    with pytest.raises(DuplicateDocument):
        import_envelope(clerk, data)


def test_an_envelope_for_another_organisation_is_refused() -> None:
    with pytest.raises(EnvelopeInvalid, match="not addressed"):
        import_envelope(
            person(Role.CLERK),
            build_envelope(envelope(receivers=[Organisation("000.00.00.G01")])),
        )


def test_only_clerks_import() -> None:
    with pytest.raises(NotAllowed):
        import_envelope(person(Role.SPECIALIST), build_envelope(envelope()))


def test_a_refused_attachment_leaves_nothing_half_written() -> None:
    bad = envelope(
        attachments=[
            Attachment("ok.txt", "text/plain", b"fine\n"),
            Attachment("tool.exe", "application/octet-stream", b"MZ\x90\x00" + b"\x00" * 60),
        ]
    )
    with pytest.raises(BadFile, match=r"tool\.exe"):
        import_envelope(person(Role.CLERK), build_envelope(bad))
    assert not Document.objects.exists()
    assert not ExchangeMessage.objects.exists()


def issued_document(clerk: object, **fields: object) -> Document:
    values: dict[str, object] = {
        "direction": Direction.OUTGOING,
        "status": Status.ISSUED,
        "unit": clerk.unit,  # type: ignore[attr-defined]
        "number_symbol": "42/BNG-LS",
        "issued_at": timezone.now(),
        "signer_name": "Lê Thị B",
    }
    return completed_document(**{**values, **fields})


def test_an_issued_document_exports_to_an_envelope_that_imports_elsewhere() -> None:
    clerk = person(Role.CLERK)
    document = issued_document(clerk)
    add_file(document, role="issued", filename="42-BNG-LS.pdf")

    data = export_document(clerk, document, to=["000.00.00.H26"])

    parsed = parse_envelope(data)
    assert parsed.sender.code == OURS
    assert [r.code for r in parsed.receivers] == ["000.00.00.H26"]
    assert (parsed.code_number, parsed.code_notation) == ("42", "BNG-LS")
    assert parsed.subject == document.subject
    assert [a.name for a in parsed.attachments] == ["42-BNG-LS.pdf"]
    assert ExchangeMessage.objects.filter(document=document, outgoing=True).count() == 1


def test_export_refuses_drafts_classified_documents_and_outsiders() -> None:
    clerk = person(Role.CLERK, clearance=Clearance.SECRET)
    with pytest.raises(WrongState):
        export_document(clerk, issued_document(clerk, status=Status.DRAFTING), to=["X.1"])
    secret = issued_document(clerk, classification=Clearance.SECRET)
    secret.distribution.set([clerk])
    with pytest.raises(WrongState):
        export_document(clerk, secret, to=["X.1"])
    with pytest.raises(NotAllowed):
        export_document(person(Role.SPECIALIST), issued_document(clerk), to=["X.1"])
    with pytest.raises(WrongState):
        export_document(clerk, issued_document(clerk), to=[])
