"""Routing and handling of incoming documents: assign to units, sub-assign to specialists,
comment, consult other units, report progress, complete; reminders and escalation.

Every action takes the acting user, locks the document row, checks visibility (a document the
user may not see answers ``Http404``) and then the rules in ``documents/policies.py``, writes
an activity and an audit entry in the same transaction, and notifies the people concerned
(never with the document's text: a notification names no subject, only a link).

Actions that change the state of the handling (assign, sub-assign, cancel, reassign, request an
opinion, complete) need the ``version`` the user loaded and bump it; comments, opinions and
progress reports are additions that never conflict, and check the version only if given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.service import (
    Unit,
    User,
    add_working_days,
    calendar_for_unit,
    can,
    notify,
    record_audit,
)
from chancery.documents.actions.common import (
    add_file,
    bump,
    document_url,
    lock_document,
    unit_heads,
)
from chancery.documents.constants import (
    DEFAULT_DEADLINE_DAYS,
    OPEN_INCOMING,
    ActivityKind,
    AssignmentRole,
    AssignmentStatus,
    Direction,
    FileRole,
    Status,
)
from chancery.documents.exceptions import DocumentError, NotAllowed, WrongState
from chancery.documents.models import Activity, Assignment, Document, DocumentFile
from chancery.documents.policies import may_cancel, may_handle, may_sub_assign

ACTIVE = (AssignmentStatus.OPEN, AssignmentStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Upload:
    """A file attached to a comment, an opinion, a progress report or a result."""

    stream: IO[bytes]
    filename: str
    content_type: str = ""


@dataclass(frozen=True)
class Routing:
    """Who handles a document: one lead unit, coordinating units, units for information, and
    the deadline (an explicit date, else ``working_days`` from today in the lead unit's
    calendar, else the default for the document's urgency)."""

    lead: Unit
    coordinating: Sequence[Unit] = ()
    information: Sequence[Unit] = ()
    due_date: date | None = None
    working_days: int | None = None
    instructions: str = ""
    units_by_role: dict[str, list[Unit]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[int] = set()
        for role, units in (
            (AssignmentRole.LEAD, [self.lead]),
            (AssignmentRole.COORDINATE, list(self.coordinating)),
            (AssignmentRole.INFORMATION, list(self.information)),
        ):
            for unit in units:
                if unit.pk in seen:
                    raise DocumentError(_("A unit can have only one role on a document."))
                seen.add(unit.pk)
            self.units_by_role[role] = units


# Helpers ------------------------------------------------------------------------------------


def _locked(user: User, document: Document, version: int | None) -> Document:
    """The document's row, locked; 404 if ``user`` may not see it; ``StaleVersion`` if
    ``version`` is given and no longer current; ``RecordImmutable`` for a record."""
    if not can(user, "view", document):
        raise Http404
    return lock_document(document, version)


def _active_assignment(assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status not in ACTIVE:
        raise WrongState(_("This assignment is already closed."))
    return locked


def _notify(users: Iterable[User], kind: str, title: str, document: Document) -> None:
    """Tell people about work on a document: a title with no content of it and a link."""
    sent: set[int] = set()
    for user in users:
        if user.pk not in sent:
            sent.add(user.pk)
            notify(user, f"documents.{kind}", title, url=document_url(document))


def _store_files(user: User, document: Document, uploads: Sequence[Upload]) -> list[DocumentFile]:
    """Store attachments at the document's classification (encrypted if classified)."""
    return [
        add_file(
            user,
            document,
            upload.stream.read(),
            filename=upload.filename,
            role=FileRole.ATTACHMENT,
            declared_type=upload.content_type,
        )
        for upload in uploads
    ]


def _activity(
    user: User | None,
    document: Document,
    kind: str,
    body: str = "",
    *,
    assignment: Assignment | None = None,
    uploads: Sequence[Upload] = (),
    **extra: object,
) -> Activity:
    activity = Activity.objects.create(
        document=document,
        assignment=assignment,
        kind=kind,
        author=user,
        body=body,
        **extra,
    )
    if uploads and user is not None:
        activity.files.set(_store_files(user, document, uploads))
    return activity


def default_due_date(document: Document, unit: Unit, today: date | None = None) -> date:
    """The deadline by urgency: CHANCERY_DOCUMENTS_DEADLINES or the decree's defaults."""
    days_by_urgency = getattr(settings, "CHANCERY_DOCUMENTS_DEADLINES", None) or (
        DEFAULT_DEADLINE_DAYS
    )
    days = int(days_by_urgency.get(document.urgency, DEFAULT_DEADLINE_DAYS[document.urgency]))
    return add_working_days(today or timezone.localdate(), days, calendar_for_unit(unit))


def _due(routing: Routing, document: Document) -> date:
    if routing.due_date is not None:
        if routing.due_date < timezone.localdate():
            raise DocumentError(_("The deadline cannot be in the past."))
        return routing.due_date
    if routing.working_days is not None:
        if routing.working_days < 0:
            raise DocumentError(_("The number of working days cannot be negative."))
        calendar = calendar_for_unit(routing.lead)
        return add_working_days(timezone.localdate(), routing.working_days, calendar)
    return default_due_date(document, routing.lead)


# Assigning ----------------------------------------------------------------------------------


def assign_document(
    user: User, document: Document, routing: Routing, *, version: int
) -> list[Assignment]:
    """Assign a registered incoming document: one lead unit, coordinating units, units for
    information, a deadline and instructions. Leaders assign anywhere, unit heads what their
    unit holds. Refuses a document not registered or already led (``WrongState``), a stale
    version, and anyone else (``NotAllowed``). The assigned units gain access to it."""
    with transaction.atomic():
        document = _locked(user, document, version)
        if not can(user, "assign", document):
            raise NotAllowed
        if document.direction != Direction.INCOMING or document.status not in OPEN_INCOMING:
            raise WrongState
        if document.assignments.filter(
            role=AssignmentRole.LEAD, parent=None, status__in=ACTIVE
        ).exists():
            raise WrongState(_("The document already has a lead unit: reassign it instead."))
        due = _due(routing, document)
        made = [
            Assignment.objects.create(
                document=document,
                unit=unit,
                role=role,
                instructions=routing.instructions,
                due_date=None if role == AssignmentRole.INFORMATION else due,
                assigned_by=user,
            )
            for role, units in routing.units_by_role.items()
            for unit in units
        ]
        document.assigned_units.add(*[a.unit for a in made])
        bump(document, status=Status.ASSIGNED, due_date=due)
        summary = {role: [u.code for u in units] for role, units in routing.units_by_role.items()}
        _activity(user, document, ActivityKind.SYSTEM, data={"event": "assigned", **summary})
        record_audit(
            user, "documents.assigned", document, data={**summary, "due_date": due.isoformat()}
        )
        for assignment in made:
            _notify(
                unit_heads(assignment.unit_id),
                "assigned",
                _("A document was assigned to your unit."),
                document,
            )
    return made


def sub_assign(
    user: User,
    assignment: Assignment,
    assignee: User,
    *,
    version: int,
    instructions: str = "",
    due_date: date | None = None,
) -> Assignment:
    """Give a unit's assignment to one of its specialists (a child assignment). The unit head
    or the person the assignment designates may; the specialist must belong to the unit and be
    cleared for the document. The deadline cannot pass the parent's."""
    with transaction.atomic():
        document = _locked(user, assignment.document, version)
        parent = _active_assignment(assignment)
        if not may_sub_assign(user, parent):
            raise NotAllowed
        if parent.role == AssignmentRole.INFORMATION:
            raise WrongState(_("An assignment for information is not handled by anyone."))
        if assignee.unit_id != parent.unit_id or not assignee.is_active:
            raise DocumentError(_("Choose a member of the assigned unit."))
        if not can(assignee, "view", document):
            raise DocumentError(_("This person is not cleared to read the document."))
        if parent.children.filter(status__in=ACTIVE).exists():
            raise WrongState(_("The assignment is already sub-assigned: reassign it instead."))
        if due_date is not None and parent.due_date and due_date > parent.due_date:
            raise DocumentError(_("The deadline cannot be later than the unit's deadline."))
        if due_date is not None and due_date < timezone.localdate():
            raise DocumentError(_("The deadline cannot be in the past."))
        child = Assignment.objects.create(
            document=document,
            parent=parent,
            unit=parent.unit,
            assignee=assignee,
            role=parent.role,
            instructions=instructions,
            due_date=due_date or parent.due_date,
            assigned_by=user,
        )
        parent.status = AssignmentStatus.IN_PROGRESS
        parent.save(update_fields=["status"])
        status = Status.IN_PROGRESS if document.status == Status.ASSIGNED else document.status
        bump(document, status=status)
        _activity(
            user,
            document,
            ActivityKind.SYSTEM,
            assignment=child,
            data={"event": "sub_assigned", "assignee": assignee.username},
        )
        record_audit(
            user,
            "documents.sub_assigned",
            document,
            data={"assignment": parent.pk, "child": child.pk, "assignee": assignee.username},
        )
        _notify([assignee], "assigned", _("A document was assigned to you."), document)
    return child


def cancel_assignment(
    user: User, assignment: Assignment, *, version: int, reason: str = ""
) -> Assignment:
    """Cancel an open assignment and its open sub-assignments. Whoever made it may; for a
    unit's assignment also whoever may assign the document, for a sub-assignment the unit
    head. Cancelling the lead unit's assignment sends the document back to "registered"."""
    with transaction.atomic():
        document = _locked(user, assignment.document, version)
        locked = _active_assignment(assignment)
        if not may_cancel(user, locked):
            raise NotAllowed
        locked.status = AssignmentStatus.CANCELLED
        locked.save(update_fields=["status"])
        locked.children.filter(status__in=ACTIVE).update(status=AssignmentStatus.CANCELLED)
        changes: dict[str, object] = {}
        if locked.parent_id is None and locked.role == AssignmentRole.LEAD:
            changes = {"status": Status.REGISTERED, "due_date": None}
        elif (
            locked.parent_id is not None
            and not locked.parent.children.filter(  # type: ignore[union-attr]
                status__in=ACTIVE
            ).exists()
        ):
            Assignment.objects.filter(pk=locked.parent_id, status__in=ACTIVE).update(
                status=AssignmentStatus.OPEN
            )
        bump(document, **changes)
        _activity(
            user,
            document,
            ActivityKind.SYSTEM,
            body=reason,
            assignment=locked,
            data={"event": "cancelled", "unit": locked.unit.code},
        )
        record_audit(
            user,
            "documents.assignment_cancelled",
            document,
            data={"assignment": locked.pk, "reason": reason},
        )
    return locked


def reassign(
    user: User,
    assignment: Assignment,
    *,
    version: int,
    unit: Unit | None = None,
    assignee: User | None = None,
    reason: str = "",
) -> Assignment:
    """Move an assignment to another unit (a unit's assignment) or another specialist (a
    sub-assignment): the old one is cancelled and a new one made, with the same role, deadline
    and instructions. Same permissions as cancelling and then assigning."""
    with transaction.atomic():
        cancel_assignment(user, assignment, version=version, reason=reason)
        document = Document.objects.get(pk=assignment.document_id)
        if assignment.parent is not None:
            if assignee is None:
                raise DocumentError(_("Choose the specialist to reassign to."))
            return sub_assign(
                user,
                assignment.parent,
                assignee,
                version=document.version,
                instructions=assignment.instructions,
                due_date=assignment.due_date,
            )
        if unit is None:
            raise DocumentError(_("Choose the unit to reassign to."))
        if assignment.role != AssignmentRole.LEAD:
            made = _add_unit(user, document, assignment, unit)
        else:
            routing = Routing(
                lead=unit, due_date=assignment.due_date, instructions=assignment.instructions
            )
            made = assign_document(user, document, routing, version=document.version)[0]
        return made


def _add_unit(user: User, document: Document, old: Assignment, unit: Unit) -> Assignment:
    document = _locked(user, document, None)
    if not can(user, "assign", document):
        raise NotAllowed
    made = Assignment.objects.create(
        document=document,
        unit=unit,
        role=old.role,
        instructions=old.instructions,
        due_date=old.due_date,
        assigned_by=user,
    )
    document.assigned_units.add(unit)
    bump(document)
    record_audit(user, "documents.assigned", document, data={old.role: [unit.code]})
    _notify(unit_heads(unit.pk), "assigned", _("A document was assigned to your unit."), document)
    return made


# Handling -----------------------------------------------------------------------------------


def add_comment(
    user: User,
    document: Document,
    body: str,
    *,
    uploads: Sequence[Upload] = (),
    version: int | None = None,
) -> Activity:
    """Comment on a document, with attachments stored at its classification. Leaders, the
    holding unit, the units assigned or consulted and its distribution may."""
    if not body.strip():
        raise DocumentError(_("Write the comment."))
    with transaction.atomic():
        document = _locked(user, document, version)
        if not can(user, "comment", document):
            raise NotAllowed
        activity = _activity(user, document, ActivityKind.COMMENT, body, uploads=uploads)
        record_audit(
            user,
            "documents.commented",
            document,
            data={"activity": activity.pk, "files": [f.sha256 for f in activity.files.all()]},
        )
    return activity


def request_opinion(
    user: User, document: Document, target_unit: Unit, question: str, *, version: int
) -> Activity:
    """Ask another unit for its opinion: the unit gains access to the document and its heads
    find the request in their inbox. Leaders, heads of the holding or a handling unit and the
    specialists handling it may; not once the document is completed."""
    if not question.strip():
        raise DocumentError(_("Write the question."))
    with transaction.atomic():
        document = _locked(user, document, version)
        if not can(user, "request_opinion", document):
            raise NotAllowed
        if document.status not in OPEN_INCOMING:
            raise WrongState
        if target_unit.pk == user.unit_id:
            raise DocumentError(_("Ask another unit than your own."))
        document.assigned_units.add(target_unit)
        bump(document)
        assignment = document.assignments.filter(status__in=ACTIVE).filter(assignee=user).first()
        activity = _activity(
            user,
            document,
            ActivityKind.OPINION_REQUEST,
            question,
            assignment=assignment,
            target_unit=target_unit,
        )
        record_audit(
            user,
            "documents.opinion_requested",
            document,
            data={"activity": activity.pk, "unit": target_unit.code},
        )
        _notify(
            unit_heads(target_unit.pk),
            "opinion_requested",
            _("Your unit is asked for its opinion on a document."),
            document,
        )
    return activity


def give_opinion(
    user: User,
    request: Activity,
    body: str,
    *,
    uploads: Sequence[Upload] = (),
    version: int | None = None,
) -> Activity:
    """Answer a request for an opinion, once; members of the unit asked may."""
    if not body.strip():
        raise DocumentError(_("Write the opinion."))
    with transaction.atomic():
        document = _locked(user, request.document, version)
        if request.kind != ActivityKind.OPINION_REQUEST:
            raise Http404
        if user.unit_id is None or request.target_unit_id != user.unit_id:
            raise NotAllowed
        if Activity.objects.filter(reply_to=request, kind=ActivityKind.OPINION).exists():
            raise WrongState(_("Your unit has already given its opinion."))
        opinion = _activity(
            user, document, ActivityKind.OPINION, body, uploads=uploads, reply_to=request
        )
        record_audit(
            user,
            "documents.opinion_given",
            document,
            data={"activity": opinion.pk, "request": request.pk},
        )
        if request.author is not None:
            _notify([request.author], "opinion_given", _("An opinion was given."), document)
    return opinion


def report_progress(
    user: User,
    assignment: Assignment,
    body: str,
    *,
    uploads: Sequence[Upload] = (),
    version: int | None = None,
) -> Activity:
    """Report progress on an assignment one handles (its assignee, or the unit head when
    nobody in the unit holds it)."""
    if not body.strip():
        raise DocumentError(_("Describe the progress."))
    with transaction.atomic():
        document = _locked(user, assignment.document, version)
        locked = _active_assignment(assignment)
        if not may_handle(user, locked):
            raise NotAllowed
        if locked.status == AssignmentStatus.OPEN:
            locked.status = AssignmentStatus.IN_PROGRESS
            locked.save(update_fields=["status"])
        if document.status == Status.ASSIGNED:
            bump(document, status=Status.IN_PROGRESS)
        activity = _activity(
            user, document, ActivityKind.PROGRESS, body, assignment=locked, uploads=uploads
        )
        record_audit(
            user,
            "documents.progress_reported",
            document,
            data={"assignment": locked.pk, "activity": activity.pk},
        )
    return activity


def complete_assignment(
    user: User,
    assignment: Assignment,
    result: str,
    *,
    version: int,
    uploads: Sequence[Upload] = (),
) -> Assignment:
    """Complete an assignment with its result. A specialist's result completes the unit's
    assignment when it was the last open sub-assignment; when the lead unit's assignment is
    done, the document is completed. Refuses a unit's assignment still sub-assigned."""
    if not result.strip():
        raise DocumentError(_("Write the result."))
    with transaction.atomic():
        document = _locked(user, assignment.document, version)
        locked = _active_assignment(assignment)
        if not may_handle(user, locked):
            raise NotAllowed
        if locked.children.filter(status__in=ACTIVE).exists():
            raise WrongState(_("The specialist handling it completes this assignment."))
        now = timezone.now()
        done = [_close(locked, result, now)]
        parent = locked.parent
        if (
            parent is not None
            and parent.status in ACTIVE
            and not parent.children.filter(status__in=ACTIVE).exists()
        ):
            done.append(_close(parent, result, now))
        activity = _activity(
            user,
            document,
            ActivityKind.RESULT,
            result,
            assignment=locked,
            uploads=uploads,
            data={"on_time": _on_time(locked, now)},
        )
        changes: dict[str, object] = {}
        if any(a.role == AssignmentRole.LEAD and a.parent_id is None for a in done):
            changes = {"status": Status.COMPLETED, "completed_at": now}
        bump(document, **changes)
        record_audit(
            user,
            "documents.assignment_completed",
            document,
            data={
                "assignments": [a.pk for a in done],
                "activity": activity.pk,
                "on_time": _on_time(locked, now),
                "document_completed": bool(changes),
            },
        )
        if locked.assigned_by_id != user.pk:
            _notify([locked.assigned_by], "completed", _("An assignment was completed."), document)
    return locked


def _close(assignment: Assignment, result: str, now: object) -> Assignment:
    assignment.status = AssignmentStatus.DONE
    assignment.result = result
    assignment.completed_at = now  # type: ignore[assignment]
    assignment.save(update_fields=["status", "result", "completed_at"])
    return assignment


def _on_time(assignment: Assignment, now: object) -> bool:
    if assignment.due_date is None:
        return True
    return timezone.localdate(now) <= assignment.due_date  # type: ignore[arg-type]


# Reminders and escalation -------------------------------------------------------------------


def _due_for_follow_up(today: date) -> QuerySet[Assignment]:
    """Open assignments someone must act on: not for information, not waiting on a
    sub-assignment (the specialist's own assignment is followed instead), document open."""
    waiting_on_child = Assignment.objects.filter(parent=OuterRef("pk"), status__in=ACTIVE)
    return (
        Assignment.objects.filter(
            status__in=ACTIVE, due_date__isnull=False, document__status__in=OPEN_INCOMING
        )
        .exclude(role=AssignmentRole.INFORMATION)
        .exclude(Exists(waiting_on_child))
        .select_related("unit")
    )


def send_reminders_and_escalations(today: date | None = None) -> tuple[int, int]:
    """Remind the handler ``CHANCERY_DOCUMENTS_REMIND_DAYS`` working days before a deadline
    (the assignee, else the unit heads) and escalate an overdue assignment to the unit heads
    and whoever assigned it. Each happens once per assignment (``reminded_at``,
    ``escalated_at``), so running the job again sends nothing new. Returns (reminded,
    escalated). Called by the periodic job; no user acts."""
    today = today or timezone.localdate()
    days = int(settings.CHANCERY_DOCUMENTS_REMIND_DAYS)
    # A generous calendar-day bound first; the working-day test is exact, per unit calendar.
    horizon = today + timedelta(days=2 * days + 15)
    candidates = _due_for_follow_up(today)
    reminded = 0
    for assignment in candidates.filter(
        reminded_at__isnull=True, due_date__gte=today, due_date__lte=horizon
    ):
        due = assignment.due_date
        assert due is not None
        if add_working_days(due, -days, calendar_for_unit(assignment.unit)) <= today:
            reminded += _follow_up(assignment.pk, "reminded_at")
    escalated = sum(
        _follow_up(pk, "escalated_at")
        for pk in candidates.filter(escalated_at__isnull=True, due_date__lt=today).values_list(
            "pk", flat=True
        )
    )
    return reminded, escalated


def _follow_up(pk: int, stamp: str) -> int:
    """Send one reminder (``reminded_at``) or escalation (``escalated_at``), once."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("document", "assignee", "assigned_by")
            .filter(pk=pk, status__in=ACTIVE, **{f"{stamp}__isnull": True})
            .first()
        )
        if assignment is None:
            return 0
        setattr(assignment, stamp, timezone.now())
        assignment.save(update_fields=[stamp])
        document = assignment.document
        if stamp == "reminded_at":
            handlers = [assignment.assignee] if assignment.assignee else None
            recipients = handlers or unit_heads(assignment.unit_id)
            title = _("The deadline of a document you handle is near.")
            action = "documents.reminded"
        else:
            recipients = [*unit_heads(assignment.unit_id), assignment.assigned_by]
            title = _("A document assigned to your unit is overdue.")
            action = "documents.escalated"
        _notify(recipients, action.split(".")[1], title, document)
        record_audit(
            None,
            action,
            document,
            data={
                "assignment": assignment.pk,
                "due_date": str(assignment.due_date),
                "to": sorted({u.username for u in recipients}),
            },
        )
    return 1
