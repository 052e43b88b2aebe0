"""Core's API router: who am I, the organisation, the staff directory, personal API tokens.

``chancery.api`` mounts it under ``/api/v1``. Endpoints parse, call one query or action, and
return; refusals are problems (see docs/api.md).
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from chancery.core.actions.tokens import create_token, revoke_token
from chancery.core.apikit import identify, redact_on_replay, require_scope
from chancery.core.queries.directory import (
    get_unit_for_user,
    profile_of,
    staff_directory,
    units_for,
)
from chancery.core.queries.tokens import get_token_for_user, tokens_of
from chancery.core.schemas import (
    MeOut,
    StaffOut,
    StaffQuery,
    TokenCreated,
    TokenIn,
    TokenOut,
    UnitOut,
    UnitQuery,
)
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate

router = Router(tags=["core"])


@router.get("/me", response=MeOut, summary="The caller: profile, unit, roles, clearance")
@require_scope("read:org")
def me(request: HttpRequest) -> Any:
    return profile_of(request.user)  # type: ignore[arg-type]


@router.get("/units", response=page_schema(UnitOut), summary="Units and missions")
@require_scope("read:org")
def list_units(request: HttpRequest, filters: Query[UnitQuery]) -> Page[Any]:
    units = units_for(
        request.user,
        kind=filters.kind,
        mission=filters.mission,
        country=filters.country,
        search=filters.q,
        active=filters.active,
    )
    return paginate(request, units, ordering=("code",), query=filters)


@router.get("/units/{code}", response=UnitOut, summary="One unit or mission")
@require_scope("read:org")
def get_unit(request: HttpRequest, code: str) -> Any:
    return get_unit_for_user(request.user, code)


@router.get("/staff", response=page_schema(StaffOut), summary="The staff directory")
@require_scope("read:org")
def list_staff(request: HttpRequest, filters: Query[StaffQuery]) -> Page[Any]:
    people = staff_directory(request.user, unit=filters.unit, search=filters.q)
    return paginate(request, people, ordering=("username",), query=filters)


@router.get("/tokens", response=page_schema(TokenOut), summary="Your personal API tokens")
@require_scope("read:tokens")
def list_tokens(request: HttpRequest, page: Query[CursorQuery]) -> Page[Any]:
    return paginate(request, tokens_of(request.user), ordering=("-created_at", "-id"), query=page)


@router.post("/tokens", response={201: TokenCreated}, summary="Create a personal API token")
@require_scope("write:tokens")
@redact_on_replay("secret")
def create_api_token(request: HttpRequest, body: TokenIn) -> Any:
    principal = identify(request)
    assert principal is not None
    # A refusal is a ValidationError, which the API answers as a 422 problem.
    created = create_token(
        principal.user,
        body.name,
        body.scopes,
        body.expires_at,
        via=principal.token,
        request=request,
    )
    # Shown in this response only; the model never stores it.
    created.token.secret = created.secret  # type: ignore[attr-defined]
    return Status(201, created.token)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke a token")
@require_scope("write:tokens")
def delete_api_token(request: HttpRequest, token_id: int) -> Any:
    token = get_token_for_user(request.user, token_id)
    revoke_token(request.user, token, request=request)  # type: ignore[arg-type]
    return Status(204, None)
