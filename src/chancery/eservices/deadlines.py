"""Deadlines in working days on the handling unit's calendar.

The return date is ``add_working_days(received_on, time limit of the channel)`` on the unit's
calendar (the ministry's for headquarters, the host country's for a mission). While the
ministry waits for the applicant (supplement, payment) the clock stops: the working days spent
paused push the return date back by as many working days. Extensions are recorded with the old
and new dates and a reason (``actions.handling.extend``).
"""

from __future__ import annotations

from datetime import date

from chancery.core.service import add_working_days, calendar_for_unit, working_days_between
from chancery.eservices.constants import Timeliness
from chancery.eservices.models import Dossier


def time_limit(dossier: Dossier) -> int:
    """Working days the procedure version allows on the dossier's channel."""
    entry = dossier.version.channel(dossier.channel) or {}
    return int(entry.get("working_days", 0))


def return_date(dossier: Dossier, received_on: date) -> date:
    """The return date promised when the dossier is received on ``received_on``."""
    return add_working_days(received_on, time_limit(dossier), calendar_for_unit(dossier.unit))


def pause(dossier: Dossier, today: date) -> list[str]:
    """Stop the clock; returns the fields changed (the caller saves)."""
    dossier.paused_since = today
    return ["paused_since"]


def resume(dossier: Dossier, today: date) -> list[str]:
    """Restart the clock, moving the return date by the working days spent paused."""
    if dossier.paused_since is None or dossier.due_on is None:
        dossier.paused_since = None
        return ["paused_since"]
    calendar = calendar_for_unit(dossier.unit)
    spent = max(working_days_between(dossier.paused_since, today, calendar), 0)
    dossier.paused_working_days += spent
    dossier.due_on = add_working_days(dossier.due_on, spent, calendar) if spent else dossier.due_on
    dossier.paused_since = None
    return ["paused_since", "paused_working_days", "due_on"]


def judge(dossier: Dossier, today: date) -> str:
    """Early, on time or late, judged on the day the dossier is completed."""
    if dossier.due_on is None or today == dossier.due_on:
        return Timeliness.ON_TIME
    return Timeliness.EARLY if today < dossier.due_on else Timeliness.LATE
