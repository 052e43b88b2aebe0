"""Permission-checked reads of handling: the personal inbox, the unit dashboard, a document's
assignments and activity. Every list starts from ``documents_visible_to``, so a document the
user may not read never shows, nor counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, Unit, add_working_days, ministry_calendar
from chancery.documents.constants import ActivityKind, AssignmentRole, AssignmentStatus, Status
from chancery.documents.models import Activity, Assignment, Document
from chancery.documents.queries.documents import documents_visible_to, get_document_for_user

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from chancery.core.service import User

ACTIVE = (AssignmentStatus.OPEN, AssignmentStatus.IN_PROGRESS)
CLOSED = (Status.COMPLETED, Status.WITHDRAWN, Status.RETURNED, Status.ISSUED)


@dataclass(frozen=True)
class Tab:
    slug: str
    label: StrOrPromise


TABS = (
    Tab("handle", _("To handle")),
    Tab("follow", _("To follow")),
    Tab("information", _("For information")),
)


def _is_head(user: User) -> bool:
    return user.has_role(Role.UNIT_HEAD) and user.unit_id is not None


def _my_assignments(user: User, roles: tuple[str, ...]) -> QuerySet[Assignment]:
    """Open assignments in ``roles`` that are mine: given to me, or to my unit as its head
    while nobody in the unit holds it."""
    mine = Q(assignee_id=user.pk)
    if _is_head(user):
        sub_assigned = Assignment.objects.filter(parent=OuterRef("pk"), status__in=ACTIVE)
        mine |= Q(assignee__isnull=True, unit_id=user.unit_id) & ~Q(Exists(sub_assigned))
    return Assignment.objects.filter(mine, status__in=ACTIVE, role__in=roles)


def _open_opinion_requests(user: User) -> QuerySet[Activity]:
    answered = Activity.objects.filter(reply_to=OuterRef("pk"), kind=ActivityKind.OPINION)
    if not _is_head(user):
        return Activity.objects.none()
    return Activity.objects.filter(
        kind=ActivityKind.OPINION_REQUEST, target_unit_id=user.unit_id
    ).exclude(Exists(answered))


def inbox(user: User, tab: str) -> QuerySet[Document]:
    """The documents of one inbox tab, each with ``my_due`` (my earliest deadline on it),
    ordered by that deadline then by urgency. ``Http404`` for an unknown tab."""
    visible: Any = documents_visible_to(user)
    if tab == "handle":
        assignments = _my_assignments(user, (AssignmentRole.LEAD, AssignmentRole.COORDINATE))
        requests = _open_opinion_requests(user)
        condition = Q(Exists(assignments.filter(document=OuterRef("pk")))) | Q(
            Exists(requests.filter(document=OuterRef("pk")))
        )
    elif tab == "follow":
        assignments = Assignment.objects.filter(status__in=ACTIVE).filter(
            Q(assigned_by_id=user.pk)
            | Q(role=AssignmentRole.COORDINATE, assignee_id=user.pk)
            | Q(role=AssignmentRole.COORDINATE, unit_id=user.unit_id or 0, parent=None)
        )
        condition = Q(Exists(assignments.filter(document=OuterRef("pk")))) | Q(created_by=user)
        visible = visible.exclude(status__in=CLOSED)
    elif tab == "information":
        assignments = Assignment.objects.filter(role=AssignmentRole.INFORMATION).filter(
            Q(assignee_id=user.pk) | Q(unit_id=user.unit_id or 0, assignee__isnull=True)
        )
        condition = Q(Exists(assignments.filter(document=OuterRef("pk"))))
    else:
        raise Http404
    due = assignments.filter(document=OuterRef("pk"), due_date__isnull=False)
    earliest = due.order_by().values("document").annotate(first=Min("due_date")).values("first")
    documents: QuerySet[Document] = (
        visible.filter(condition)
        .annotate(my_due=Subquery(earliest))
        .select_related("document_type", "unit")
        # Earliest deadline first; documents without one after those with one.
        .order_by(F("my_due").asc(nulls_last=True), "-urgency", "-created_at", "pk")
    )
    return documents


def inbox_counts(user: User) -> dict[str, int]:
    """How many documents each tab holds, counted over what ``user`` may read only."""
    return {tab.slug: inbox(user, tab.slug).order_by().count() for tab in TABS}


@dataclass(frozen=True)
class Deadline:
    """A deadline as lists show it: the date, whether it passed or comes soon."""

    day: date | None
    overdue: bool
    due_soon: bool


def deadline_of(day: date | None, today: date | None = None) -> Deadline:
    """Overdue after the day; due soon from ``CHANCERY_DOCUMENTS_REMIND_DAYS`` working days
    before it (ministry calendar)."""
    if day is None:
        return Deadline(None, False, False)
    today = today or timezone.localdate()
    soon = add_working_days(day, -int(settings.CHANCERY_DOCUMENTS_REMIND_DAYS), ministry_calendar())
    return Deadline(day, day < today, soon <= today <= day)


# The document page --------------------------------------------------------------------------


def assignments_of(document: Document) -> list[Assignment]:
    """The document's unit assignments, each with ``sub`` its sub-assignments, as a tree."""
    rows = list(
        document.assignments.select_related("unit", "assignee", "assigned_by").order_by(
            "assigned_at", "pk"
        )
    )
    by_parent: dict[int | None, list[Assignment]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    for row in rows:
        row.sub = by_parent.get(row.pk, [])  # type: ignore[attr-defined]
    return by_parent.get(None, [])


def activity_of(document: Document) -> list[Activity]:
    """The document's timeline, oldest first, with authors, units and attachments."""
    return list(
        document.activities.select_related("author", "target_unit", "assignment__unit")
        .prefetch_related(Prefetch("files"))
        .prefetch_related(Prefetch("replies", queryset=Activity.objects.only("pk", "reply_to")))
        .order_by("created_at", "pk")
    )


# The unit dashboard -------------------------------------------------------------------------


def units_for_dashboard(user: User) -> QuerySet[Unit]:
    """Units whose dashboard ``user`` may open: leaders any, unit heads theirs and its
    sub-units, others their own."""
    if user.has_role(Role.LEADER):
        return Unit.objects.active()
    if user.unit_id is None:
        return Unit.objects.none()
    if _is_head(user):
        return Unit.objects.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id))
    return Unit.objects.filter(pk=user.unit_id)


@dataclass(frozen=True)
class UnitFigures:
    overdue: int
    due_this_week: int
    on_time: int
    late: int
    overdue_items: list[Assignment]

    @property
    def completed(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> int | None:
        """Percentage of completed assignments done by their deadline, rounded."""
        return round(100 * self.on_time / self.completed) if self.completed else None


OVERDUE_LIST = 50


def unit_figures(user: User, unit: Unit, today: date | None = None) -> UnitFigures:
    """The handling figures of ``unit``'s own assignments (lead and coordinating), over the
    documents ``user`` may read only."""
    today = today or timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())
    visible = documents_visible_to(user).values("pk")
    rows = Assignment.objects.filter(
        unit=unit, parent=None, document__in=visible, due_date__isnull=False
    ).exclude(role=AssignmentRole.INFORMATION)
    figures = rows.aggregate(
        overdue=Count("pk", filter=Q(status__in=ACTIVE, due_date__lt=today)),
        due_this_week=Count(
            "pk", filter=Q(status__in=ACTIVE, due_date__gte=today, due_date__lte=week_end)
        ),
        on_time=Count(
            "pk",
            filter=Q(status=AssignmentStatus.DONE, completed_at__date__lte=F("due_date")),
        ),
        late=Count(
            "pk", filter=Q(status=AssignmentStatus.DONE, completed_at__date__gt=F("due_date"))
        ),
    )
    overdue_items = list(
        rows.filter(status__in=ACTIVE, due_date__lt=today)
        .select_related("document", "document__document_type", "assignee")
        .order_by("due_date", "pk")[:OVERDUE_LIST]
    )
    return UnitFigures(overdue_items=overdue_items, **figures)


def get_assignment_for_user(user: User, document_pk: object, assignment_pk: int) -> Assignment:
    """An assignment of a document ``user`` may read; ``Http404`` otherwise."""
    document = get_document_for_user(user, document_pk)
    try:
        assignment = document.assignments.select_related("unit", "parent").get(pk=assignment_pk)
    except (Assignment.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    assignment.document = document
    return assignment


def get_opinion_request_for_user(user: User, document_pk: object, activity_pk: int) -> Activity:
    """A request for an opinion on a document ``user`` may read; ``Http404`` otherwise."""
    document = get_document_for_user(user, document_pk)
    try:
        request = document.activities.get(pk=activity_pk, kind=ActivityKind.OPINION_REQUEST)
    except (Activity.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    request.document = document
    return request


def find_assignment_for_user(user: User, assignment_pk: int) -> Assignment:
    """An assignment by its id alone (API), if ``user`` may read its document."""
    document_pk = (
        Assignment.objects.filter(pk=assignment_pk).values_list("document_id", flat=True).first()
    )
    if document_pk is None:
        raise Http404
    return get_assignment_for_user(user, document_pk, assignment_pk)


def find_opinion_request_for_user(user: User, activity_pk: int) -> Activity:
    """A request for an opinion by its id alone (API), if ``user`` may read its document."""
    document_pk = (
        Activity.objects.filter(pk=activity_pk).values_list("document_id", flat=True).first()
    )
    if document_pk is None:
        raise Http404
    return get_opinion_request_for_user(user, document_pk, activity_pk)
