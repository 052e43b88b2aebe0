"""The staff queue: tabs over the dossiers the user may see, their counts, filters, and what
each row says about its deadline.

Everything starts from ``eservices.queries.dossiers_for_staff`` (own unit; leaders all), so a
tab, a count or a filter never shows another unit's dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chancery.core.service import (
    Role,
    User,
    calendar_for_unit,
    next_working_day,
    working_days_between,
)
from chancery.eservices.constants import CLOSED_STATES, PAUSED_STATES, State
from chancery.eservices.handling.sweep import RUNNING_STATES
from chancery.eservices.models import ApprovalStep, Dossier, DossierEvent
from chancery.eservices.queries import dossiers_for_staff


@dataclass(frozen=True)
class Tab:
    slug: str
    label: Promise


TABS = (
    Tab("check", _("To check today")),
    Tab("processing", _("Processing")),
    Tab("approval", _("Awaiting approval")),
    Tab("waiting", _("Waiting for the applicant")),
    Tab("overdue", _("Overdue")),
    Tab("week", _("Due this week")),
    Tab("completed", _("Completed")),
)
TAB_SLUGS = frozenset(t.slug for t in TABS)
PROCESSING_STATES = (State.ACCEPTED, State.PROCESSING, State.APPROVED)


@dataclass(frozen=True)
class Filters:
    procedure: str = ""
    channel: str = ""
    state: str = ""
    received_from: date | None = None
    received_to: date | None = None
    mine: bool = False


def _current_step_role() -> Subquery:
    return Subquery(
        ApprovalStep.objects.filter(dossier=OuterRef("pk"), decision=ApprovalStep.Decision.PENDING)
        .order_by("order")
        .values("role")[:1]
    )


def _last_submitted() -> Subquery:
    return Subquery(
        DossierEvent.objects.filter(dossier=OuterRef("pk"), to_state=State.SUBMITTED)
        .values("dossier")
        .annotate(last=Max("at"))
        .values("last")[:1],
        output_field=DateTimeField(),
    )


def _end_of_week(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def tab_conditions(user: User, today: date) -> dict[str, Q]:
    """Each tab as a condition on the annotated queryset of ``base``."""
    running = Q(state__in=RUNNING_STATES, due_on__isnull=False)
    if user.has_role(Role.LEADER):
        my_steps = Q(state=State.AWAITING_APPROVAL)
    else:
        my_steps = Q(state=State.AWAITING_APPROVAL, step_role__in=list(user.roles))
    return {
        "check": Q(state=State.SUBMITTED),
        "processing": Q(state__in=PROCESSING_STATES),
        "approval": my_steps & ~Q(assignee_id=user.pk),
        "waiting": Q(state__in=PAUSED_STATES),
        "overdue": running & Q(due_on__lt=today),
        "week": running & Q(due_on__gte=today, due_on__lte=_end_of_week(today)),
        "completed": Q(state__in=CLOSED_STATES),
    }


def base(user: User, filters: Filters) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see, filtered, annotated for the tabs and rows."""
    rows = dossiers_for_staff(user).annotate(
        step_role=_current_step_role(), last_submitted=_last_submitted()
    )
    if filters.procedure:
        rows = rows.filter(version__procedure__code=filters.procedure)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.received_from:
        rows = rows.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        rows = rows.filter(received_on__lte=filters.received_to)
    if filters.mine:
        rows = rows.filter(assignee_id=user.pk)
    return rows


def tab_rows(
    user: User, tab: str, filters: Filters, today: date | None = None
) -> QuerySet[Dossier]:
    today = today or timezone.localdate()
    return base(user, filters).filter(tab_conditions(user, today)[tab])


def counts(user: User, filters: Filters, today: date | None = None) -> dict[str, int]:
    """How many dossiers each tab holds (one query)."""
    today = today or timezone.localdate()
    aggregates = {
        slug: Count("pk", filter=condition)
        for slug, condition in tab_conditions(user, today).items()
    }
    return {k: int(v) for k, v in base(user, filters).aggregate(**aggregates).items()}


@dataclass(frozen=True)
class Deadline:
    """What a row says about its return date: the words and a tone (never colour alone)."""

    days_left: int | None
    words: str
    tone: str  # "ok" | "soon" | "late" | "paused" | "done"
    check_overdue: bool = False


def deadline_of(dossier: Dossier, today: date | None = None) -> Deadline:
    """Working days left to the return date on the unit's calendar, in words."""
    today = today or timezone.localdate()
    check_overdue = _check_overdue(dossier, today)
    if dossier.state in CLOSED_STATES:
        label = dossier.get_timeliness_display() if dossier.timeliness else str(_("Finished"))
        return Deadline(None, label, "done", False)
    if dossier.due_on is None:
        return Deadline(None, str(_("No return date")), "ok", check_overdue)
    if dossier.state in PAUSED_STATES:
        return Deadline(None, str(_("Clock stopped: waiting for the applicant")), "paused")
    left = working_days_between(today, dossier.due_on, calendar_for_unit(dossier.unit))
    if dossier.due_on < today:
        late = max(-left, 1)
        words = ngettext("%(n)d working day late", "%(n)d working days late", late) % {"n": late}
        return Deadline(-late, words, "late", check_overdue)
    if dossier.due_on == today:
        return Deadline(0, str(_("Due today")), "soon", check_overdue)
    words = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
    return Deadline(left, words, "soon" if left <= 1 else "ok", check_overdue)


def _check_overdue(dossier: Dossier, today: date) -> bool:
    """A submitted dossier must be checked the working day it arrives (or the next working
    day when it arrives on a day off)."""
    if dossier.state != State.SUBMITTED:
        return False
    arrived: Any = getattr(dossier, "last_submitted", None) or dossier.submitted_at
    if isinstance(arrived, datetime):
        day = timezone.localdate(arrived)
    else:
        day = dossier.received_on or today
    return today > next_working_day(day, calendar_for_unit(dossier.unit), inclusive=True)
