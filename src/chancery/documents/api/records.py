"""API of records: file plan, declaring, legal hold, disposition decisions, declassification,
copy register, and the edXML import/export.

Mounted under ``/api/v1/documents/records``. Writes need the ``write:records`` scope (edXML
needs ``write:documents``); documents the caller may not see answer 404.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from chancery.core.service import require_scope
from chancery.documents.actions import records as actions
from chancery.documents.api.common import problem, staff
from chancery.documents.constants import SCOPE_READ, SCOPE_RECORDS, SCOPE_WRITE
from chancery.documents.edxml.exchange import export_document, import_envelope
from chancery.documents.exceptions import DocumentError, NotAllowed
from chancery.documents.models import FilePlanCategory
from chancery.documents.queries import records as queries
from chancery.documents.queries.documents import get_document_for_user
from chancery.lib.problems import Problem

router = Router(tags=["documents"])


class CategoryOut(Schema):
    code: str
    name_vi: str
    name_en: str
    name_fr: str
    retention_years: int | None
    parent: str | None

    @staticmethod
    def resolve_parent(obj: FilePlanCategory) -> str | None:
        return obj.parent.code if obj.parent else None


class RecordOut(Schema):
    id: UUID
    record_status: str
    file_plan: str | None
    declared_at: dt.datetime | None
    retain_until: dt.date | None
    legal_hold: bool
    classification: int
    version: int

    @staticmethod
    def resolve_file_plan(obj: Any) -> str | None:
        return obj.file_plan.code if obj.file_plan_id else None


class DeclareIn(Schema):
    category: str
    version: int


class HoldIn(Schema):
    hold: bool
    reason: str
    version: int


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class DispositionOut(Schema):
    id: UUID
    action: str
    state: str
    proposed_at: dt.datetime
    decided_at: dt.datetime | None
    documents: list[UUID]

    @staticmethod
    def resolve_documents(obj: Any) -> list[UUID]:
        return [document.pk for document in obj.documents.all()]


class DeclassificationIn(Schema):
    to_level: int
    reason: str


class DeclassificationOut(Schema):
    id: int
    document: UUID
    from_level: int
    to_level: int
    status: str

    @staticmethod
    def resolve_document(obj: Any) -> UUID:
        return obj.document_id  # type: ignore[no-any-return]


class CopyOut(Schema):
    copy_number: int
    action: str
    user: str
    recipient: str
    created_at: dt.datetime

    @staticmethod
    def resolve_user(obj: Any) -> str:
        return obj.user.get_username()  # type: ignore[no-any-return]


class ExportIn(Schema):
    to: list[str]


class ImportedOut(Schema):
    document: UUID
    status_reply: str


@router.get("/records/file-plan", response=list[CategoryOut], summary="The file plan")
@require_scope(SCOPE_READ.code)
def list_file_plan_categories(request: HttpRequest) -> Any:
    return queries.file_plan()


@router.post("/records/{uuid:document_id}/declare", response=RecordOut, summary="Declare a record")
@require_scope(SCOPE_RECORDS.code)
def declare_official_record(request: HttpRequest, document_id: UUID, body: DeclareIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    category = queries.file_plan().filter(code=body.category).first()
    if category is None:
        raise Problem(422, _("Unknown file plan category."))
    try:
        return actions.declare_record(user, document, category=category, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None


@router.post(
    "/records/{uuid:document_id}/legal-hold", response=RecordOut, summary="Set the legal hold"
)
@require_scope(SCOPE_RECORDS.code)
def set_official_record_hold(request: HttpRequest, document_id: UUID, body: HoldIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        return actions.set_legal_hold(
            user, document, hold=body.hold, reason=body.reason, version=body.version
        )
    except DocumentError as exc:
        raise problem(exc) from None


@router.get(
    "/records/dispositions", response=list[DispositionOut], summary="Dispositions (archivists)"
)
@require_scope(SCOPE_READ.code)
def list_record_dispositions(request: HttpRequest) -> Any:
    return queries.dispositions_visible_to(staff(request)).prefetch_related("documents")[:200]


@router.post(
    "/records/dispositions/{uuid:disposition_id}/decision",
    response=DispositionOut,
    summary="Approve (and carry out) or reject a disposition",
)
@require_scope(SCOPE_RECORDS.code)
def decide_record_disposition(request: HttpRequest, disposition_id: UUID, body: DecisionIn) -> Any:
    user = staff(request)
    disposition = queries.get_disposition_for_user(user, disposition_id)
    try:
        return actions.decide_disposition(user, disposition, approve=body.approve, note=body.note)
    except DocumentError as exc:
        raise problem(exc) from None


@router.post(
    "/records/{uuid:document_id}/declassification",
    response={201: DeclassificationOut},
    summary="Request a downgrade or declassification",
)
@require_scope(SCOPE_WRITE.code)
def request_document_declassification(
    request: HttpRequest, document_id: UUID, body: DeclassificationIn
) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        made = actions.request_declassification(
            user, document, to_level=body.to_level, reason=body.reason
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, made)


@router.post(
    "/records/declassifications/{int:request_id}/decision",
    response=DeclassificationOut,
    summary="Approve or refuse a declassification request",
)
@require_scope(SCOPE_RECORDS.code)
def decide_document_declassification(
    request: HttpRequest, request_id: int, body: DecisionIn
) -> Any:
    user = staff(request)
    found = queries.get_declassification_for_user(user, request_id)
    try:
        return actions.decide_declassification(user, found, approve=body.approve, note=body.note)
    except DocumentError as exc:
        raise problem(exc) from None


@router.get(
    "/records/{uuid:document_id}/copies", response=list[CopyOut], summary="The copy register"
)
@require_scope(SCOPE_READ.code)
def list_document_copies(request: HttpRequest, document_id: UUID) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    if not queries.may_read_copy_register(user, document):
        raise problem(NotAllowed())
    return queries.copy_register(document)


@router.post(
    "/records/edxml/import",
    response={201: ImportedOut},
    summary="Register a received edXML envelope",
)
@require_scope(SCOPE_WRITE.code)
def import_edxml_envelope(request: HttpRequest, envelope: File[UploadedFile]) -> Any:
    if envelope.size is not None and envelope.size > settings.CHANCERY_UPLOAD_MAX_BYTES:
        raise Problem(413, _("The file is larger than the upload limit."))
    try:
        imported = import_envelope(staff(request), envelope.read())
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(
        201,
        {"document": imported.document.pk, "status_reply": imported.status_reply.decode()},
    )


@router.post(
    "/records/{uuid:document_id}/edxml",
    response={200: None},
    summary="The edXML envelope of an issued document",
)
@require_scope(SCOPE_WRITE.code)
def export_edxml_envelope(request: HttpRequest, document_id: UUID, body: ExportIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        data = export_document(user, document, to=body.to)
    except DocumentError as exc:
        raise problem(exc) from None
    return HttpResponse(data, content_type="application/xml")
