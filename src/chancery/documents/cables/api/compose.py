"""Cables API: composing, clearance and release under ``/api/v1/cables``: create a draft
(``Idempotency-Key`` honoured by the API layer), change it, submit it, clear or send it back,
release it with a PIN, and read one cable. Reads go through the queries (404 for what the
caller may not read; reading a classified cable is audited), writes through the actions;
refusals are RFC 9457 problems with the action's stable type."""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from chancery.core.service import Unit, User, require_scope
from chancery.documents.api.common import problem, staff
from chancery.documents.cables.actions import clearing, compose, release
from chancery.documents.cables.actions.content import DraftContent, Paragraph, UnknownReference
from chancery.documents.cables.api.compose_schemas import (
    CableOut,
    ClearIn,
    ContentIn,
    CreateIn,
    ReleaseIn,
    SendBackIn,
    SubmitIn,
    UpdateIn,
)
from chancery.documents.cables.constants import SCOPE_READ, SCOPE_WRITE
from chancery.documents.cables.exceptions import CableError, StaleVersion
from chancery.documents.cables.queries import get_cable_for_user, get_cable_to_read
from chancery.documents.models import Cable, Caption, Document, PrecedenceLevel
from chancery.documents.queries.documents import documents_visible_to
from chancery.lib.problems import Problem
from chancery.signing import service as signing

router = Router()


def _unknown(what: str, names: list[str]) -> Problem:
    return Problem(
        422, _("Unknown %(what)s: %(names)s.") % {"what": what, "names": ", ".join(names)}
    )


def _by_code(queryset: Any, field: str, codes: list[str] | None, what: str) -> list[Any] | None:
    if codes is None:
        return None
    found = {getattr(o, field): o for o in queryset.filter(**{f"{field}__in": codes})}
    missing = [code for code in codes if code not in found]
    if missing:
        raise _unknown(what, missing)
    return [found[code] for code in dict.fromkeys(codes)]


def _content(user: User, body: ContentIn) -> DraftContent:
    active = User.objects.filter(is_active=True)
    references = None
    if body.references is not None:
        references = list(Cable.objects.visible_to(user).filter(pk__in=body.references))
        if len(references) != len(set(body.references)):
            raise problem(UnknownReference())
    documents: list[Document] | None = None
    if body.document_references is not None:
        documents = list(documents_visible_to(user).filter(pk__in=body.document_references))
        if len(documents) != len(set(body.document_references)):
            raise problem(UnknownReference())
    return DraftContent(
        subject=body.subject,
        precedence=_by_code(PrecedenceLevel.objects.all(), "code", [body.precedence], "precedence")[
            0
        ]  # type: ignore[index]
        if body.precedence
        else None,
        classification=body.classification,
        compartments=_by_code(user.compartments.all(), "code", body.compartments, "compartments"),
        captions=_by_code(Caption.objects.all(), "code", body.captions, "captions"),
        tags=body.tags,
        paragraphs=[Paragraph(p.text, p.marking) for p in body.paragraphs]
        if body.paragraphs is not None
        else None,
        action_units=_by_code(Unit.objects.all(), "code", body.action_units, "units"),
        info_units=_by_code(Unit.objects.all(), "code", body.info_units, "units"),
        action_people=_by_code(active, "username", body.action_people, "users"),
        info_people=_by_code(active, "username", body.info_people, "users"),
        references=references,
        document_references=documents,
    )


def _out(user: User, cable: Cable) -> Cable:
    return get_cable_for_user(user, cable.pk)


@router.post("/drafts", response={201: CableOut}, summary="Start a cable")
@require_scope(SCOPE_WRITE.code)
def cables_compose_create(request: HttpRequest, body: CreateIn) -> Any:
    user = staff(request)
    content = _content(user, body)
    assert content.precedence is not None
    try:
        cable = compose.create_draft(
            user,
            subject=body.subject,
            precedence=content.precedence,
            classification=body.classification,
            content=content,
        )
    except CableError as exc:
        raise problem(exc) from None
    return Status(201, _out(user, cable))


@router.get("/{uuid:cable_id}", response=CableOut, summary="One cable (reading it is audited)")
@require_scope(SCOPE_READ.code)
def cables_compose_get(request: HttpRequest, cable_id: UUID) -> Any:
    return get_cable_to_read(staff(request), cable_id, request=request)


@router.patch("/{uuid:cable_id}", response=CableOut, summary="Change a draft")
@require_scope(SCOPE_WRITE.code)
def cables_compose_update(request: HttpRequest, cable_id: UUID, body: UpdateIn) -> Any:
    user = staff(request)
    cable = get_cable_for_user(user, cable_id)
    try:
        compose.update_draft(user, cable, _content(user, body), version=body.version)
    except CableError as exc:
        raise problem(exc) from None
    return _out(user, cable)


def _person(username: str) -> User:
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise _unknown("users", [username])
    return found


@router.post("/{uuid:cable_id}/submit", response=CableOut, summary="Send for clearance")
@require_scope(SCOPE_WRITE.code)
def cables_compose_submit(request: HttpRequest, cable_id: UUID, body: SubmitIn) -> Any:
    user = staff(request)
    cable = get_cable_for_user(user, cable_id)
    clearers = [_person(name) for name in body.clearers]
    try:
        clearing.submit_for_clearance(
            user, cable, clearers=clearers, approver=_person(body.approver), version=body.version
        )
    except CableError as exc:
        raise problem(exc) from None
    return _out(user, cable)


@router.post("/{uuid:cable_id}/clear", response=CableOut, summary="Clear in turn")
@require_scope(SCOPE_WRITE.code)
def cables_compose_clear(request: HttpRequest, cable_id: UUID, body: ClearIn) -> Any:
    user = staff(request)
    cable = get_cable_for_user(user, cable_id)
    try:
        clearing.clear(user, cable, version=body.version, comment=body.comment)
    except CableError as exc:
        raise problem(exc) from None
    return _out(user, cable)


@router.post("/{uuid:cable_id}/send-back", response=CableOut, summary="Send back to the drafter")
@require_scope(SCOPE_WRITE.code)
def cables_compose_send_back(request: HttpRequest, cable_id: UUID, body: SendBackIn) -> Any:
    user = staff(request)
    cable = get_cable_for_user(user, cable_id)
    try:
        clearing.send_back(user, cable, reason=body.reason, version=body.version)
    except CableError as exc:
        raise problem(exc) from None
    return _out(user, cable)


@router.post(
    "/{uuid:cable_id}/release", response=CableOut, summary="Number, sign and release (PIN)"
)
@require_scope(SCOPE_WRITE.code)
def cables_compose_release(request: HttpRequest, cable_id: UUID, body: ReleaseIn) -> Any:
    user = staff(request)
    cable = get_cable_for_user(user, cable_id)
    if body.version != cable.version:
        raise problem(StaleVersion())
    certificate = (
        signing.Certificate.objects.usable_for_signing()
        .filter(fingerprint=body.certificate, holder=user)
        .first()
    )
    if certificate is None:
        raise Problem(422, _("You hold no usable certificate with this fingerprint."))
    try:
        release.release(user, cable, certificate=certificate, pin=body.pin)
    except CableError as exc:
        raise problem(exc) from None
    return _out(user, cable)
