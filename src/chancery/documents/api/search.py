"""API of search: full-text search of official documents and the caller's saved searches.

Results are exactly what the caller may read (the same access filter as the workspace, in the
same SQL query as the match and the count); counts are exact up to ``COUNT_CAP`` and reported
as ``capped`` beyond.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from chancery.core.service import User, require_scope
from chancery.documents.actions.search import (
    DOCUMENTS,
    SavedSearchRefused,
    delete_saved_search,
    get_saved_search,
    save_search,
)
from chancery.documents.api.common import staff
from chancery.documents.constants import SCOPE_READ
from chancery.documents.models import SavedSearch
from chancery.documents.search.query import MAX_PAGE, SearchParams, search_documents
from chancery.lib.problems import Problem, ProblemType

router = Router(tags=["documents"])


class DocumentSearchQuery(Schema):
    q: str = Field("", max_length=300)
    register: int | None = None
    document_type: int | None = None
    unit: int | None = None
    direction: str = ""
    status: str = ""
    urgency: int | None = None
    classification: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    tags: list[str] = Field(default_factory=list)
    sort: str = Field("relevance", pattern="^(relevance|date)$")
    page: int = Field(1, ge=1, le=MAX_PAGE)

    def params(self) -> SearchParams:
        data = self.dict(exclude={"page"})
        data["tags"] = tuple(data["tags"])
        return SearchParams(**data)


class DocumentHitOut(Schema):
    id: UUID
    number_symbol: str
    subject: str
    document_type: str
    unit: str
    document_date: date | None
    classification: int
    subject_html: str
    snippet_html: str


class DocumentSearchOut(Schema):
    total: int
    capped: bool
    page: int
    page_size: int
    has_next: bool
    items: list[DocumentHitOut]


class SavedDocumentSearchIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    alert: bool = False
    query: DocumentSearchQuery


class SavedDocumentSearchOut(Schema):
    id: int
    name: str
    alert: bool
    query: dict[str, Any]
    last_checked_at: Any = None


def _results(user: User, params: SearchParams, page: int) -> dict[str, Any]:
    results = search_documents(user, params, page=page)
    items = [
        {
            "id": hit.document.pk,
            "number_symbol": hit.document.number_symbol,
            "subject": hit.document.subject,
            "document_type": str(hit.document.document_type),
            "unit": str(hit.document.unit),
            "document_date": hit.document.document_date,
            "classification": hit.document.classification,
            "subject_html": str(hit.subject_html),
            "snippet_html": str(hit.snippet_html),
        }
        for hit in results.hits
    ]
    return {
        "total": results.total,
        "capped": results.capped,
        "page": results.page,
        "page_size": results.page_size,
        "has_next": results.has_next,
        "items": items,
    }


@router.get("/search", response=DocumentSearchOut, summary="Search the documents you may read")
@require_scope(SCOPE_READ.code)
def search_official_documents(request: HttpRequest, query: Query[DocumentSearchQuery]) -> Any:
    return _results(staff(request), query.params(), query.page)


@router.get("/saved-searches", response=list[SavedDocumentSearchOut], summary="Your saved searches")
@require_scope(SCOPE_READ.code)
def list_saved_document_searches(request: HttpRequest) -> Any:
    return list(SavedSearch.objects.filter(owner=staff(request), scope=DOCUMENTS))


@router.post("/saved-searches", response={201: SavedDocumentSearchOut}, summary="Save a search")
@require_scope(SCOPE_READ.code)
def create_saved_document_search(request: HttpRequest, body: SavedDocumentSearchIn) -> Any:
    try:
        saved = save_search(staff(request), body.name, body.query.params(), alert=body.alert)
    except SavedSearchRefused as exc:
        raise Problem(kind=ProblemType(exc.code, exc.status, exc.message)) from exc
    return Status(201, saved)


@router.get(
    "/saved-searches/{saved_id}/results",
    response=DocumentSearchOut,
    summary="Run a saved search",
)
@require_scope(SCOPE_READ.code)
def run_saved_document_search(request: HttpRequest, saved_id: int, page: int = 1) -> Any:
    user = staff(request)
    saved = get_saved_search(user, saved_id)
    return _results(user, SearchParams.from_json(saved.query), max(1, min(page, MAX_PAGE)))


@router.delete("/saved-searches/{saved_id}", response={204: None}, summary="Delete a saved search")
@require_scope(SCOPE_READ.code)
def delete_saved_document_search(request: HttpRequest, saved_id: int) -> Any:
    delete_saved_search(staff(request), saved_id)
    return Status(204, None)
