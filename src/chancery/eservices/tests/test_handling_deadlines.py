"""Return dates in working days on the unit's calendar: Tết, 30 April–1 May, National Day,
a host country's holiday at a mission; the clock stopped while waiting for the applicant; an
extension with its old and new dates and reason; the apology for a late dossier."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from chancery.core.constants import Role
from chancery.eservices.actions.lifecycle import lock, transition
from chancery.eservices.constants import State, Timeliness
from chancery.eservices.deadlines import return_date
from chancery.eservices.handling import actions
from chancery.eservices.handling.apology import apology_letter
from chancery.eservices.handling.rules import InvalidInput
from chancery.eservices.tests.factories import hq_department, mission, officer
from chancery.eservices.tests.factories_handling import received, unit_dossier

pytestmark = pytest.mark.django_db
D = dt.date


def _at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC), tick=False
    )


def _dossier(unit: object, state: str = State.SUBMITTED, **fields: object) -> object:
    """A dossier of ``unit`` for a procedure allowing 5 working days."""
    return unit_dossier(unit, state=state, **fields)


@pytest.mark.parametrize(
    ("received_on", "due_on", "why"),
    [
        (D(2026, 2, 13), D(2026, 2, 27), "Tết 16–20 Feb 2026 is skipped"),
        (D(2026, 2, 17), D(2026, 3, 2), "received on Tết: counts from Monday 23 Feb"),
        (D(2026, 4, 29), D(2026, 5, 8), "30 April and 1 May are skipped"),
        (D(2026, 4, 24), D(2026, 5, 6), "Hùng Kings (observed 27 Apr), 30 Apr, 1 May"),
        (D(2026, 8, 28), D(2026, 9, 9), "31 Aug, 1 and 2 Sep 2026 are skipped"),
        (D(2026, 3, 2), D(2026, 3, 9), "an ordinary week"),
    ],
)
def test_headquarters_return_date_skips_the_ministry_holidays(
    received_on: dt.date, due_on: dt.date, why: str
) -> None:
    row = _dossier(hq_department())
    assert return_date(row, received_on) == due_on, why  # type: ignore[arg-type]


def test_a_mission_counts_its_host_country_holidays_not_vietnamese_ones() -> None:
    paris = _dossier(mission("FR-PAR", "FR"))
    hanoi = _dossier(hq_department())
    # 14 July 2026 is a Tuesday: a holiday in France, a working day in Hà Nội.
    assert return_date(paris, D(2026, 7, 10)) == D(2026, 7, 20)  # type: ignore[arg-type]
    assert return_date(hanoi, D(2026, 7, 10)) == D(2026, 7, 17)  # type: ignore[arg-type]
    # Tết is a working week in Paris.
    assert return_date(paris, D(2026, 2, 13)) == D(2026, 2, 20)  # type: ignore[arg-type]
    washington = _dossier(mission("US-WAS", "US"))
    # Independence Day 2026 falls on Saturday, observed Friday 3 July.
    assert return_date(washington, D(2026, 7, 2)) == D(2026, 7, 10)  # type: ignore[arg-type]


def test_waiting_for_a_supplement_across_tet_moves_the_return_date_by_the_days_spent() -> None:
    unit = hq_department()
    clerk = officer(unit, Role.CLERK.value)
    row = received(_dossier(unit), D(2026, 2, 9))  # type: ignore[arg-type]
    assert row.due_on == D(2026, 2, 23)
    with _at(D(2026, 2, 12)):
        actions.request_supplement(
            clerk,
            row.pk,
            items=[{"component": "passport", "problem": "wrong", "note": "expired"}],
            reason="The passport copy is expired.",
            revision=row.revision,
        )
    row.refresh_from_db()
    assert (row.state, row.paused_since) == (State.SUPPLEMENT_REQUESTED, D(2026, 2, 12))
    # The applicant answers on Tuesday 24 Feb: 13, 23 and 24 Feb are the working days spent.
    with _at(D(2026, 2, 24)), transaction.atomic():
        transition(lock(row.pk), State.SUBMITTED, by_applicant=True, action="supplied")
    row.refresh_from_db()
    assert (row.paused_working_days, row.due_on) == (3, D(2026, 2, 26))


def test_an_extension_records_old_and_new_dates_and_must_land_on_a_working_day() -> None:
    unit = hq_department()
    head = officer(unit, Role.UNIT_HEAD.value)
    row = received(_dossier(unit, State.PROCESSING), D(2026, 8, 28))  # type: ignore[arg-type]
    assert row.due_on == D(2026, 9, 9)
    with pytest.raises(InvalidInput):  # 2 September: National Day
        actions.extend(head, row.pk, new_due_on=D(2026, 9, 2), reason="x", revision=row.revision)
    with pytest.raises(InvalidInput):  # not later than the current date
        actions.extend(head, row.pk, new_due_on=D(2026, 9, 8), reason="x", revision=row.revision)
    with pytest.raises(InvalidInput):  # no reason
        actions.extend(head, row.pk, new_due_on=D(2026, 9, 14), reason=" ", revision=row.revision)
    extension = actions.extend(
        head,
        row.pk,
        new_due_on=D(2026, 9, 14),
        reason="Verification abroad takes longer.",
        revision=row.revision,
    )
    row.refresh_from_db()
    assert (extension.old_due_on, extension.new_due_on, row.due_on) == (
        D(2026, 9, 9),
        D(2026, 9, 14),
        D(2026, 9, 14),
    )
    event = row.events.get(action="deadline_extended")
    assert event.public
    assert event.note == "Verification abroad takes longer."
    assert row.revision == 1


def test_a_late_dossier_is_judged_late_and_its_apology_gives_the_reason_and_new_date() -> None:
    unit = hq_department()
    head = officer(unit, Role.UNIT_HEAD.value)
    row = received(_dossier(unit, State.PROCESSING), D(2026, 3, 2))  # type: ignore[arg-type]
    actions.extend(
        head,
        row.pk,
        new_due_on=D(2026, 3, 11),
        reason="Awaiting the issuing authority.",
        revision=0,
    )
    row.refresh_from_db()
    letter = apology_letter(row)
    assert "Awaiting the issuing authority." in letter
    assert "March 11, 2026" in letter
    assert row.code in letter
    with _at(D(2026, 3, 12)):
        actions.reject(head, row.pk, reason="Forged seal.", revision=row.revision)
    row.refresh_from_db()
    assert row.timeliness == Timeliness.LATE
