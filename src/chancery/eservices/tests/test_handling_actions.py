"""Staff actions on a dossier: each one's success and its refusals (permission, state, stale
revision, bad input)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from chancery.core.constants import Role
from chancery.core.models import AuditEntry
from chancery.eservices.actions.lifecycle import lock, transition
from chancery.eservices.constants import State
from chancery.eservices.exceptions import InvalidTransition, NotAllowed, StaleRevision
from chancery.eservices.handling import actions
from chancery.eservices.handling.rules import InvalidInput, StepNotAllowed
from chancery.eservices.models import ApprovalStep
from chancery.eservices.tests.factories import hq_department, mission, officer
from chancery.eservices.tests.factories_handling import unit_dossier

pytestmark = pytest.mark.django_db
PASSPORT_WRONG = [{"component": "passport", "problem": "wrong", "note": "expired"}]


@pytest.fixture
def unit() -> Any:
    return hq_department()


def _fresh(row: Any) -> Any:
    row.refresh_from_db()
    return row


# Intake -------------------------------------------------------------------------------------


def test_a_clerk_accepts_a_complete_dossier_with_history_and_audit(unit: Any) -> None:
    row = unit_dossier(unit)
    actions.accept(officer(unit, Role.CLERK.value), row.pk, revision=0)
    row = _fresh(row)
    assert (row.state, row.revision) == (State.ACCEPTED, 1)
    assert row.events.get().to_state == State.ACCEPTED
    assert AuditEntry.objects.filter(action="eservices.accepted", object_id=str(row.pk)).exists()


def test_accepting_is_refused_to_another_unit_to_other_roles_in_a_wrong_state_and_when_stale(
    unit: Any,
) -> None:
    row = unit_dossier(unit)
    with pytest.raises(NotAllowed):
        actions.accept(officer(mission()), row.pk, revision=0)
    with pytest.raises(NotAllowed):
        actions.accept(officer(unit, Role.EDITOR.value), row.pk, revision=0)
    with pytest.raises(NotAllowed):
        actions.accept(officer(unit), 999_999, revision=0)
    with pytest.raises(StaleRevision):
        actions.accept(officer(unit), row.pk, revision=7)
    processing = unit_dossier(unit, state=State.PROCESSING)
    with pytest.raises(InvalidTransition):
        actions.accept(officer(unit), processing.pk, revision=0)
    assert _fresh(row).state == State.SUBMITTED
    assert not row.events.exists()


def test_two_officers_on_the_same_revision_only_the_first_one_wins(unit: Any) -> None:
    row = unit_dossier(unit)
    actions.accept(officer(unit), row.pk, revision=0)
    with pytest.raises(StaleRevision):
        actions.refuse(officer(unit), row.pk, reason="incomplete", revision=0)
    assert _fresh(row).state == State.ACCEPTED


def test_a_supplement_request_lists_the_components_and_pauses_the_clock_each_round(
    unit: Any,
) -> None:
    row = unit_dossier(unit)
    clerk = officer(unit, Role.CLERK.value)
    first = actions.request_supplement(
        clerk, row.pk, items=PASSPORT_WRONG, reason="Expired passport.", revision=0
    )
    row = _fresh(row)
    assert (first.round, first.items, row.state) == (1, PASSPORT_WRONG, State.SUPPLEMENT_REQUESTED)
    assert row.paused_since is not None
    event = row.events.get(action="supplement_requested")
    assert event.public
    assert event.data["items"] == PASSPORT_WRONG
    with transaction.atomic():
        transition(lock(row.pk), State.SUBMITTED, by_applicant=True, action="supplied")
    second = actions.request_supplement(
        clerk,
        row.pk,
        items=[{"component": "document", "problem": "missing"}],
        reason="The document itself is missing.",
        revision=_fresh(row).revision,
    )
    assert second.round == 2


@pytest.mark.parametrize(
    ("items", "reason"),
    [
        ([], "Missing papers."),
        ([{"component": "birth_certificate", "problem": "missing"}], "Missing papers."),
        ([{"component": "passport", "problem": "blurred"}], "Missing papers."),
        (PASSPORT_WRONG, "  "),
    ],
)
def test_a_supplement_request_without_valid_items_or_reason_is_refused(
    unit: Any, items: list[dict[str, str]], reason: str
) -> None:
    row = unit_dossier(unit)
    with pytest.raises(InvalidInput) as refused:
        actions.request_supplement(officer(unit), row.pk, items=items, reason=reason, revision=0)
    assert refused.value.errors
    assert _fresh(row).state == State.SUBMITTED
    assert not row.supplements.exists()


def test_refusing_at_intake_needs_a_reason_and_a_submitted_dossier(unit: Any) -> None:
    row = unit_dossier(unit)
    with pytest.raises(InvalidInput):
        actions.refuse(officer(unit), row.pk, reason="", revision=0)
    actions.refuse(officer(unit), row.pk, reason="Not a consular matter.", revision=0)
    assert _fresh(row).state == State.REFUSED
    assert row.events.get().note == "Not a consular matter."
    with pytest.raises(InvalidTransition):
        actions.refuse(
            officer(unit), unit_dossier(unit, state=State.PROCESSING).pk, reason="x", revision=0
        )


# Assignment and processing ----------------------------------------------------------------


def test_the_unit_head_assigns_to_a_handler_of_the_unit_only(unit: Any) -> None:
    row = unit_dossier(unit, state=State.ACCEPTED)
    head, specialist = officer(unit, Role.UNIT_HEAD.value), officer(unit, Role.SPECIALIST.value)
    with pytest.raises(StepNotAllowed):
        actions.assign(officer(unit, Role.CLERK.value), row.pk, assignee=specialist, revision=0)
    with pytest.raises(InvalidInput):
        actions.assign(head, row.pk, assignee=officer(mission()), revision=0)
    with pytest.raises(InvalidInput):
        actions.assign(head, row.pk, assignee=officer(unit, Role.EDITOR.value), revision=0)
    actions.assign(head, row.pk, assignee=specialist, revision=0)
    row = _fresh(row)
    assert (row.assignee, row.revision) == (specialist, 1)
    assert not row.events.get(action="assigned").public


def test_starting_work_takes_an_unassigned_dossier_but_not_someone_elses(unit: Any) -> None:
    row = unit_dossier(unit, state=State.ACCEPTED)
    clerk = officer(unit, Role.CLERK.value)
    actions.start_processing(clerk, row.pk, revision=0)
    row = _fresh(row)
    assert (row.state, row.assignee) == (State.PROCESSING, clerk)
    other = unit_dossier(unit, state=State.ACCEPTED, assignee=officer(unit, Role.SPECIALIST.value))
    with pytest.raises(StepNotAllowed):
        actions.start_processing(clerk, other.pk, revision=0)
    with pytest.raises(InvalidTransition):
        actions.start_processing(clerk, row.pk, revision=row.revision)


# Approval -----------------------------------------------------------------------------------


def test_two_step_approval_goes_through_the_unit_head_then_a_leader(unit: Any) -> None:
    specialist = officer(unit, Role.SPECIALIST.value)
    row = unit_dossier(unit, state=State.PROCESSING, assignee=specialist)
    steps = actions.submit_for_approval(
        specialist, row.pk, steps=["unit_head", "leader"], revision=0
    )
    assert [s.role for s in steps] == ["unit_head", "leader"]
    row = _fresh(row)
    assert row.state == State.AWAITING_APPROVAL
    with pytest.raises(StepNotAllowed):  # the clerk does not hold the step's role
        actions.decide_step(
            officer(unit, Role.CLERK.value), row.pk, decision="approved", revision=row.revision
        )
    with pytest.raises(NotAllowed):  # a unit head of another unit does not even see it
        actions.decide_step(
            officer(mission(), Role.UNIT_HEAD.value),
            row.pk,
            decision="approved",
            revision=row.revision,
        )
    actions.decide_step(
        officer(unit, Role.UNIT_HEAD.value), row.pk, decision="approved", revision=row.revision
    )
    row = _fresh(row)
    assert row.state == State.AWAITING_APPROVAL
    with pytest.raises(StepNotAllowed):  # the leader's step is not the unit head's
        actions.decide_step(
            officer(unit, Role.UNIT_HEAD.value), row.pk, decision="approved", revision=row.revision
        )
    leader = officer(hq_department("VP"), Role.LEADER.value)
    actions.decide_step(leader, row.pk, decision="approved", note="OK", revision=row.revision)
    row = _fresh(row)
    assert row.state == State.APPROVED
    assert list(row.approvals.values_list("decision", flat=True)) == ["approved", "approved"]


def test_the_assignee_never_approves_their_own_work(unit: Any) -> None:
    head = officer(unit, Role.UNIT_HEAD.value)
    row = unit_dossier(unit, state=State.PROCESSING, assignee=head)
    actions.submit_for_approval(head, row.pk, steps=["unit_head"], revision=0)
    with pytest.raises(StepNotAllowed):
        actions.decide_step(head, row.pk, decision="approved", revision=1)


def test_a_step_sent_back_returns_to_processing_and_a_rejection_needs_a_reason(unit: Any) -> None:
    row = unit_dossier(unit, state=State.PROCESSING, assignee=officer(unit, Role.SPECIALIST.value))
    head = officer(unit, Role.UNIT_HEAD.value)
    actions.submit_for_approval(head, row.pk, steps=["unit_head"], revision=0)
    with pytest.raises(InvalidInput):
        actions.decide_step(head, row.pk, decision="returned", note="", revision=1)
    with pytest.raises(InvalidInput):
        actions.decide_step(head, row.pk, decision="maybe", note="x", revision=1)
    actions.decide_step(head, row.pk, decision="returned", note="Check the seal.", revision=1)
    row = _fresh(row)
    assert row.state == State.PROCESSING
    actions.submit_for_approval(head, row.pk, steps=["unit_head"], revision=row.revision)
    actions.decide_step(
        head, row.pk, decision="rejected", note="Forged.", revision=row.revision + 1
    )
    row = _fresh(row)
    assert row.state == State.REJECTED
    assert list(row.approvals.values_list("order", "decision")) == [
        (1, "returned"),
        (2, "rejected"),
    ]


def test_approval_steps_must_name_known_roles(unit: Any) -> None:
    row = unit_dossier(unit, state=State.PROCESSING)
    for steps in ([], ["archivist"], ["unit_head"] * 6):
        with pytest.raises(InvalidInput):
            actions.submit_for_approval(officer(unit), row.pk, steps=steps, revision=0)
    assert not ApprovalStep.objects.filter(dossier=row).exists()


def test_a_consular_officer_approves_directly_but_a_clerk_may_not(unit: Any) -> None:
    row = unit_dossier(unit, state=State.PROCESSING)
    with pytest.raises(StepNotAllowed):
        actions.approve(officer(unit, Role.CLERK.value), row.pk, revision=0)
    actions.approve(officer(unit), row.pk, revision=0)
    assert _fresh(row).state == State.APPROVED
    waiting = unit_dossier(unit, state=State.AWAITING_APPROVAL)
    with pytest.raises(InvalidTransition):
        actions.approve(officer(unit), waiting.pk, revision=0)
    other = unit_dossier(unit, state=State.PROCESSING)
    with pytest.raises(InvalidInput):
        actions.reject(officer(unit), other.pk, reason="", revision=0)
    actions.reject(officer(unit), other.pk, reason="Not eligible.", revision=0)
    assert _fresh(other).state == State.REJECTED


# Deadlines and return -----------------------------------------------------------------------


def test_only_those_who_direct_the_unit_extend_or_apologise(unit: Any) -> None:
    row = unit_dossier(unit, state=State.PROCESSING)
    clerk = officer(unit, Role.CLERK.value)
    with pytest.raises(StepNotAllowed):
        actions.extend(clerk, row.pk, new_due_on=dt.date(2026, 3, 16), reason="x", revision=0)
    with pytest.raises(StepNotAllowed):
        actions.send_apology(clerk, row.pk, text="Sorry.", revision=0)
    actions.send_apology(officer(unit, Role.UNIT_HEAD.value), row.pk, text="Sorry.", revision=0)
    row = _fresh(row)
    assert row.events.get(action="apology_sent").public
    assert row.revision == 1
    closed = unit_dossier(unit, state=State.RETURNED)
    with pytest.raises(InvalidTransition):
        actions.extend(
            officer(unit), closed.pk, new_due_on=dt.date(2026, 3, 16), reason="x", revision=0
        )


def test_returning_the_result_says_how_and_closes_the_dossier(unit: Any) -> None:
    row = unit_dossier(unit, state=State.RESULT_ISSUED)
    with pytest.raises(InvalidInput):
        actions.mark_returned(officer(unit), row.pk, how="pigeon", revision=0)
    actions.mark_returned(officer(unit, Role.CLERK.value), row.pk, how="collected", revision=0)
    row = _fresh(row)
    assert row.state == State.RETURNED
    assert row.returned_at is not None
    assert row.events.get().data == {"how": "collected"}
    with pytest.raises(InvalidTransition):
        actions.mark_returned(
            officer(unit), unit_dossier(unit, state=State.APPROVED).pk, how="posted", revision=0
        )
