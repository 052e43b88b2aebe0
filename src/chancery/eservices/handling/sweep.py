"""The periodic follow-up of deadlines: remind the assignee one working day before the return
date, escalate an overdue dossier to the unit's heads and prepare the draft letter of apology.

Each happens once per dossier and return date (a history line with the date it was about), so
running the sweep again sends nothing new, and an extended date is followed up afresh.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, User, add_working_days, calendar_for_unit, notify
from chancery.eservices.actions.lifecycle import record_event
from chancery.eservices.constants import OPEN_STATES, PAUSED_STATES
from chancery.eservices.handling.apology import apology_letter
from chancery.eservices.models import Dossier

REMINDED = "deadline_reminded"
ESCALATED = "deadline_escalated"
APOLOGY_DRAFTED = "apology_drafted"
RUNNING_STATES = tuple(sorted(OPEN_STATES - PAUSED_STATES))


def _running() -> QuerySet[Dossier]:
    return Dossier.objects.filter(state__in=RUNNING_STATES, due_on__isnull=False)


def unit_heads(unit_id: int) -> list[User]:
    return list(
        User.objects.filter(unit_id=unit_id, is_active=True, roles__contains=[Role.UNIT_HEAD])
    )


def sweep(today: date | None = None) -> tuple[int, int]:
    """Send due reminders and escalations; returns (reminded, escalated). Called by the
    periodic job; no user acts."""
    today = today or timezone.localdate()
    reminded = 0
    # A generous calendar-day bound first; the working-day test is exact, per unit calendar.
    near = _running().filter(
        assignee__isnull=False, due_on__gte=today, due_on__lte=today + timedelta(days=15)
    )
    for dossier in near.select_related("unit"):
        assert dossier.due_on is not None
        if add_working_days(dossier.due_on, -1, calendar_for_unit(dossier.unit)) <= today:
            reminded += _follow_up(dossier.pk, REMINDED, today)
    escalated = sum(
        _follow_up(pk, ESCALATED, today)
        for pk in _running().filter(due_on__lt=today).values_list("pk", flat=True)
    )
    return reminded, escalated


def _follow_up(pk: int, kind: str, today: date) -> int:
    """One reminder or escalation (with the apology draft), once per return date."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("unit", "applicant", "version__procedure", "assignee")
            .filter(pk=pk, state__in=RUNNING_STATES, due_on__isnull=False)
            .first()
        )
        if dossier is None or dossier.due_on is None:
            return 0
        due = dossier.due_on.isoformat()
        if dossier.events.filter(action=kind, data__due_on=due).exists():
            return 0
        url = reverse("eservices:dossier", args=[dossier.pk])
        if kind == REMINDED:
            if dossier.assignee is None or dossier.due_on < today:
                return 0
            recipients = [dossier.assignee]
            title = _("Dossier %(code)s is due tomorrow or today.") % {"code": dossier.code}
        else:
            recipients = unit_heads(dossier.unit_id) or (
                [dossier.assignee] if dossier.assignee else []
            )
            title = _("Dossier %(code)s is overdue.") % {"code": dossier.code}
        record_event(
            dossier,
            kind,
            data={"due_on": due, "to": sorted(u.username for u in recipients)},
            public=False,
        )
        if kind == ESCALATED:
            record_event(
                dossier,
                APOLOGY_DRAFTED,
                data={"due_on": due, "text": apology_letter(dossier)},
                public=False,
            )
        for recipient in recipients:
            notify(recipient, f"eservices.{kind}", title, url=url)
    return 1
