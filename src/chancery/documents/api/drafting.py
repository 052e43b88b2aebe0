"""API of drafting and issuing under ``/api/v1/documents/drafting``: create an outgoing draft,
upload versions, comment, submit, approve or send back, issue (number + signature with a PIN),
and read a draft's chain and its recipients' dispatch status. Reads go through the queries
(404 for what the caller may not see); writes through ``actions.drafting``/``actions.issuing``.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from chancery.blobs import service as blobs
from chancery.core.service import Unit, User, require_scope
from chancery.documents.actions import drafting as actions
from chancery.documents.actions.issuing import issue_document
from chancery.documents.api.common import problem, staff
from chancery.documents.constants import SCOPE_READ, SCOPE_WRITE, RecipientKind, Urgency
from chancery.documents.exceptions import DocumentError, StaleVersion
from chancery.documents.models import Document, DocumentType
from chancery.documents.queries import drafting as queries
from chancery.documents.queries.documents import get_document_for_user
from chancery.lib.problems import Problem
from chancery.signing import service as signing

router = Router(tags=["documents"])


def _person(username: str | None) -> User | None:
    if not username:
        return None
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise Problem(422, _("Unknown user: %(name)s.") % {"name": username})
    return person


class RecipientIn(Schema):
    kind: str = Field(pattern="^(unit|agency|print)$")
    unit: str = Field("", description="Code of the unit or mission (kind unit)")
    agency_name: str = ""
    agency_code: str = ""


class DraftIn(Schema):
    document_type: str = Field(description="Code of the document type, e.g. cong-van")
    subject: str = Field(min_length=1, max_length=20000)
    urgency: int = Field(Urgency.NORMAL, ge=0, le=3)
    classification: int = Field(0, ge=0, le=3)
    recipients: list[RecipientIn] = []
    in_reply_to: UUID | None = None


class RecipientOut(Schema):
    id: int
    kind: str
    unit: str | None = None
    agency_name: str
    agency_code: str
    status: str
    channel: str
    attempts: int
    error: str
    sent_at: dt.datetime | None
    delivered_as_id: UUID | None

    @staticmethod
    def resolve_unit(obj: Any) -> str | None:
        return obj.unit.code if obj.unit_id else None


class VersionOut(Schema):
    number: int
    filename: str = Field(alias="file.filename")
    has_pdf: bool
    note: str
    created_at: dt.datetime

    @staticmethod
    def resolve_has_pdf(obj: Any) -> bool:
        return obj.pdf_id is not None


class StepOut(Schema):
    round: int
    order: int
    stage: str
    approver: str = Field(alias="approver.username")
    decision: str
    reason: str
    decided_at: dt.datetime | None


class DraftOut(Schema):
    id: UUID
    status: str
    version: int
    subject: str
    number: int | None
    number_symbol: str
    issued_at: dt.datetime | None
    versions: list[VersionOut]
    steps: list[StepOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return queries.versions_of(obj)

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return [step for _round, steps in queries.approval_rounds(obj) for step in steps]


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=20000)
    quote: str = ""


class CommentOut(Schema):
    id: int
    version: int = Field(alias="version.number")
    quote: str
    body: str


class VersionIn(Schema):
    version: int


class SubmitIn(Schema):
    unit_head: str = Field(description="User name of a head of the drafting unit")
    leader: str | None = Field(None, description="User name of a ministry leader (optional)")
    version: int


class SendBackIn(Schema):
    reason: str = Field(min_length=1, max_length=20000)
    version: int


class IssueIn(Schema):
    certificate: str = Field(description="Fingerprint of your signing certificate")
    pin: str
    seal_certificate: str | None = Field(None, description="Fingerprint of the unit's seal")
    seal_pin: str | None = None
    version: int


def _draft(user: User, document_id: UUID) -> Document:
    return get_document_for_user(user, document_id)


def _out(user: User, document: Document) -> Document:
    return _draft(user, document.pk)


@router.post("/drafting/drafts", response={201: DraftOut}, summary="Start an outgoing draft")
@require_scope(SCOPE_WRITE.code)
def create_outgoing_draft(request: HttpRequest, body: DraftIn) -> Any:
    user = staff(request)
    document_type = DocumentType.objects.filter(code=body.document_type).first()
    if document_type is None:
        raise Problem(422, _("Unknown document type: %(code)s.") % {"code": body.document_type})
    specs = []
    for item in body.recipients:
        unit = Unit.objects.filter(code=item.unit).first() if item.unit else None
        if item.kind == RecipientKind.UNIT and unit is None:
            raise Problem(422, _("Unknown unit: %(code)s.") % {"code": item.unit})
        specs.append(actions.RecipientSpec(item.kind, unit, item.agency_name, item.agency_code))
    reply = _draft(user, body.in_reply_to) if body.in_reply_to else None
    try:
        document = actions.create_draft(
            user,
            document_type=document_type,
            subject=body.subject,
            urgency=body.urgency,
            classification=body.classification,
            recipients=specs,
            in_reply_to=reply,
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, _out(user, document))


@router.get("/drafting/{uuid:document_id}", response=DraftOut, summary="A draft and its chain")
@require_scope(SCOPE_READ.code)
def get_outgoing_draft(request: HttpRequest, document_id: UUID) -> Any:
    return _draft(staff(request), document_id)


@router.post(
    "/drafting/{uuid:document_id}/versions",
    response={201: VersionOut},
    summary="Upload a new version (DOCX, ODT or PDF)",
)
@require_scope(SCOPE_WRITE.code)
def upload_draft_version(
    request: HttpRequest, document_id: UUID, file: File[UploadedFile], form: Form[VersionIn]
) -> Any:
    user = staff(request)
    document = _draft(user, document_id)
    try:
        made = actions.upload_version(
            user,
            document,
            data=file.read(),
            filename=file.name or "draft.pdf",
            content_type=file.content_type,
            version=form.version,
        )
    except DocumentError as exc:
        raise problem(exc) from None
    except blobs.UploadRefused as exc:
        raise Problem(422, str(exc)) from None
    return Status(201, made)


@router.post(
    "/drafting/{uuid:document_id}/comments",
    response={201: CommentOut},
    summary="Comment on the latest version",
)
@require_scope(SCOPE_WRITE.code)
def comment_on_draft_version(request: HttpRequest, document_id: UUID, body: CommentIn) -> Any:
    user = staff(request)
    document = _draft(user, document_id)
    try:
        made = actions.add_comment(user, document, body=body.body, quote=body.quote, version=None)
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, made)


@router.post(
    "/drafting/{uuid:document_id}/submit", response=DraftOut, summary="Submit for approval"
)
@require_scope(SCOPE_WRITE.code)
def submit_draft_for_approval(request: HttpRequest, document_id: UUID, body: SubmitIn) -> Any:
    user = staff(request)
    document = _draft(user, document_id)
    head = _person(body.unit_head)
    assert head is not None
    try:
        actions.submit_for_approval(
            user, document, unit_head=head, leader=_person(body.leader), version=body.version
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return _out(user, document)


@router.post("/drafting/{uuid:document_id}/approve", response=DraftOut, summary="Approve")
@require_scope(SCOPE_WRITE.code)
def approve_outgoing_draft(request: HttpRequest, document_id: UUID, body: VersionIn) -> Any:
    user = staff(request)
    document = _draft(user, document_id)
    try:
        actions.approve(user, document, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return _out(user, document)


@router.post(
    "/drafting/{uuid:document_id}/send-back", response=DraftOut, summary="Send back with a reason"
)
@require_scope(SCOPE_WRITE.code)
def send_back_outgoing_draft(request: HttpRequest, document_id: UUID, body: SendBackIn) -> Any:
    user = staff(request)
    document = _draft(user, document_id)
    try:
        actions.send_back(user, document, reason=body.reason, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return _out(user, document)


def _certificate(user: User, fingerprint: str) -> signing.Certificate:
    found = signing.Certificate.objects.usable_for_signing().filter(fingerprint=fingerprint).first()
    if found is None or found.holder_id != user.pk:
        raise Problem(422, _("You hold no usable certificate with this fingerprint."))
    return found


@router.post(
    "/drafting/{uuid:document_id}/issue",
    response=DraftOut,
    summary="Number, sign and issue an approved document",
)
@require_scope(SCOPE_WRITE.code)
def issue_outgoing_document(request: HttpRequest, document_id: UUID, body: IssueIn) -> Any:
    user = staff(request)
    document = _draft(user, document_id)
    if body.version != document.version:
        raise problem(StaleVersion())
    seal = _certificate(user, body.seal_certificate) if body.seal_certificate else None
    try:
        issue_document(
            user,
            document,
            certificate=_certificate(user, body.certificate),
            pin=body.pin,
            seal_certificate=seal,
            seal_pin=body.seal_pin,
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return _out(user, document)


@router.get(
    "/drafting/{uuid:document_id}/recipients",
    response=list[RecipientOut],
    summary="Recipients and their dispatch status",
)
@require_scope(SCOPE_READ.code)
def list_outgoing_recipients(request: HttpRequest, document_id: UUID) -> Any:
    return list(queries.recipients_of(_draft(staff(request), document_id)))
