"""Cables API of delivery: the inbox and its counts, acknowledging, the delivery record of a
cable, and the duty rosters. Reads are access-filtered (404 for what the caller may not see);
writes go through the delivery actions, refusals as problem details."""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from chancery.core.service import Unit, User, require_scope
from chancery.documents.api.common import problem, staff
from chancery.documents.cables.constants import SCOPE_READ, SCOPE_WRITE
from chancery.documents.cables.delivery import inbox as queries
from chancery.documents.cables.delivery import roster
from chancery.documents.cables.delivery.acknowledge import acknowledge
from chancery.documents.cables.delivery.panel import rows_for
from chancery.documents.exceptions import DocumentError
from chancery.documents.models import Cable
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate
from chancery.lib.problems import Problem

router = Router()


class CableInboxQuery(CursorQuery):
    tab: str = Field("action", pattern="^(action|information|awaiting|sent)$")


class CableInboxItemOut(Schema):
    id: UUID
    reference: str
    subject: str
    precedence: str = Field(alias="precedence.code")
    classification: int
    released_at: dt.datetime | None
    origin_instance: str


class CableInboxCountsOut(Schema):
    action: int
    information: int
    awaiting: int
    sent: int


class CableDeliveryOut(Schema):
    id: int
    cable_id: UUID
    role: str
    unit: str | None = None
    person: str | None = None
    route: str
    delivered_at: dt.datetime | None
    ack_due_at: dt.datetime | None
    acknowledged_at: dt.datetime | None
    acknowledged_by: str = Field(alias="acknowledged_by_name")
    alerted_at: dt.datetime | None
    escalated_at: dt.datetime | None

    @staticmethod
    def resolve_unit(obj: Any) -> str | None:
        return obj.unit.code if obj.unit_id else None

    @staticmethod
    def resolve_person(obj: Any) -> str | None:
        return obj.person.username if obj.person_id else None


class DutyShiftOut(Schema):
    id: int
    unit: str = Field(alias="unit.code")
    person: str = Field(alias="person.username")
    level: int
    starts_at: dt.datetime
    ends_at: dt.datetime


class DutyShiftIn(Schema):
    person: str = Field(description="User name of a member of the unit")
    level: int = Field(1, ge=1, le=2, description="1: duty officer; 2: escalation")
    starts_at: dt.datetime
    ends_at: dt.datetime


def _managed_unit(user: User, code: str) -> Unit:
    unit = roster.units_managed_by(user).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


@router.get(
    "/inbox", response=page_schema(CableInboxItemOut), summary="Your cables inbox (one tab)"
)
@require_scope(SCOPE_READ.code)
def cables_inbox_list(request: HttpRequest, query: Query[CableInboxQuery]) -> Page[Any]:
    cables = queries.inbox(staff(request), query.tab)
    return paginate(request, cables, ordering=("-released_at", "-id"), query=query)


@router.get("/inbox/counts", response=CableInboxCountsOut, summary="How many cables each tab holds")
@require_scope(SCOPE_READ.code)
def cables_inbox_counts(request: HttpRequest) -> Any:
    return queries.inbox_counts(staff(request))


@router.post(
    "/deliveries/{int:delivery_id}/acknowledge",
    response=CableDeliveryOut,
    summary="Acknowledge a cable for its addressee",
)
@require_scope(SCOPE_WRITE.code)
def cables_delivery_acknowledge(request: HttpRequest, delivery_id: int) -> Any:
    try:
        return acknowledge(staff(request), delivery_id)
    except DocumentError as exc:
        raise problem(exc) from None


@router.get(
    "/{uuid:cable_id}/deliveries",
    response=list[CableDeliveryOut],
    summary="Delivery and acknowledgement of a cable (all addressees for its originators)",
)
@require_scope(SCOPE_READ.code)
def cables_deliveries_list(request: HttpRequest, cable_id: UUID) -> Any:
    user = staff(request)
    cable = Cable.objects.visible_to(user).filter(pk=cable_id).first()
    if cable is None:
        raise Http404
    return list(rows_for(user, cable))


@router.get(
    "/roster/{unit_code}/shifts", response=list[DutyShiftOut], summary="A unit's duty roster"
)
@require_scope(SCOPE_READ.code)
def cables_roster_list(request: HttpRequest, unit_code: str) -> Any:
    user = staff(request)
    return list(roster.shifts_of(user, _managed_unit(user, unit_code)).select_related("unit"))


@router.post(
    "/roster/{unit_code}/shifts",
    response={201: DutyShiftOut},
    summary="Put a member of the unit on its duty roster",
)
@require_scope(SCOPE_WRITE.code)
def cables_roster_add(request: HttpRequest, unit_code: str, body: DutyShiftIn) -> Any:
    user = staff(request)
    unit = _managed_unit(user, unit_code)
    person = User.objects.filter(username=body.person).first()
    if person is None:
        raise Problem(422, _("Unknown user: %(name)s.") % {"name": body.person})
    try:
        shift = roster.add_shift(
            user,
            unit,
            person=person,
            level=body.level,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, shift)


@router.delete(
    "/roster/shifts/{int:shift_id}", response={204: None}, summary="Take a shift off the roster"
)
@require_scope(SCOPE_WRITE.code)
def cables_roster_remove(request: HttpRequest, shift_id: int) -> Any:
    roster.remove_shift(staff(request), shift_id)
    return Status(204, None)
