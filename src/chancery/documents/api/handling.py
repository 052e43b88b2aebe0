"""API of routing and handling under ``/api/v1/documents/handling``: the inbox, assigning,
sub-assigning, comments, requests for opinions and opinions, progress, completion and
cancellation. Reads go through the handling queries (404 for what the caller may not see);
writes through ``actions.handling``. Attachments are added in the workspace (the API takes
text only).
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from chancery.core.service import Unit, User, require_scope
from chancery.documents.actions import handling as actions
from chancery.documents.api.common import problem, staff
from chancery.documents.constants import SCOPE_READ, SCOPE_WRITE
from chancery.documents.exceptions import DocumentError
from chancery.documents.queries import handling as queries
from chancery.documents.queries.documents import get_document_for_user
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate
from chancery.lib.problems import Problem

router = Router(tags=["documents"])


def _unit(code: str) -> Unit:
    unit = Unit.objects.active().filter(code=code).first()
    if unit is None:
        raise Problem(422, _("Unknown unit: %(code)s.") % {"code": code})
    return unit


class InboxQuery(CursorQuery):
    tab: str = Field("handle", pattern="^(handle|follow|information)$")


class InboxItemOut(Schema):
    id: UUID
    number: int | None
    number_symbol: str
    subject: str
    sender_name: str
    urgency: int
    status: str
    deadline: dt.date | None = Field(None, alias="my_due")
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.my_due is not None and obj.my_due < timezone.localdate()


class AssignmentOut(Schema):
    id: int
    document_id: UUID
    parent_id: int | None
    unit: str = Field(alias="unit.code")
    assignee: str | None = None
    role: str
    status: str
    due_date: dt.date | None
    instructions: str
    result: str
    completed_at: dt.datetime | None

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return obj.assignee.username if obj.assignee_id else None


class ActivityOut(Schema):
    id: int
    document_id: UUID
    kind: str
    body: str
    target_unit: str | None = None
    reply_to_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_target_unit(obj: Any) -> str | None:
        return obj.target_unit.code if obj.target_unit_id else None


class AssignIn(Schema):
    lead: str = Field(description="Code of the lead unit")
    coordinating: list[str] = []
    information: list[str] = []
    due_date: dt.date | None = None
    working_days: int | None = Field(None, ge=0, le=250)
    instructions: str = ""
    version: int


class SubAssignIn(Schema):
    assignee: str = Field(description="User name of a specialist of the assigned unit")
    due_date: dt.date | None = None
    instructions: str = ""
    version: int


class TextIn(Schema):
    body: str = Field(min_length=1, max_length=20000)
    version: int | None = None


class OpinionRequestIn(Schema):
    unit: str
    question: str = Field(min_length=1, max_length=20000)
    version: int


class CompleteIn(Schema):
    result: str = Field(min_length=1, max_length=20000)
    version: int


class ReassignIn(Schema):
    unit: str | None = Field(None, description="A unit's assignment: code of the new unit")
    assignee: str | None = Field(None, description="A sub-assignment: user name of the new one")
    reason: str = ""
    version: int


class CancelIn(Schema):
    reason: str = ""
    version: int


@router.get("/handling/inbox", response=page_schema(InboxItemOut), summary="Your inbox (one tab)")
@require_scope(SCOPE_READ.code)
def list_handling_inbox(request: HttpRequest, query: Query[InboxQuery]) -> Page[Any]:
    documents = queries.inbox(staff(request), query.tab)
    return paginate(request, documents, ordering=("-created_at", "-id"), query=query)


@router.post(
    "/handling/{uuid:document_id}/assignments",
    response={201: list[AssignmentOut]},
    summary="Assign a registered document to units",
)
@require_scope(SCOPE_WRITE.code)
def assign_official_document(request: HttpRequest, document_id: UUID, body: AssignIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        routing = actions.Routing(
            lead=_unit(body.lead),
            coordinating=[_unit(code) for code in body.coordinating],
            information=[_unit(code) for code in body.information],
            due_date=body.due_date,
            working_days=body.working_days,
            instructions=body.instructions,
        )
        made = actions.assign_document(user, document, routing, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, made)


@router.post(
    "/handling/assignments/{int:assignment_id}/sub-assignments",
    response={201: AssignmentOut},
    summary="Sub-assign a unit's assignment to a specialist",
)
@require_scope(SCOPE_WRITE.code)
def sub_assign_official_document(
    request: HttpRequest, assignment_id: int, body: SubAssignIn
) -> Any:
    user = staff(request)
    assignment = queries.find_assignment_for_user(user, assignment_id)
    assignee = User.objects.filter(username=body.assignee, is_active=True).first()
    if assignee is None:
        raise Problem(422, _("Unknown user: %(name)s.") % {"name": body.assignee})
    try:
        child = actions.sub_assign(
            user,
            assignment,
            assignee,
            version=body.version,
            instructions=body.instructions,
            due_date=body.due_date,
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, child)


@router.post(
    "/handling/assignments/{int:assignment_id}/progress",
    response={201: ActivityOut},
    summary="Report progress on an assignment",
)
@require_scope(SCOPE_WRITE.code)
def report_official_document_progress(
    request: HttpRequest, assignment_id: int, body: TextIn
) -> Any:
    user = staff(request)
    assignment = queries.find_assignment_for_user(user, assignment_id)
    try:
        activity = actions.report_progress(user, assignment, body.body, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, activity)


@router.post(
    "/handling/assignments/{int:assignment_id}/complete",
    response=AssignmentOut,
    summary="Complete an assignment with its result",
)
@require_scope(SCOPE_WRITE.code)
def complete_official_document_assignment(
    request: HttpRequest, assignment_id: int, body: CompleteIn
) -> Any:
    user = staff(request)
    assignment = queries.find_assignment_for_user(user, assignment_id)
    try:
        return actions.complete_assignment(user, assignment, body.result, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None


@router.post(
    "/handling/assignments/{int:assignment_id}/cancel",
    response=AssignmentOut,
    summary="Cancel an assignment",
)
@require_scope(SCOPE_WRITE.code)
def cancel_official_document_assignment(
    request: HttpRequest, assignment_id: int, body: CancelIn
) -> Any:
    user = staff(request)
    assignment = queries.find_assignment_for_user(user, assignment_id)
    try:
        return actions.cancel_assignment(user, assignment, version=body.version, reason=body.reason)
    except DocumentError as exc:
        raise problem(exc) from None


@router.post(
    "/handling/{uuid:document_id}/comments",
    response={201: ActivityOut},
    summary="Comment on a document",
)
@require_scope(SCOPE_WRITE.code)
def comment_on_official_document(request: HttpRequest, document_id: UUID, body: TextIn) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        activity = actions.add_comment(user, document, body.body, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, activity)


@router.post(
    "/handling/{uuid:document_id}/opinion-requests",
    response={201: ActivityOut},
    summary="Ask another unit for its opinion",
)
@require_scope(SCOPE_WRITE.code)
def request_official_document_opinion(
    request: HttpRequest, document_id: UUID, body: OpinionRequestIn
) -> Any:
    user = staff(request)
    document = get_document_for_user(user, document_id)
    try:
        activity = actions.request_opinion(
            user, document, _unit(body.unit), body.question, version=body.version
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, activity)


@router.post(
    "/handling/opinion-requests/{int:activity_id}/opinion",
    response={201: ActivityOut},
    summary="Give your unit's opinion",
)
@require_scope(SCOPE_WRITE.code)
def answer_official_document_opinion(request: HttpRequest, activity_id: int, body: TextIn) -> Any:
    user = staff(request)
    asked = queries.find_opinion_request_for_user(user, activity_id)
    try:
        activity = actions.give_opinion(user, asked, body.body, version=body.version)
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, activity)


@router.post(
    "/handling/assignments/{int:assignment_id}/reassign",
    response={201: AssignmentOut},
    summary="Move an assignment to another unit or specialist",
)
@require_scope(SCOPE_WRITE.code)
def reassign_official_document_assignment(
    request: HttpRequest, assignment_id: int, body: ReassignIn
) -> Any:
    user = staff(request)
    assignment = queries.find_assignment_for_user(user, assignment_id)
    assignee = None
    if body.assignee is not None:
        assignee = User.objects.filter(username=body.assignee, is_active=True).first()
        if assignee is None:
            raise Problem(422, _("Unknown user: %(name)s.") % {"name": body.assignee})
    try:
        made = actions.reassign(
            user,
            assignment,
            version=body.version,
            unit=_unit(body.unit) if body.unit else None,
            assignee=assignee,
            reason=body.reason,
        )
    except DocumentError as exc:
        raise problem(exc) from None
    return Status(201, made)
