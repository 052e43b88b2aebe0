"""The state machine's one door: allowed moves, the paused clock, timeliness, history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from chancery.core.models import AuditEntry
from chancery.eservices.actions.lifecycle import lock, transition
from chancery.eservices.constants import State, Timeliness
from chancery.eservices.exceptions import InvalidTransition, StaleRevision
from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version

pytestmark = pytest.mark.django_db


def _move(dossier_id: int, to: str, **kwargs: object) -> None:
    with transaction.atomic():
        transition(lock(dossier_id), to, **kwargs)  # type: ignore[arg-type]


def test_a_move_the_state_machine_forbids_is_refused_and_changes_nothing() -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.SUBMITTED)
    with pytest.raises(InvalidTransition):
        _move(row.pk, State.RESULT_ISSUED)
    row.refresh_from_db()
    assert row.state == State.SUBMITTED
    assert not row.events.exists()


def test_a_transition_writes_history_and_audit_and_bumps_the_revision() -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.SUBMITTED)
    _move(row.pk, State.ACCEPTED, note="complete")
    row.refresh_from_db()
    assert (row.state, row.revision) == (State.ACCEPTED, 1)
    event = row.events.get()
    assert (event.from_state, event.to_state, event.note) == ("submitted", "accepted", "complete")
    assert AuditEntry.objects.filter(action="eservices.accepted", object_id=str(row.pk)).exists()
    with pytest.raises(StaleRevision), transaction.atomic():
        lock(row.pk, revision=0)


def test_waiting_for_the_applicant_pushes_the_return_date_by_the_working_days_spent() -> None:
    # Received Monday 2026-03-02, due Monday 2026-03-09 (5 working days).
    row = dossier(
        procedure_version(),
        ApplicantFactory(),
        state=State.ACCEPTED,
        received_on=dt.date(2026, 3, 2),
        due_on=dt.date(2026, 3, 9),
    )
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC), tick=False):
        _move(row.pk, State.SUPPLEMENT_REQUESTED)
    with time_machine.travel(dt.datetime(2026, 3, 6, 10, 0, tzinfo=dt.UTC), tick=False):
        _move(row.pk, State.SUBMITTED)  # the supplement arrives Friday: 3 working days later
    row.refresh_from_db()
    assert row.paused_working_days == 3
    assert row.due_on == dt.date(2026, 3, 12)
    assert row.paused_since is None


def test_completion_judges_timeliness_against_the_return_date() -> None:
    version, applicant = procedure_version(), ApplicantFactory()
    late = dossier(version, applicant, state=State.PROCESSING, due_on=dt.date(2026, 3, 9))
    early = dossier(version, applicant, state=State.PROCESSING, due_on=dt.date(2026, 3, 20))
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC), tick=False):
        _move(late.pk, State.REJECTED)
        _move(early.pk, State.REJECTED)
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.timeliness == Timeliness.LATE
    assert early.timeliness == Timeliness.EARLY
