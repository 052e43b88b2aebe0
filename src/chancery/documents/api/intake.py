"""API of intake under ``/api/v1/documents/intake``: receive files, read the extraction and
the pre-filled registration (with duplicate warnings), register, return to the sender, and
the registers with their entries. Every read goes through the documents queries (404 for what
the caller may not see); every write through ``actions.intake``.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from chancery.blobs import service as blobs
from chancery.core.service import Unit, require_scope
from chancery.documents.actions.intake import (
    Registration,
    Upload,
    receive,
    register_incoming,
    return_to_sender,
)
from chancery.documents.api.common import problem, staff
from chancery.documents.constants import SCOPE_READ, SCOPE_WRITE, Urgency
from chancery.documents.exceptions import DocumentError
from chancery.documents.models import DocumentType
from chancery.documents.queries.documents import get_document_for_user
from chancery.documents.queries.intake import (
    duplicate_warnings,
    extraction_pending,
    get_register_for_user,
    prefill_for,
    register_entries,
    registers_for,
)
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate
from chancery.lib.problems import Problem

router = Router(tags=["documents"])


class IntakeFileOut(Schema):
    id: UUID
    filename: str
    role: str
    content_type: str
    size: int
    sha256: str
    parent_id: UUID | None
    extraction_status: str
    extraction_error: str
    page_count: int | None
    signature_verdict: str


class IntakeOut(Schema):
    id: UUID
    status: str
    classification: int
    version: int
    number: int | None
    extraction_pending: bool
    files: list[IntakeFileOut]


class IntakeForm(Schema):
    classification: int = 0


class DuplicateOut(Schema):
    id: UUID
    label: str
    reason: str


class PrefillOut(Schema):
    extraction_pending: bool
    sender_name: str
    number_symbol: str
    document_date: dt.date | None
    subject: str
    document_type: str | None
    urgency: int
    version: int
    duplicates: list[DuplicateOut]


class RegisterIn(Schema):
    version: int
    document_type: str
    subject: str
    sender_name: str = ""
    sender_unit: str | None = Field(None, description="Code of the sending Chancery unit")
    number_symbol: str = ""
    document_date: dt.date | None = None
    signer_name: str = ""
    urgency: int = Urgency.NORMAL
    due_date: dt.date | None = None


class ReturnIn(Schema):
    version: int
    reason: str


class RegisterOut(Schema):
    id: int
    unit: str = Field(..., alias="unit.code")
    direction: str
    year: int
    last_number: int


class RegisterEntryOut(Schema):
    id: UUID
    number: int | None
    received_at: dt.datetime | None
    sender_name: str
    number_symbol: str
    document_date: dt.date | None
    subject: str
    urgency: int
    classification: int
    due_date: dt.date | None


def _intake(document: Any) -> dict[str, Any]:
    return {
        "id": document.pk,
        "status": document.status,
        "classification": document.classification,
        "version": document.version,
        "number": document.number,
        "extraction_pending": extraction_pending(document),
        "files": list(document.files.all()),
    }


@router.post("/intake", response={201: IntakeOut}, summary="Receive a document (upload files)")
@require_scope(SCOPE_WRITE.code)
def receive_incoming_document(
    request: HttpRequest, files: File[list[UploadedFile]], form: Form[IntakeForm]
) -> Any:
    uploads = [Upload(f.name or "file", f.read(), f.content_type) for f in files]
    try:
        document = receive(staff(request), uploads, classification=form.classification)
    except DocumentError as exc:
        raise problem(exc) from None
    except blobs.UploadRefused as exc:
        raise Problem(422, str(exc)) from None
    return Status(201, _intake(document))


@router.get("/intake/{uuid:document_id}", response=IntakeOut, summary="A received document")
@require_scope(SCOPE_READ.code)
def get_received_document(request: HttpRequest, document_id: UUID) -> Any:
    return _intake(get_document_for_user(staff(request), document_id))


@router.get(
    "/intake/{uuid:document_id}/prefill",
    response=PrefillOut,
    summary="Registration fields read from the text, and possible duplicates",
)
@require_scope(SCOPE_READ.code)
def get_registration_prefill(request: HttpRequest, document_id: UUID) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    fields = prefill_for(document)
    warnings = duplicate_warnings(
        user,
        document,
        sender_name=fields.sender_name,
        number_symbol=fields.number_symbol,
        document_date=fields.document_date,
        subject=fields.subject,
    )
    return {
        "extraction_pending": extraction_pending(document),
        **fields.__dict__,
        "version": document.version,
        "duplicates": [
            {"id": w.document.pk, "label": str(w.document), "reason": str(w.reason)}
            for w in warnings
        ],
    }


@router.post(
    "/intake/{uuid:document_id}/register",
    response=IntakeOut,
    summary="Register a received document in the incoming register",
)
@require_scope(SCOPE_WRITE.code)
def register_incoming_document(request: HttpRequest, document_id: UUID, body: RegisterIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    document_type = DocumentType.objects.filter(code=body.document_type, active=True).first()
    if document_type is None:
        raise Problem(422, _("Unknown document type."))
    sender_unit = None
    if body.sender_unit:
        sender_unit = Unit.objects.filter(code=body.sender_unit).first()
        if sender_unit is None:
            raise Problem(422, _("Unknown unit."))
    if body.urgency not in Urgency.values:
        raise Problem(422, _("Unknown urgency."))
    data = Registration(
        document_type=document_type,
        subject=body.subject,
        sender_name=body.sender_name,
        number_symbol=body.number_symbol,
        document_date=body.document_date,
        urgency=body.urgency,
        sender_unit=sender_unit,
        signer_name=body.signer_name,
        due_date=body.due_date,
    )
    try:
        registered = register_incoming(user, document, data, body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return _intake(get_document_for_user(user, registered.pk))


@router.post(
    "/intake/{uuid:document_id}/return",
    response=IntakeOut,
    summary="Return a received document to its sender",
)
@require_scope(SCOPE_WRITE.code)
def return_document_to_sender(request: HttpRequest, document_id: UUID, body: ReturnIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        return_to_sender(user, document, body.reason, body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return _intake(get_document_for_user(user, document_id))


@router.get("/intake/registers", response=list[RegisterOut], summary="Registers of your unit")
@require_scope(SCOPE_READ.code)
def list_document_registers(request: HttpRequest) -> Any:
    return list(registers_for(staff(request)))


@router.get(
    "/intake/registers/{int:register_id}/entries",
    response=page_schema(RegisterEntryOut),
    summary="Entries of a register you may see, in number order",
)
@require_scope(SCOPE_READ.code)
def list_register_entries(
    request: HttpRequest, register_id: int, page: Query[CursorQuery]
) -> Page[Any]:
    user = staff(request)
    register = get_register_for_user(user, register_id)
    return paginate(
        request, register_entries(user, register), ordering=("number", "id"), query=page
    )
