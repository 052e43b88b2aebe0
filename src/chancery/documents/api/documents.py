"""General read endpoints of official documents: list with filters, one document, its files,
a file's content. Everything goes through ``queries.documents``: a document the caller may not
read is a 404, and lists never include it. Reading a classified file is audited by the blob
store (``open_blob``).
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Field, Query, Router, Schema

from chancery.blobs import service as blobs
from chancery.core.service import require_scope
from chancery.documents.api.common import staff
from chancery.documents.constants import SCOPE_READ, Direction, Status, Urgency
from chancery.documents.queries.documents import (
    documents_visible_to,
    get_document_for_user,
    get_file_for_user,
)
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate

router = Router(tags=["documents"])


class OfficialDocumentOut(Schema):
    id: UUID
    direction: str
    status: str
    unit: str = Field(..., alias="unit.code")
    document_type: str = Field(..., alias="document_type_id")
    register_year: int | None = Field(None, alias="register.year")
    number: int | None
    number_symbol: str
    subject: str
    document_date: dt.date | None
    urgency: int
    classification: int
    language: str
    tags: list[str]
    sender_name: str
    signer_name: str
    received_at: dt.datetime | None
    registered_at: dt.datetime | None
    due_date: dt.date | None
    completed_at: dt.datetime | None
    issued_at: dt.datetime | None
    record_status: str
    created_at: dt.datetime
    version: int


class OfficialDocumentFileOut(Schema):
    id: UUID
    role: str
    filename: str
    content_type: str
    size: int
    sha256: str
    page_count: int | None
    extraction_status: str
    created_at: dt.datetime


class OfficialDocumentQuery(CursorQuery):
    direction: Direction | None = None
    status: Status | None = None
    year: int | None = Field(None, description="Register year.")
    register_id: int | None = Field(None, description="Register id.")
    type: str | None = Field(None, description="Document type code, e.g. `cong-van`.")
    unit: str | None = Field(None, description="Holding unit code.")
    urgency: Urgency | None = None
    classification: int | None = Field(None, ge=0, le=3)
    date_from: dt.date | None = Field(None, description="Document date on or after.")
    date_to: dt.date | None = Field(None, description="Document date on or before.")
    tags: list[str] = Field(default_factory=list, description="Documents with all these tags.")


def _filtered(queryset: QuerySet[Any], query: OfficialDocumentQuery) -> QuerySet[Any]:
    exact = {
        "direction": query.direction,
        "status": query.status,
        "register__year": query.year,
        "register_id": query.register_id,
        "document_type_id": query.type,
        "unit__code": query.unit,
        "urgency": query.urgency,
        "classification": query.classification,
        "document_date__gte": query.date_from,
        "document_date__lte": query.date_to,
    }
    condition = Q(**{key: value for key, value in exact.items() if value is not None})
    if query.tags:
        condition &= Q(tags__contains=query.tags)
    return queryset.filter(condition)


@router.get(
    "",
    response=page_schema(OfficialDocumentOut),
    summary="Official documents you may read, newest first",
)
@require_scope(SCOPE_READ.code)
def list_official_documents(
    request: HttpRequest, filters: Query[OfficialDocumentQuery]
) -> Page[Any]:
    documents = _filtered(documents_visible_to(staff(request)).select_related("register"), filters)
    return paginate(request, documents, ordering=("-created_at", "-id"), query=filters)


@router.get("/{uuid:document_id}", response=OfficialDocumentOut, summary="An official document")
@require_scope(SCOPE_READ.code)
def get_official_document(request: HttpRequest, document_id: UUID) -> Any:
    return get_document_for_user(staff(request), document_id)


@router.get(
    "/{uuid:document_id}/files",
    response=list[OfficialDocumentFileOut],
    summary="The files of an official document",
)
@require_scope(SCOPE_READ.code)
def list_official_document_files(request: HttpRequest, document_id: UUID) -> Any:
    document = get_document_for_user(staff(request), document_id)
    return list(document.files.order_by("created_at", "id"))


@router.get(
    "/{uuid:document_id}/files/{uuid:file_id}/content",
    summary="Download a file of an official document",
)
@require_scope(SCOPE_READ.code)
def download_official_document_file(request: HttpRequest, document_id: UUID, file_id: UUID) -> Any:
    user = staff(request)
    document_file = get_file_for_user(user, document_id, file_id)
    reader = blobs.open_blob(document_file.blob.address, actor=user)
    return FileResponse(
        reader,
        as_attachment=True,
        filename=document_file.filename,
        content_type=document_file.content_type,
    )
