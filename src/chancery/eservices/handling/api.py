"""API of the staff side under ``/api/v1/eservices/handling``: the queue (cursor pages), a
dossier, and the intake, assignment, deadline, approval and return steps. Each step posts the
revision the caller saw; refusals are problem details (404 for a dossier of another unit, 403
for a step the caller's role does not allow, 409 for a wrong state or a stale revision, 422 for
bad values). ``Idempotency-Key`` is honoured by the API layer for every POST."""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from chancery.core.service import User, require_scope
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.handling import actions, queue
from chancery.eservices.models import Dossier
from chancery.eservices.queries import get_dossier_for_staff, is_handler
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate
from chancery.lib.problems import Problem, ProblemType

router = Router(tags=["eservices"])
READ, WRITE = "read:eservices", "write:eservices"


def _handler(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_handler(user):
        raise Problem(404, _("Not found."))
    return user


def _problem(exc: EservicesError) -> Problem:
    errors = getattr(exc, "errors", None)
    return Problem(
        kind=ProblemType(exc.code, exc.status, exc.message),
        detail=exc.message,
        errors=[
            {"loc": ["body", field], "msg": message, "type": exc.code}
            for field, messages in errors.items()
            for message in messages
        ]
        if errors
        else None,
    )


def _run(request: HttpRequest, dossier_id: int, step: Callable[[User], object]) -> Dossier:
    user = _handler(request)
    try:
        step(user)
        return get_dossier_for_staff(user, dossier_id)
    except EservicesError as exc:
        raise _problem(exc) from None


class QueueQuery(CursorQuery):
    tab: str = Field(
        "check", pattern="^(check|processing|approval|waiting|overdue|week|completed)$"
    )
    procedure: str = ""
    channel: str = ""
    state: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    mine: bool = False


class DossierRowOut(Schema):
    id: int
    code: str
    procedure: str = Field(alias="version.procedure.code")
    applicant: str = Field(alias="applicant.full_name")
    unit: str = Field(alias="unit.code")
    channel: str
    state: str
    public_status: str
    national_status: str | None
    received_on: dt.date | None
    due_on: dt.date | None
    assignee: str | None = None
    revision: int
    working_days_left: int | None = None
    deadline: str = ""

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return obj.assignee.username if obj.assignee_id else None

    @staticmethod
    def resolve_working_days_left(obj: Any) -> int | None:
        return queue.deadline_of(obj).days_left

    @staticmethod
    def resolve_deadline(obj: Any) -> str:
        return queue.deadline_of(obj).words


class EventOut(Schema):
    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    note: str
    public: bool
    actor: str | None = None

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None


class DossierOut(DossierRowOut):
    form_data: dict[str, Any]
    fee: str
    currency: str
    timeliness: str
    paused_working_days: int
    events: list[EventOut] = []
    supplements: list[dict[str, Any]] = []
    extensions: list[dict[str, Any]] = []
    approvals: list[dict[str, Any]] = []

    @staticmethod
    def resolve_fee(obj: Any) -> str:
        return str(obj.fee)

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.select_related("actor").order_by("at", "pk"))

    @staticmethod
    def resolve_supplements(obj: Any) -> list[dict[str, Any]]:
        return list(
            obj.supplements.values("round", "reason", "items", "requested_at", "answered_at")
        )

    @staticmethod
    def resolve_extensions(obj: Any) -> list[dict[str, Any]]:
        return list(obj.extensions.values("old_due_on", "new_due_on", "reason", "at"))

    @staticmethod
    def resolve_approvals(obj: Any) -> list[dict[str, Any]]:
        return list(obj.approvals.values("order", "role", "decision", "note", "decided_at"))


class RevisionIn(Schema):
    revision: int = Field(ge=0)


class SupplementItemIn(Schema):
    component: str
    problem: str = Field(pattern="^(missing|wrong)$")
    note: str = ""


class SupplementIn(RevisionIn):
    items: list[SupplementItemIn] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=5000)


class ReasonIn(RevisionIn):
    reason: str = Field(min_length=1, max_length=5000)


class AssignIn(RevisionIn):
    assignee: str = Field(description="User name of a handler of the dossier's unit")


class ExtendIn(ReasonIn):
    new_due_on: dt.date


class DecideIn(RevisionIn):
    decision: str = Field(pattern="^(approved|returned|rejected)$")
    note: str = ""


class ReturnIn(RevisionIn):
    how: str = Field(pattern="^(collected|posted|account)$")
    note: str = ""


@router.get(
    "/handling/dossiers", response=page_schema(DossierRowOut), summary="Dossiers of one queue tab"
)
@require_scope(READ)
def handling_list(request: HttpRequest, query: Query[QueueQuery]) -> Page[Any]:
    user = _handler(request)
    filters = queue.Filters(
        procedure=query.procedure,
        channel=query.channel,
        state=query.state,
        received_from=query.received_from,
        received_to=query.received_to,
        mine=query.mine,
    )
    rows = queue.tab_rows(user, query.tab, filters, timezone.localdate())
    ordering = ("-id",) if query.tab == "completed" else ("id",)
    return paginate(request, rows, ordering=ordering, query=query)


@router.get("/handling/dossiers/{int:dossier_id}", response=DossierOut, summary="One dossier")
@require_scope(READ)
def handling_detail(request: HttpRequest, dossier_id: int) -> Any:
    user = _handler(request)
    try:
        return get_dossier_for_staff(user, dossier_id)
    except EservicesError as exc:
        raise _problem(exc) from None


@router.post("/handling/dossiers/{int:dossier_id}/accept", response=DossierOut)
@require_scope(WRITE)
def handling_accept(request: HttpRequest, dossier_id: int, body: RevisionIn) -> Any:
    return _run(
        request, dossier_id, lambda u: actions.accept(u, dossier_id, revision=body.revision)
    )


@router.post("/handling/dossiers/{int:dossier_id}/supplement", response=DossierOut)
@require_scope(WRITE)
def handling_supplement(request: HttpRequest, dossier_id: int, body: SupplementIn) -> Any:
    items = [item.dict() for item in body.items]
    return _run(
        request,
        dossier_id,
        lambda u: actions.request_supplement(
            u, dossier_id, items=items, reason=body.reason, revision=body.revision
        ),
    )


@router.post("/handling/dossiers/{int:dossier_id}/refuse", response=DossierOut)
@require_scope(WRITE)
def handling_refuse(request: HttpRequest, dossier_id: int, body: ReasonIn) -> Any:
    return _run(
        request,
        dossier_id,
        lambda u: actions.refuse(u, dossier_id, reason=body.reason, revision=body.revision),
    )


@router.post("/handling/dossiers/{int:dossier_id}/assign", response=DossierOut)
@require_scope(WRITE)
def handling_assign(request: HttpRequest, dossier_id: int, body: AssignIn) -> Any:
    def step(user: User) -> object:
        assignee = User.objects.filter(username=body.assignee, is_active=True).first()
        if assignee is None:
            raise Problem(422, _("Unknown user: %(name)s.") % {"name": body.assignee})
        return actions.assign(user, dossier_id, assignee=assignee, revision=body.revision)

    return _run(request, dossier_id, step)


@router.post("/handling/dossiers/{int:dossier_id}/extend", response=DossierOut)
@require_scope(WRITE)
def handling_extend(request: HttpRequest, dossier_id: int, body: ExtendIn) -> Any:
    return _run(
        request,
        dossier_id,
        lambda u: actions.extend(
            u, dossier_id, new_due_on=body.new_due_on, reason=body.reason, revision=body.revision
        ),
    )


@router.post("/handling/dossiers/{int:dossier_id}/decide", response=DossierOut)
@require_scope(WRITE)
def handling_decide(request: HttpRequest, dossier_id: int, body: DecideIn) -> Any:
    return _run(
        request,
        dossier_id,
        lambda u: actions.decide_step(
            u, dossier_id, decision=body.decision, note=body.note, revision=body.revision
        ),
    )


@router.post("/handling/dossiers/{int:dossier_id}/return", response=DossierOut)
@require_scope(WRITE)
def handling_return(request: HttpRequest, dossier_id: int, body: ReturnIn) -> Any:
    return _run(
        request,
        dossier_id,
        lambda u: actions.mark_returned(
            u, dossier_id, how=body.how, note=body.note, revision=body.revision
        ),
    )
