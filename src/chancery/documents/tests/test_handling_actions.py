"""Assigning, sub-assigning, cancelling, reassigning and completing: each action's success and
each refusal (not allowed, invisible, wrong state, stale version, bad input)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from chancery.core.calendars import add_working_days, calendar_for_unit
from chancery.core.constants import Clearance
from chancery.core.models import AuditEntry, Notification
from chancery.core.tests.factories import UserFactory
from chancery.documents.actions.handling import (
    Routing,
    assign_document,
    cancel_assignment,
    complete_assignment,
    reassign,
    report_progress,
    sub_assign,
)
from chancery.documents.constants import AssignmentStatus, Status
from chancery.documents.exceptions import DocumentError, NotAllowed, StaleVersion, WrongState
from chancery.documents.models import Activity, Assignment, Document
from chancery.documents.tests.factories_handling import Office, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def o() -> Office:
    return office()


def _fresh(document: Document) -> Document:
    return Document.objects.get(pk=document.pk)


def _assigned(o: Office, **kwargs: object) -> tuple[Document, Assignment]:
    document = o.document(**kwargs)
    lead = assign_document(o.leader, document, Routing(lead=o.lead), version=document.version)[0]
    return _fresh(document), lead


def test_a_leader_assigns_lead_coordinating_and_information_units(o: Office) -> None:
    document = o.document(classification=Clearance.SECRET, distribution=[o.leader])
    routing = Routing(
        lead=o.lead,
        coordinating=[o.other],
        information=[o.registry],
        working_days=5,
        instructions="Prepare a reply",
    )

    made = assign_document(o.leader, document, routing, version=1)

    document = _fresh(document)
    expected_due = add_working_days(timezone.localdate(), 5, calendar_for_unit(o.lead))
    assert document.status == Status.ASSIGNED
    assert document.due_date == expected_due
    assert document.version == 2
    assert sorted((a.unit_id, a.role) for a in made) == sorted(
        [(o.lead.pk, "lead"), (o.other.pk, "coordinate"), (o.registry.pk, "information")]
    )
    assert {u.pk for u in document.assigned_units.all()} == {o.lead.pk, o.other.pk, o.registry.pk}
    # The unit's staff now see the classified document through the assignment.
    assert Document.objects.filter(pk=document.pk).visible_to(o.specialist).exists()
    note = Notification.objects.get(recipient=o.head)
    assert document.subject not in note.title + note.body
    assert note.url.endswith(f"/documents/{document.pk}/")
    assert AuditEntry.objects.filter(
        action="documents.assigned", object_id=str(document.pk)
    ).exists()


def test_an_explicit_deadline_date_wins_over_working_days(o: Office) -> None:
    document = o.document()
    day = timezone.localdate() + dt.timedelta(days=20)

    assign_document(o.leader, document, Routing(lead=o.lead, due_date=day), version=1)

    assert _fresh(document).due_date == day


def test_the_head_of_the_holding_unit_may_assign_its_documents(o: Office) -> None:
    registry_head = UserFactory(unit=o.registry, unit_head=True)
    document = o.document()

    assign_document(registry_head, document, Routing(lead=o.lead), version=1)

    assert _fresh(document).status == Status.ASSIGNED


@pytest.mark.parametrize("who", ["clerk", "specialist", "head"])
def test_others_may_not_assign(o: Office, who: str) -> None:
    document = o.document()

    with pytest.raises(NotAllowed):
        assign_document(getattr(o, who), document, Routing(lead=o.lead), version=1)
    assert _fresh(document).status == Status.REGISTERED


def test_assigning_a_document_one_cannot_see_answers_404(o: Office) -> None:
    document = o.document(classification=Clearance.SECRET)

    with pytest.raises(Http404):
        assign_document(o.leader, document, Routing(lead=o.lead), version=1)


def test_assigning_twice_or_a_completed_document_is_refused(o: Office) -> None:
    document, _lead = _assigned(o)
    with pytest.raises(WrongState):
        assign_document(o.leader, document, Routing(lead=o.other), version=document.version)
    done = o.document(status=Status.COMPLETED)
    with pytest.raises(WrongState):
        assign_document(o.leader, done, Routing(lead=o.lead), version=1)


def test_assigning_with_a_stale_version_is_refused(o: Office) -> None:
    document = o.document()
    Document.objects.filter(pk=document.pk).update(version=2)

    with pytest.raises(StaleVersion):
        assign_document(o.leader, document, Routing(lead=o.lead), version=1)
    assert not Assignment.objects.filter(document=document).exists()


def test_a_unit_cannot_have_two_roles_and_a_deadline_cannot_be_past(o: Office) -> None:
    with pytest.raises(DocumentError):
        Routing(lead=o.lead, coordinating=[o.lead])
    document = o.document()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(DocumentError):
        assign_document(o.leader, document, Routing(lead=o.lead, due_date=yesterday), version=1)


def test_the_unit_head_sub_assigns_to_a_specialist(o: Office) -> None:
    document, lead = _assigned(o)

    child = sub_assign(o.head, lead, o.specialist, version=document.version, instructions="Draft")

    lead.refresh_from_db()
    assert child.parent_id == lead.pk
    assert child.assignee == o.specialist
    assert child.due_date == lead.due_date
    assert lead.status == AssignmentStatus.IN_PROGRESS
    assert _fresh(document).status == Status.IN_PROGRESS
    assert Notification.objects.filter(recipient=o.specialist).exists()
    assert AuditEntry.objects.filter(action="documents.sub_assigned").exists()


def test_sub_assigning_is_refused_to_others_and_outside_the_unit(o: Office) -> None:
    document, lead = _assigned(o)
    with pytest.raises(NotAllowed):
        sub_assign(o.specialist, lead, o.specialist, version=document.version)
    with pytest.raises(NotAllowed):
        sub_assign(o.other_head, lead, o.specialist, version=document.version)
    with pytest.raises(DocumentError):
        sub_assign(o.head, lead, o.other_specialist, version=document.version)


def test_sub_assigning_to_someone_not_cleared_is_refused(o: Office) -> None:
    document, lead = _assigned(o, classification=Clearance.SECRET, distribution=[o.leader])
    uncleared = UserFactory(unit=o.lead, clearance=Clearance.UNCLASSIFIED)

    with pytest.raises(DocumentError):
        sub_assign(o.head, lead, uncleared, version=document.version)


def test_sub_assigning_twice_or_with_a_stale_version_is_refused(o: Office) -> None:
    document, lead = _assigned(o)
    with pytest.raises(StaleVersion):
        sub_assign(o.head, lead, o.specialist, version=document.version - 1)
    sub_assign(o.head, lead, o.specialist, version=document.version)
    with pytest.raises(WrongState):
        sub_assign(o.head, lead, o.specialist, version=_fresh(document).version)


def test_the_specialist_completes_and_the_document_is_completed_on_time(o: Office) -> None:
    document, lead = _assigned(o)
    child = sub_assign(o.head, lead, o.specialist, version=document.version)

    complete_assignment(
        o.specialist, child, "Replied by letter 12/BNG", version=document.version + 1
    )

    lead.refresh_from_db()
    child.refresh_from_db()
    document = _fresh(document)
    assert child.status == lead.status == AssignmentStatus.DONE
    assert lead.result == "Replied by letter 12/BNG"
    assert document.status == Status.COMPLETED
    assert document.completed_at is not None
    result = Activity.objects.get(document=document, kind="result")
    assert result.data == {"on_time": True}
    assert Notification.objects.filter(recipient=o.head, kind="documents.completed").exists()


def test_completing_late_is_recorded_as_late(o: Office, time_machine: object) -> None:
    document, lead = _assigned(o)
    due = _fresh(document).due_date
    assert due is not None
    time_machine.move_to(dt.datetime.combine(due + dt.timedelta(days=3), dt.time(10)))  # type: ignore[attr-defined]

    complete_assignment(o.head, lead, "Done late", version=document.version)

    assert Activity.objects.get(document=document, kind="result").data == {"on_time": False}


def test_completing_is_refused_to_others_when_sub_assigned_closed_or_stale(o: Office) -> None:
    document, lead = _assigned(o)
    with pytest.raises(NotAllowed):
        complete_assignment(o.specialist, lead, "x", version=document.version)
    with pytest.raises(StaleVersion):
        complete_assignment(o.head, lead, "x", version=document.version - 1)
    child = sub_assign(o.head, lead, o.specialist, version=document.version)
    with pytest.raises(WrongState):
        complete_assignment(o.head, lead, "x", version=_fresh(document).version)
    complete_assignment(o.specialist, child, "done", version=_fresh(document).version)
    with pytest.raises(WrongState):
        complete_assignment(o.specialist, child, "again", version=_fresh(document).version)
    with pytest.raises(DocumentError):
        complete_assignment(o.specialist, child, "  ", version=_fresh(document).version)


def test_progress_moves_the_assignment_and_document_in_progress(o: Office) -> None:
    document, lead = _assigned(o)

    report_progress(o.head, lead, "Consulting the embassy")

    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.IN_PROGRESS
    assert _fresh(document).status == Status.IN_PROGRESS
    with pytest.raises(NotAllowed):
        report_progress(o.other_head, lead, "not mine")
    with pytest.raises(StaleVersion):
        report_progress(o.head, lead, "stale", version=1)


def test_cancelling_the_lead_sends_the_document_back_to_registered(o: Office) -> None:
    document, lead = _assigned(o)
    with pytest.raises(NotAllowed):
        cancel_assignment(o.head, lead, version=document.version)

    cancel_assignment(o.leader, lead, version=document.version, reason="Wrong unit")

    lead.refresh_from_db()
    document = _fresh(document)
    assert lead.status == AssignmentStatus.CANCELLED
    assert document.status == Status.REGISTERED
    assert document.due_date is None
    with pytest.raises(WrongState):
        cancel_assignment(o.leader, lead, version=document.version)


def test_reassigning_moves_the_lead_to_another_unit(o: Office) -> None:
    document, lead = _assigned(o)

    moved = reassign(o.leader, lead, version=document.version, unit=o.other)

    lead.refresh_from_db()
    assert lead.status == AssignmentStatus.CANCELLED
    assert moved.unit == o.other
    assert moved.role == "lead"
    assert moved.due_date == lead.due_date
    assert _fresh(document).status == Status.ASSIGNED


def test_reassigning_a_sub_assignment_to_another_specialist(o: Office) -> None:
    document, lead = _assigned(o)
    child = sub_assign(o.head, lead, o.specialist, version=document.version)
    colleague = UserFactory(unit=o.lead, clearance=Clearance.SECRET)

    moved = reassign(o.head, child, version=_fresh(document).version, assignee=colleague)

    child.refresh_from_db()
    assert child.status == AssignmentStatus.CANCELLED
    assert moved.assignee == colleague
    assert moved.parent_id == lead.pk


def test_units_for_information_are_not_sub_assigned(o: Office) -> None:
    document = o.document()
    made = assign_document(
        o.leader, document, Routing(lead=o.other, information=[o.lead]), version=1
    )
    information = next(a for a in made if a.role == "information")

    with pytest.raises(WrongState):
        sub_assign(o.head, information, o.specialist, version=2)
    assert information.due_date is None
