"""Cables API: the archive. Search (results, exact total and facets over the cables the
caller may read, all from the one access-filtered query), the caller's saved cable searches,
and export of a cable to PDF (watermarked for the caller when classified; 404 when the caller
may not read it, whether it exists or not)."""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, Query, Router, Schema, Status

from chancery.core.service import User, require_scope
from chancery.documents.actions.search import (
    SavedSearchRefused,
    delete_saved_search,
    get_saved_search,
    save_search,
    saved_searches_of,
    set_saved_search_alert,
)
from chancery.documents.api.common import staff
from chancery.documents.cables.constants import SCOPE_READ
from chancery.documents.cables.search.alerts import SCOPE
from chancery.documents.cables.search.export import export_cable
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.search.query import MAX_PAGE, search_cables
from chancery.lib.problems import Problem, ProblemType

router = Router()


class CableSearchQuery(Schema):
    q: str = Field("", max_length=300)
    tags: list[str] = Field(default_factory=list)
    tags_mode: str = Field("any", pattern="^(any|all)$")
    precedence: str = ""
    post: int | None = None
    addressee_unit: int | None = None
    classification: int | None = None
    status: str = "released"
    date_from: date | None = None
    date_to: date | None = None
    sort: str = Field("relevance", pattern="^(relevance|date)$")
    page: int = Field(1, ge=1, le=MAX_PAGE)

    def params(self) -> CableSearchParams:
        data = self.dict(exclude={"page"})
        data["tags"] = tuple(data["tags"])
        return CableSearchParams(**data)


class CableHitOut(Schema):
    id: UUID
    reference: str
    subject: str
    precedence: str
    post: str
    tags: list[str]
    classification: int
    status: str
    released_at: datetime | None
    subject_html: str
    snippet_html: str


class FacetOut(Schema):
    value: str
    label: str
    count: int


class CableSearchOut(Schema):
    total: int
    page: int
    page_size: int
    has_next: bool
    items: list[CableHitOut]
    tags: list[FacetOut]
    precedences: list[FacetOut]


class SavedCableSearchIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    alert: bool = False
    query: CableSearchQuery


class SavedCableSearchPatch(Schema):
    alert: bool


class SavedCableSearchOut(Schema):
    id: int
    name: str
    alert: bool
    query: dict[str, Any]
    last_checked_at: datetime | None = None


def _results(user: User, params: CableSearchParams, page: int) -> dict[str, Any]:
    results = search_cables(user, params, page=page)
    items = [
        {
            "id": hit.cable.pk,
            "reference": hit.cable.reference,
            "subject": hit.cable.subject,
            "precedence": hit.cable.precedence.code,
            "post": str(hit.cable.post),
            "tags": hit.cable.tags,
            "classification": hit.cable.classification,
            "status": hit.cable.status,
            "released_at": hit.cable.released_at,
            "subject_html": str(hit.subject_html),
            "snippet_html": str(hit.snippet_html),
        }
        for hit in results.hits
    ]
    return {
        "total": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "has_next": results.has_next,
        "items": items,
        "tags": [vars(facet) for facet in results.tags],
        "precedences": [vars(facet) for facet in results.precedences],
    }


def _refused(exc: SavedSearchRefused) -> Problem:
    return Problem(kind=ProblemType(exc.code, exc.status, exc.message))


@router.get("/archive/search", response=CableSearchOut, summary="Search the cables you may read")
@require_scope(SCOPE_READ.code)
def cables_archive_search(request: HttpRequest, query: Query[CableSearchQuery]) -> Any:
    return _results(staff(request), query.params(), query.page)


@router.get(
    "/archive/saved-searches",
    response=list[SavedCableSearchOut],
    summary="Your saved cable searches",
)
@require_scope(SCOPE_READ.code)
def cables_archive_saved_list(request: HttpRequest) -> Any:
    return list(saved_searches_of(staff(request), SCOPE))


@router.post(
    "/archive/saved-searches",
    response={201: SavedCableSearchOut},
    summary="Save a cable search",
)
@require_scope(SCOPE_READ.code)
def cables_archive_saved_create(request: HttpRequest, body: SavedCableSearchIn) -> Any:
    try:
        saved = save_search(
            staff(request), body.name, body.query.params(), alert=body.alert, scope=SCOPE
        )
    except SavedSearchRefused as exc:
        raise _refused(exc) from exc
    return Status(201, saved)


@router.patch(
    "/archive/saved-searches/{saved_id}",
    response=SavedCableSearchOut,
    summary="Turn the alert of a saved cable search on or off",
)
@require_scope(SCOPE_READ.code)
def cables_archive_saved_update(
    request: HttpRequest, saved_id: int, body: SavedCableSearchPatch
) -> Any:
    return set_saved_search_alert(staff(request), saved_id, alert=body.alert, scope=SCOPE)


@router.get(
    "/archive/saved-searches/{saved_id}/results",
    response=CableSearchOut,
    summary="Run a saved cable search",
)
@require_scope(SCOPE_READ.code)
def cables_archive_saved_run(request: HttpRequest, saved_id: int, page: int = 1) -> Any:
    user = staff(request)
    saved = get_saved_search(user, saved_id, SCOPE)
    params = CableSearchParams.from_json(saved.query)
    return _results(user, params, max(1, min(page, MAX_PAGE)))


@router.delete(
    "/archive/saved-searches/{saved_id}",
    response={204: None},
    summary="Delete a saved cable search",
)
@require_scope(SCOPE_READ.code)
def cables_archive_saved_delete(request: HttpRequest, saved_id: int) -> Any:
    delete_saved_search(staff(request), saved_id, SCOPE)
    return Status(204, None)


@router.get(
    "/{cable_id}/export.pdf",
    summary="Export a cable to PDF (watermarked for you when classified)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
@require_scope(SCOPE_READ.code)
def cables_archive_export(request: HttpRequest, cable_id: UUID) -> HttpResponse:
    result = export_cable(staff(request), cable_id)
    response = HttpResponse(result.data, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(True, result.filename) or "attachment"
    )
    response["Cache-Control"] = "no-store"
    return response
