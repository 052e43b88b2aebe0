"""The periodic follow-up: the assignee is reminded one working day before the return date,
an overdue dossier is escalated to the unit's heads with a draft apology, each only once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chancery.core.constants import Role
from chancery.core.models import Notification
from chancery.eservices.constants import State
from chancery.eservices.handling import actions
from chancery.eservices.handling.sweep import APOLOGY_DRAFTED, ESCALATED, REMINDED, sweep
from chancery.eservices.handling.tasks import follow_up_deadlines
from chancery.eservices.tests.factories import hq_department, officer
from chancery.eservices.tests.factories_handling import unit_dossier

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def team() -> dict[str, Any]:
    unit = hq_department()
    return {
        "unit": unit,
        "head": officer(unit, Role.UNIT_HEAD.value),
        "specialist": officer(unit, Role.SPECIALIST.value),
    }


def _count(user: Any, kind: str) -> int:
    return Notification.objects.filter(recipient=user, kind=f"eservices.{kind}").count()


def test_the_assignee_is_reminded_once_the_working_day_before_the_return_date(
    team: dict[str, Any],
) -> None:
    # Due Monday 23 Feb 2026, the first working day after Tết: the day before is Friday 13 Feb.
    row = unit_dossier(
        team["unit"], state=State.PROCESSING, assignee=team["specialist"], due_on=D(2026, 2, 23)
    )
    assert sweep(D(2026, 2, 12)) == (0, 0)
    assert sweep(D(2026, 2, 13)) == (1, 0)
    assert sweep(D(2026, 2, 13)) == (0, 0)
    assert sweep(D(2026, 2, 23)) == (0, 0)
    assert _count(team["specialist"], REMINDED) == 1
    assert row.events.get(action=REMINDED).public is False


def test_an_overdue_dossier_is_escalated_once_to_the_unit_head_with_a_draft_apology(
    team: dict[str, Any],
) -> None:
    row = unit_dossier(
        team["unit"], state=State.PROCESSING, assignee=team["specialist"], due_on=D(2026, 3, 9)
    )
    assert sweep(D(2026, 3, 10)) == (0, 1)
    assert sweep(D(2026, 3, 11)) == (0, 0)
    assert _count(team["head"], ESCALATED) == 1
    draft = row.events.get(action=APOLOGY_DRAFTED)
    assert row.code in draft.data["text"]
    assert not draft.public
    # A new return date is followed up afresh once it too is missed.
    actions.extend(
        team["head"], row.pk, new_due_on=D(2026, 3, 16), reason="More checks.", revision=0
    )
    assert sweep(D(2026, 3, 17)) == (0, 1)
    assert _count(team["head"], ESCALATED) == 2


def test_a_dossier_waiting_for_the_applicant_is_neither_reminded_nor_escalated(
    team: dict[str, Any],
) -> None:
    unit_dossier(
        team["unit"],
        state=State.SUPPLEMENT_REQUESTED,
        assignee=team["specialist"],
        due_on=D(2026, 3, 9),
    )
    assert sweep(D(2026, 3, 6)) == (0, 0)
    assert sweep(D(2026, 3, 20)) == (0, 0)


def test_the_sweep_job_is_periodic_and_runs_the_sweep(team: dict[str, Any]) -> None:
    from procrastinate.contrib.django import app

    crons = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}
    assert crons["eservices.follow_up_deadlines"] == "23 * * * *"
    follow_up_deadlines(timestamp=0)
