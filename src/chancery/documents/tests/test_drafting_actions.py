"""Drafts, versions, review comments, consultation and the approval chain."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from chancery.core.models import AuditEntry, Notification
from chancery.core.service import Clearance
from chancery.documents.actions import drafting
from chancery.documents.actions.drafting import RecipientSpec
from chancery.documents.constants import ApprovalStage, Decision, RecipientKind, Status
from chancery.documents.exceptions import BadFile, NotAllowed, StaleVersion, WrongState
from chancery.documents.models import ApprovalStep, DocumentType
from chancery.documents.queries.documents import documents_visible_to
from chancery.documents.tests.factories import DocumentFactory
from chancery.documents.tests.factories_drafting import Office, office  # noqa: F401
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db


def minimal_docx(text: str = "Dự thảo công văn") -> bytes:
    """A Word document of one paragraph, written by hand (no python-docx here)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def submitted(office: Office, *, leader: bool = True):  # type: ignore[no-untyped-def]  # noqa: F811
    document = office.draft()
    drafting.submit_for_approval(
        office.drafter,
        document,
        unit_head=office.head,
        leader=office.leader if leader else None,
        version=document.version,
    )
    document.refresh_from_db()
    return document


# Drafts ---------------------------------------------------------------------------------------


def test_specialist_starts_an_outgoing_draft_without_a_number(office: Office) -> None:  # noqa: F811
    document = office.draft()
    assert document.direction == "out"
    assert document.status == Status.DRAFTING
    assert document.unit == office.unit
    assert (document.number, document.number_symbol, document.register) == (None, "", None)
    assert [r.unit for r in document.recipients.all()] == [office.mission]
    assert AuditEntry.objects.filter(action="documents.draft_created").exists()


def test_a_draft_may_answer_an_incoming_document_its_drafter_sees(office: Office) -> None:  # noqa: F811
    incoming = DocumentFactory(unit=office.unit, assigned_units=[office.unit])
    document = office.draft(in_reply_to=incoming)
    assert document.in_reply_to == incoming


def test_a_reply_to_an_unseen_document_is_refused(office: Office) -> None:  # noqa: F811
    hidden = DocumentFactory(classification=Clearance.SECRET)
    with pytest.raises(drafting.InvalidDraft):
        office.draft(in_reply_to=hidden)


def test_clerks_do_not_draft(office: Office) -> None:  # noqa: F811
    with pytest.raises(NotAllowed):
        drafting.create_draft(
            office.clerk, document_type=DocumentType.objects.get(code="cong-van"), subject="x"
        )


def test_a_draft_needs_an_abstract_and_no_level_above_the_drafter(office: Office) -> None:  # noqa: F811
    letter = DocumentType.objects.get(code="cong-van")
    with pytest.raises(drafting.InvalidDraft):
        drafting.create_draft(office.drafter, document_type=letter, subject="  ")
    with pytest.raises(NotAllowed):
        drafting.create_draft(
            office.drafter, document_type=letter, subject="x", classification=Clearance.SECRET
        )


def test_a_unit_recipient_needs_its_unit(office: Office) -> None:  # noqa: F811
    with pytest.raises(drafting.InvalidDraft):
        office.draft(recipients=[RecipientSpec(kind=RecipientKind.UNIT)])


def test_drafter_replaces_the_recipients(office: Office) -> None:  # noqa: F811
    document = office.draft()
    drafting.set_recipients(
        office.drafter,
        document,
        [RecipientSpec(kind=RecipientKind.AGENCY, agency_name="Bộ Tư pháp", agency_code="G01")],
        version=document.version,
    )
    assert [r.agency_name for r in document.recipients.all()] == ["Bộ Tư pháp"]


# Versions -------------------------------------------------------------------------------------


def test_each_upload_is_a_new_version_and_a_pdf_is_its_own_pdf_for_signing(
    office: Office,  # noqa: F811
) -> None:
    document = office.draft()
    second = drafting.upload_version(
        office.drafter,
        document,
        data=sample_letter(number="", pages=1),
        filename="v2.pdf",
        note="Sửa đoạn 2",
        version=document.version,
    )
    assert second.number == 2
    assert second.pdf == second.file
    assert second.file.role == "draft"
    assert [v.number for v in document.draft_versions.all()] == [1, 2]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_word_draft_is_rendered_to_the_pdf_that_will_be_signed(office: Office) -> None:  # noqa: F811
    document = office.draft()
    version = drafting.upload_version(
        office.drafter,
        document,
        data=minimal_docx(),
        filename="du-thao.docx",
        version=document.version,
    )
    assert version.file.filename == "du-thao.docx"
    assert version.pdf is not None
    assert version.pdf.filename == "du-thao.pdf"
    assert version.pdf.content_type == "application/pdf"


def test_other_file_types_are_refused(office: Office) -> None:  # noqa: F811
    document = office.draft()
    with pytest.raises(BadFile):
        drafting.upload_version(
            office.drafter, document, data=b"hello", filename="notes.txt", version=document.version
        )


def test_a_pdf_that_is_not_a_pdf_is_refused(office: Office) -> None:  # noqa: F811
    document = office.draft()
    with pytest.raises(BadFile):
        drafting.upload_version(
            office.drafter, document, data=b"MZ\x90\x00", filename="x.pdf", version=document.version
        )


def test_a_stale_form_is_refused(office: Office) -> None:  # noqa: F811
    document = office.draft()
    with pytest.raises(StaleVersion):
        drafting.upload_version(
            office.drafter, document, data=sample_letter(), filename="x.pdf", version=1
        )


def test_only_the_drafter_or_their_head_uploads(office: Office) -> None:  # noqa: F811
    document = office.draft()
    document.distribution.add(office.outsider)
    with pytest.raises(NotAllowed):
        drafting.upload_version(
            office.outsider,
            document,
            data=sample_letter(),
            filename="x.pdf",
            version=document.version,
        )
    head_version = drafting.upload_version(
        office.head, document, data=sample_letter(), filename="x.pdf", version=document.version
    )
    assert head_version.number == 2


# Comments and consultation --------------------------------------------------------------------


def test_reviewers_comment_on_a_passage_and_the_drafter_resolves(office: Office) -> None:  # noqa: F811
    document = submitted(office)
    comment = drafting.add_comment(
        office.head, document, quote="đoạn 2", body="Viết lại cho rõ.", version=None
    )
    assert comment.version.number == 1
    assert Notification.objects.filter(recipient=office.drafter, kind="documents.comment").exists()
    resolved = drafting.resolve_comment(office.drafter, comment)
    assert resolved.resolved_by == office.drafter
    with pytest.raises(WrongState):
        drafting.resolve_comment(office.drafter, comment)


def test_an_empty_comment_and_an_outsiders_resolution_are_refused(office: Office) -> None:  # noqa: F811
    document = office.draft()
    with pytest.raises(drafting.InvalidDraft):
        drafting.add_comment(office.drafter, document, body=" ", version=None)
    comment = drafting.add_comment(office.drafter, document, body="Ghi chú", version=None)
    with pytest.raises(NotAllowed):
        drafting.resolve_comment(office.outsider, comment)


def test_a_unit_asked_for_its_opinion_sees_the_draft_and_its_head_is_told(
    office: Office,  # noqa: F811
) -> None:
    office.drafter.clearance = Clearance.CONFIDENTIAL
    office.drafter.save(update_fields=["clearance"])
    document = office.draft(classification=Clearance.CONFIDENTIAL)
    mission_head = office.clerk.__class__.objects.create(
        username="head.paris",
        unit=office.mission,
        roles=["unit_head"],
        clearance=Clearance.CONFIDENTIAL,
    )
    assert not documents_visible_to(mission_head).filter(pk=document.pk).exists()
    activity = drafting.request_opinion(
        office.drafter, document, unit=office.mission, body="Xin ý kiến về đoạn 3"
    )
    assert activity.kind == "opinion_request"
    assert documents_visible_to(mission_head).filter(pk=document.pk).exists()
    assert Notification.objects.filter(recipient=mission_head).exists()
    with pytest.raises(drafting.InvalidDraft):
        drafting.request_opinion(office.drafter, document, unit=office.unit, body="x")


# Approval chain -------------------------------------------------------------------------------


def test_submitting_builds_the_chain_and_tells_the_unit_head(office: Office) -> None:  # noqa: F811
    document = submitted(office)
    steps = list(document.approval_steps.all())
    assert [(s.stage, s.approver, s.decision) for s in steps] == [
        (ApprovalStage.DRAFTER, office.drafter, Decision.APPROVED),
        (ApprovalStage.UNIT_HEAD, office.head, Decision.PENDING),
        (ApprovalStage.LEADER, office.leader, Decision.PENDING),
    ]
    assert document.status == Status.IN_REVIEW
    assert drafting.final_signer(document) == office.leader
    assert Notification.objects.filter(recipient=office.head, kind="documents.approval").exists()
    assert not Notification.objects.filter(recipient=office.leader).exists()


def test_submission_refusals(office: Office) -> None:  # noqa: F811
    document = office.draft()
    with pytest.raises(NotAllowed):
        drafting.submit_for_approval(
            office.head, document, unit_head=office.head, version=document.version
        )
    with pytest.raises(drafting.InvalidDraft):  # the leader is no head of the drafting unit
        drafting.submit_for_approval(
            office.drafter, document, unit_head=office.leader, version=document.version
        )
    with pytest.raises(drafting.InvalidDraft):  # the head is no ministry leader
        drafting.submit_for_approval(
            office.drafter,
            document,
            unit_head=office.head,
            leader=office.head,
            version=document.version,
        )
    document.recipients.all().delete()
    with pytest.raises(drafting.InvalidDraft):
        drafting.submit_for_approval(
            office.drafter, document, unit_head=office.head, version=document.version
        )


def test_a_draft_without_a_version_cannot_be_submitted(office: Office) -> None:  # noqa: F811
    document = drafting.create_draft(
        office.drafter,
        document_type=DocumentType.objects.get(code="cong-van"),
        subject="x",
        recipients=[RecipientSpec(kind=RecipientKind.PRINT, agency_name="Bộ Công an")],
    )
    with pytest.raises(drafting.InvalidDraft):
        drafting.submit_for_approval(
            office.drafter, document, unit_head=office.head, version=document.version
        )


def test_approvers_decide_in_order_and_the_last_approval_makes_it_issuable(
    office: Office,  # noqa: F811
) -> None:
    document = submitted(office)
    with pytest.raises(NotAllowed):  # the leader's turn comes after the unit head's
        drafting.approve(office.leader, document, version=document.version)
    drafting.approve(office.head, document, version=document.version)
    document.refresh_from_db()
    assert document.status == Status.IN_REVIEW
    assert Notification.objects.filter(recipient=office.leader, kind="documents.approval").exists()
    drafting.approve(office.leader, document, version=document.version)
    document.refresh_from_db()
    assert document.status == Status.APPROVED
    assert Notification.objects.filter(recipient=office.drafter, kind="documents.approved").exists()
    assert AuditEntry.objects.filter(action="documents.approved").count() == 2
    with pytest.raises(WrongState):
        drafting.approve(office.leader, document, version=document.version)


def test_a_chain_without_leader_ends_with_the_unit_head_who_signs(office: Office) -> None:  # noqa: F811
    document = submitted(office, leader=False)
    assert drafting.final_signer(document) == office.head
    drafting.approve(office.head, document, version=document.version)
    document.refresh_from_db()
    assert document.status == Status.APPROVED


def test_sending_back_needs_a_reason_and_a_resubmission_opens_a_new_round(
    office: Office,  # noqa: F811
) -> None:
    document = submitted(office)
    with pytest.raises(drafting.InvalidDraft):
        drafting.send_back(office.head, document, reason="  ", version=document.version)
    with pytest.raises(NotAllowed):
        drafting.send_back(office.leader, document, reason="x", version=document.version)
    drafting.send_back(
        office.head, document, reason="Thiếu căn cứ pháp lý", version=document.version
    )
    document.refresh_from_db()
    assert document.status == Status.DRAFTING
    assert Notification.objects.filter(
        recipient=office.drafter, kind="documents.sent_back"
    ).exists()
    drafting.upload_version(
        office.drafter, document, data=sample_letter(), filename="v2.pdf", version=document.version
    )
    document.refresh_from_db()
    drafting.submit_for_approval(
        office.drafter,
        document,
        unit_head=office.head,
        leader=office.leader,
        version=document.version,
    )
    history = list(
        ApprovalStep.objects.filter(document=document).values_list(
            "round", "stage", "decision", "reason"
        )
    )
    assert history == [
        (1, "drafter", "approved", ""),
        (1, "unit_head", "returned", "Thiếu căn cứ pháp lý"),
        (2, "drafter", "approved", ""),
        (2, "unit_head", "pending", ""),
        (2, "leader", "pending", ""),
    ]
    assert drafting.current_round(document) == 2


def test_the_chain_reads_in_a_bounded_number_of_queries(
    office: Office,  # noqa: F811
    django_assert_max_num_queries: object,
) -> None:
    document = submitted(office)
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        steps = drafting.chain(document)
        assert [s.approver.username for s in steps] == ["an.nguyen", "hoa.le", "minh.tran"]
