"""Maintaining working-day calendars: the yearly moved days, make-up days and weekends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from chancery.core import calendars
from chancery.core.actions.records import delete_audited, require_administrator, save_audited
from chancery.core.models import CalendarDay, WorkCalendar

if TYPE_CHECKING:
    from chancery.core.models import User


def _forget_computed_years() -> None:
    # At once, so this request sees its own change, and again after commit, so that a table
    # rebuilt from uncommitted rows meanwhile does not outlive the transaction.
    calendars.invalidate()
    transaction.on_commit(calendars.invalidate)


def _action(record: WorkCalendar | CalendarDay) -> str:
    return "calendar.day" if isinstance(record, CalendarDay) else "calendar"


def save_calendar_record(actor: User, record: WorkCalendar | CalendarDay) -> None:
    """Save a calendar's settings (its weekend) or an override (a moved or extra day off, a
    make-up working day). Administrators only.

    Refuses (``ValidationError``) a code that is not ``VN``, ``country:<ISO>`` or
    ``mission:<unit code>``, a seven-day weekend and a second override for the same calendar
    and day. Records ``calendar[.day].created`` / ``.changed``; deadlines use it at once.
    """
    require_administrator(actor)
    save_audited(actor, record, action=_action(record))
    _forget_computed_years()


def delete_calendar_record(actor: User, record: WorkCalendar | CalendarDay) -> None:
    """Delete an override, or a calendar's settings with all its overrides. Administrators
    only; records ``calendar[.day].deleted``."""
    require_administrator(actor)
    delete_audited(actor, record, action=_action(record))
    _forget_computed_years()
