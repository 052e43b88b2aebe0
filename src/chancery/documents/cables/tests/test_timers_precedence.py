"""Precedence timers: an urgent cable not acknowledged in time alerts the addressee unit's duty
roster, then escalates; the clock is the test's (time-machine)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import DutyLevel
from chancery.documents.cables.delivery.acknowledge import acknowledge
from chancery.documents.cables.tests.factories_delivery import (
    head_of,
    notified,
    on_duty,
    released_cable,
)
from chancery.documents.cables.tests.jobs_delivery import run_due_jobs, scheduled

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ALERT = "cables.ack_alert"
ESCALATION = "cables.ack_escalation"


def _unit_with_roster() -> tuple[object, object, object, object]:
    unit = UnitFactory()
    officer = UserFactory(unit=unit, clearance=2)
    second = UserFactory(unit=unit, clearance=2)
    head = head_of(unit, clearance=2)
    on_duty(officer, starts=START - timedelta(hours=1), hours=24)
    on_duty(second, DutyLevel.ESCALATION, starts=START - timedelta(hours=1), hours=24)
    return unit, officer, second, head


def test_an_unacknowledged_flash_cable_alerts_the_duty_roster_and_escalates_on_time() -> None:
    with time_machine.travel(START, tick=False) as clock:
        unit, officer, second, head = _unit_with_roster()
        cable = released_cable(precedence_code="FLASH", action=[unit], classification=1)
        delivery = cable.deliveries.get()
        # FLASH: 10 minutes to acknowledge, then 10 more before escalation (the defaults).
        assert delivery.ack_due_at == START + timedelta(minutes=10)
        assert [at for at, _ in scheduled()] == [START + timedelta(minutes=10)]

        clock.shift(timedelta(minutes=9, seconds=59))
        run_due_jobs()
        delivery.refresh_from_db()
        assert delivery.alerted_at is None
        assert notified(officer, ALERT) == []

        clock.shift(timedelta(seconds=1))
        assert run_due_jobs() == 1
        delivery.refresh_from_db()
        assert delivery.alerted_at == START + timedelta(minutes=10)
        [alert] = notified(officer, ALERT)
        assert "FLASH" in alert.title
        assert cable.subject not in alert.title + alert.body  # no classified content
        assert notified(second, ALERT) == []
        assert notified(head, ALERT) == []
        assert [at for at, _ in scheduled()] == [START + timedelta(minutes=20)]

        clock.shift(timedelta(minutes=9))
        run_due_jobs()
        delivery.refresh_from_db()
        assert delivery.escalated_at is None

        clock.shift(timedelta(minutes=1))
        run_due_jobs()
        delivery.refresh_from_db()
        assert delivery.escalated_at == START + timedelta(minutes=20)
        for person in (second, head, cable.created_by, cable.released_by):
            assert len(notified(person, ESCALATION)) == 1
        assert notified(officer, ESCALATION) == []
        kinds = list(cable.events.values_list("kind", flat=True))
        assert kinds[-2:] == ["alerted", "escalated"]


def test_acknowledging_before_the_deadline_means_no_alert_and_no_escalation() -> None:
    with time_machine.travel(START, tick=False) as clock:
        unit, officer, second, head = _unit_with_roster()
        addressee = UserFactory(unit=unit, clearance=2)
        cable = released_cable(precedence_code="IMMEDIATE", action=[unit], classification=1)
        delivery = cable.deliveries.get()

        clock.shift(timedelta(minutes=59))
        acknowledge(addressee, delivery.pk)
        clock.shift(timedelta(hours=3))
        run_due_jobs()
        run_due_jobs()

        delivery.refresh_from_db()
        assert delivery.acknowledged_by == addressee
        assert delivery.alerted_at is None
        assert delivery.escalated_at is None
        for person in (officer, second, head):
            assert notified(person, ALERT) == []
            assert notified(person, ESCALATION) == []


def test_the_alert_goes_to_the_unit_heads_when_nobody_is_on_duty() -> None:
    with time_machine.travel(START, tick=False) as clock:
        unit = UnitFactory()
        member = UserFactory(unit=unit)
        head = head_of(unit)
        # A shift that ended before the deadline does not count.
        on_duty(member, starts=START - timedelta(hours=9), hours=8)
        cable = released_cable(precedence_code="FLASH", action=[unit])

        clock.shift(timedelta(minutes=10))
        run_due_jobs()

        assert len(notified(head, ALERT)) == 1
        assert notified(member, ALERT) == []
        assert cable.deliveries.get().alerted_at is not None


def test_a_rerun_or_duplicated_job_alerts_and_escalates_each_only_once() -> None:
    from chancery.documents.cables.tasks import check_ack_timers, sweep_ack_timers

    with time_machine.travel(START, tick=False) as clock:
        unit, officer, second, head = _unit_with_roster()
        cable = released_cable(precedence_code="FLASH", action=[unit])

        clock.shift(timedelta(minutes=10))
        for _ in range(3):
            check_ack_timers(cable_id=str(cable.pk))
            sweep_ack_timers(timestamp=0)
        clock.shift(timedelta(minutes=10))
        for _ in range(3):
            check_ack_timers(cable_id=str(cable.pk))
            sweep_ack_timers(timestamp=0)
        run_due_jobs()

        assert len(notified(officer, ALERT)) == 1
        assert len(notified(second, ESCALATION)) == 1
        assert len(notified(head, ESCALATION)) == 1
        assert list(
            cable.events.filter(kind__in=["alerted", "escalated"]).values_list("kind", flat=True)
        ) == ["alerted", "escalated"]


def test_the_sweep_catches_a_timer_whose_job_was_lost() -> None:
    from django.db import connection

    from chancery.documents.cables.tasks import sweep_ack_timers

    with time_machine.travel(START, tick=False) as clock:
        unit, officer, _second, _head = _unit_with_roster()
        cable = released_cable(precedence_code="FLASH", action=[unit])
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE task_name = 'cables.check_ack_timers'"
            )

        clock.shift(timedelta(minutes=11))
        sweep_ack_timers(timestamp=0)

        assert len(notified(officer, ALERT)) == 1
        assert cable.deliveries.get().alerted_at == START + timedelta(minutes=11)


def test_information_addressees_and_routine_cables_have_no_deadline() -> None:
    unit = UnitFactory()
    flash = released_cable(precedence_code="FLASH", info=[unit])
    routine = released_cable(precedence_code="ROUTINE", action=[UnitFactory()])

    assert flash.deliveries.get().ack_due_at is None
    assert routine.deliveries.get().ack_due_at is None
    assert scheduled() == []


def test_the_action_units_of_one_cable_share_one_timer_job_and_are_each_alerted() -> None:
    with time_machine.travel(START, tick=False) as clock:
        first, second = UnitFactory(), UnitFactory()
        first_head, second_head = head_of(first), head_of(second)
        cable = released_cable(precedence_code="FLASH", action=[first, second])
        assert len(scheduled()) == 1

        clock.shift(timedelta(minutes=10))
        run_due_jobs()

        assert len(scheduled()) == 1  # one escalation check for both
        assert len(notified(first_head, ALERT)) == 1
        assert len(notified(second_head, ALERT)) == 1
        assert cable.deliveries.filter(alerted_at__isnull=True).count() == 0
