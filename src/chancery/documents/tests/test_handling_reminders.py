"""Reminders before deadlines and escalation of overdue assignments, with time controlled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from chancery.core.calendars import add_working_days, ministry_calendar
from chancery.core.models import AuditEntry, Notification
from chancery.documents.actions.handling import (
    Routing,
    assign_document,
    complete_assignment,
    send_reminders_and_escalations,
    sub_assign,
)
from chancery.documents.models import Assignment, Document
from chancery.documents.tests.factories_handling import Office, office

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)  # a Tuesday


@pytest.fixture
def o() -> Office:
    return office()


def _at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False)


def _assigned(o: Office, days: int = 5) -> tuple[Document, Assignment, dt.date]:
    with time_machine.travel(START, tick=False):
        document = o.document()
        due = add_working_days(timezone.localdate(), days, ministry_calendar())
        routing = Routing(lead=o.lead, due_date=due)
        lead = assign_document(o.leader, document, routing, version=1)[0]
    return Document.objects.get(pk=document.pk), lead, due


def _kinds(user: Any) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_unit_head_is_reminded_once_before_the_deadline(o: Office, settings: Any) -> None:
    settings.CHANCERY_DOCUMENTS_REMIND_DAYS = 2
    _document, lead, due = _assigned(o)
    window = add_working_days(due, -2, ministry_calendar())

    with _at(add_working_days(window, -1, ministry_calendar())):
        assert send_reminders_and_escalations() == (0, 0)
    with _at(window):
        assert send_reminders_and_escalations() == (1, 0)
        assert send_reminders_and_escalations() == (0, 0)

    lead.refresh_from_db()
    assert lead.reminded_at is not None
    assert lead.escalated_at is None
    assert _kinds(o.head).count("documents.reminded") == 1
    assert AuditEntry.objects.filter(action="documents.reminded").count() == 1


def test_a_sub_assigned_specialist_is_reminded_instead_of_the_head(o: Office) -> None:
    document, lead, due = _assigned(o)
    with time_machine.travel(START, tick=False):
        child = sub_assign(o.head, lead, o.specialist, version=document.version)

    with _at(due):
        assert send_reminders_and_escalations() == (1, 0)

    child.refresh_from_db()
    assert child.reminded_at is not None
    assert "documents.reminded" in _kinds(o.specialist)
    assert "documents.reminded" not in _kinds(o.head)


def test_an_overdue_assignment_escalates_once_to_the_unit_head_and_the_assigner(
    o: Office,
) -> None:
    _document, lead, due = _assigned(o)

    with _at(due):
        send_reminders_and_escalations()
    with _at(due + dt.timedelta(days=1)):
        assert send_reminders_and_escalations() == (0, 1)
        assert send_reminders_and_escalations() == (0, 0)

    lead.refresh_from_db()
    assert lead.escalated_at is not None
    assert "documents.escalated" in _kinds(o.head)
    assert "documents.escalated" in _kinds(o.leader)
    assert AuditEntry.objects.filter(action="documents.escalated").count() == 1


def test_overdue_without_a_reminder_escalates_but_completed_work_does_not(o: Office) -> None:
    document, lead, due = _assigned(o)
    late, _other_lead, _due = _assigned(o)
    with time_machine.travel(START, tick=False):
        complete_assignment(o.head, lead, "done", version=document.version)

    with _at(due + dt.timedelta(days=10)):
        assert send_reminders_and_escalations() == (0, 1)

    lead.refresh_from_db()
    assert lead.escalated_at is None
    assert late.assignments.get().escalated_at is not None


def test_the_job_runs_hourly() -> None:
    from procrastinate.contrib.django import app

    import chancery.documents.tasks.handling  # noqa: F401

    crons = [
        periodic.cron
        for key, periodic in app.periodic_registry.periodic_tasks.items()
        if key[0] == "documents.remind_and_escalate"
    ]
    assert crons == ["7 * * * *"]
