"""Every staff-side write on a dossier: intake, assignment, processing, approval, deadlines,
the apology for a late dossier, and the return of the result.

Each action takes the acting member of staff and the revision they saw, owns its transaction,
locks the dossier row (``lifecycle.lock``), checks permission (``handling.rules``), changes
state only through ``lifecycle.transition`` and writes history and audit through it or
``lifecycle.record_event``. Refusals: ``NotAllowed`` (404, a dossier the user cannot see),
``StepNotAllowed`` (403), ``InvalidTransition`` (409, wrong state), ``StaleRevision`` (409,
someone changed it meanwhile), ``InvalidInput`` (422).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.service import User, calendar_for_unit, is_working_day
from chancery.eservices.actions.lifecycle import lock, record_event, transition
from chancery.eservices.constants import CLOSED_STATES, State
from chancery.eservices.exceptions import InvalidTransition, NotAllowed, StaleRevision
from chancery.eservices.handling import rules
from chancery.eservices.handling.rules import InvalidInput, StepNotAllowed
from chancery.eservices.models import (
    ApprovalStep,
    Dossier,
    DossierEvent,
    Extension,
    SupplementRequest,
)

PROBLEMS = ("missing", "wrong")
RETURN_WAYS = ("collected", "posted", "account")
MAX_APPROVAL_STEPS = 5


def _open(user: User, dossier_id: int, revision: int) -> Dossier:
    """The dossier locked for this transaction: 404 if the user cannot see it, 409 if stale."""
    try:
        dossier = lock(dossier_id)
    except Dossier.DoesNotExist:
        raise NotAllowed() from None
    if not rules.sees(user, dossier):
        raise NotAllowed()
    if dossier.revision != revision:
        raise StaleRevision()
    return dossier


def _require(allowed: bool) -> None:
    if not allowed:
        raise StepNotAllowed()


def _in(dossier: Dossier, *states: str) -> None:
    if dossier.state not in states:
        raise InvalidTransition()


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(errors={field: [message]})
    return value


def _bump(dossier: Dossier, *fields: str) -> None:
    """Save ``fields`` and a new revision (an edit that is not a change of state)."""
    dossier.revision += 1
    dossier.save(update_fields=[*fields, "revision", "updated_at"])


# Intake --------------------------------------------------------------------------------------


def accept(user: User, dossier_id: int, *, revision: int) -> Dossier:
    """The dossier is complete: accept it. Any handler of the unit; from SUBMITTED only."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_handle(user, dossier))
        _in(dossier, State.SUBMITTED)
        transition(dossier, State.ACCEPTED, actor=user, action="accepted")
    return dossier


def request_supplement(
    user: User,
    dossier_id: int,
    *,
    items: list[dict[str, str]],
    reason: str,
    revision: int,
) -> SupplementRequest:
    """Ask the applicant for missing or wrong components (the clock stops until they answer).

    Any handler of the unit; from SUBMITTED, ACCEPTED or PROCESSING. Refuses an empty list, a
    component the procedure does not have, a problem other than missing/wrong, no reason.
    """
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_handle(user, dossier))
        _in(dossier, State.SUBMITTED, State.ACCEPTED, State.PROCESSING)
        reason = _text(reason, "reason", _("Say why the dossier needs a supplement."))
        clean = _supplement_items(dossier, items)
        last = dossier.supplements.order_by("-round").values_list("round", flat=True).first()
        supplement = SupplementRequest.objects.create(
            dossier=dossier, round=(last or 0) + 1, requested_by=user, reason=reason, items=clean
        )
        transition(
            dossier,
            State.SUPPLEMENT_REQUESTED,
            actor=user,
            action="supplement_requested",
            note=reason,
            data={"round": supplement.round, "items": clean},
        )
    return supplement


def _supplement_items(dossier: Dossier, items: list[dict[str, str]]) -> list[dict[str, str]]:
    codes = {str(c.get("code")) for c in dossier.version.components or []}
    if not items:
        raise InvalidInput(errors={"items": [_("Name at least one component to supply.")]})
    clean = []
    for item in items:
        component = str(item.get("component", ""))
        problem = str(item.get("problem", ""))
        if component not in codes:
            raise InvalidInput(
                errors={"items": [_("Unknown component: %(code)s.") % {"code": component}]}
            )
        if problem not in PROBLEMS:
            raise InvalidInput(errors={"items": [_("Say whether it is missing or wrong.")]})
        clean.append(
            {"component": component, "problem": problem, "note": str(item.get("note", ""))}
        )
    return clean


def refuse(user: User, dossier_id: int, *, reason: str, revision: int) -> Dossier:
    """Refuse the dossier at intake, with the reason. Any handler of the unit; from SUBMITTED
    (or SUPPLEMENT_REQUESTED when the applicant never answered)."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_handle(user, dossier))
        _in(dossier, State.SUBMITTED, State.SUPPLEMENT_REQUESTED)
        reason = _text(reason, "reason", _("Say why the dossier is refused."))
        transition(dossier, State.REFUSED, actor=user, action="refused", note=reason)
    return dossier


# Assignment and processing ----------------------------------------------------------------------


def assign(user: User, dossier_id: int, *, assignee: User, revision: int) -> Dossier:
    """Give the dossier to a handler of its unit. Only the unit head or a consular officer of
    the unit; refuses an assignee outside the unit or without a handling role, and a closed
    dossier."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_assign(user, dossier))
        if dossier.state in CLOSED_STATES:
            raise InvalidTransition()
        if not rules.is_staff_of(assignee, dossier):
            raise InvalidInput(
                errors={"assignee": [_("Choose a member of staff of the dossier's unit.")]}
            )
        dossier.assignee = assignee
        _bump(dossier, "assignee")
        record_event(
            dossier,
            "assigned",
            actor=user,
            data={"assignee": assignee.username},
            public=False,
        )
    return dossier


def start_processing(user: User, dossier_id: int, *, revision: int) -> Dossier:
    """Start work on an accepted dossier; an unassigned dossier is taken by whoever starts.
    The assignee, or the unit head / a consular officer of the unit; from ACCEPTED only."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(
            rules.may_handle(user, dossier)
            and (dossier.assignee_id in (None, user.pk) or rules.may_assign(user, dossier))
        )
        _in(dossier, State.ACCEPTED)
        if dossier.assignee_id is None:
            dossier.assignee = user
            dossier.save(update_fields=["assignee"])
        transition(dossier, State.PROCESSING, actor=user, action="processing")
    return dossier


# Approval -----------------------------------------------------------------------------------


def submit_for_approval(
    user: User, dossier_id: int, *, steps: list[str], revision: int
) -> list[ApprovalStep]:
    """Send the processed dossier up for approval through ``steps`` (roles, in order, e.g.
    ``["unit_head", "leader"]``). Any handler of the unit; from PROCESSING. A previous round's
    steps stay in the history; the new round's steps follow them."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_handle(user, dossier))
        _in(dossier, State.PROCESSING)
        if not steps or len(steps) > MAX_APPROVAL_STEPS:
            raise InvalidInput(errors={"steps": [_("Choose one to five approval steps.")]})
        if any(role not in rules.APPROVER_ROLES for role in steps):
            raise InvalidInput(errors={"steps": [_("An approval step names an unknown role.")]})
        # A new round replaces what is left of the last one.
        dossier.approvals.filter(decision=ApprovalStep.Decision.PENDING).delete()
        start = (dossier.approvals.order_by("-order").values_list("order", flat=True).first()) or 0
        made = ApprovalStep.objects.bulk_create(
            ApprovalStep(dossier=dossier, order=start + index + 1, role=role)
            for index, role in enumerate(steps)
        )
        transition(
            dossier,
            State.AWAITING_APPROVAL,
            actor=user,
            action="submitted_for_approval",
            data={"steps": list(steps)},
            public=False,
        )
    return made


def current_step(dossier: Dossier) -> ApprovalStep | None:
    """The first pending approval step, if any."""
    return (
        dossier.approvals.filter(decision=ApprovalStep.Decision.PENDING).order_by("order").first()
    )


def decide_step(
    user: User, dossier_id: int, *, decision: str, note: str = "", revision: int
) -> ApprovalStep:
    """Decide the current approval step: approved (the last approval approves the dossier),
    returned (back to processing), rejected (a reason is required). By someone holding the
    step's role in the unit, or a leader; never the assignee on their own work."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _in(dossier, State.AWAITING_APPROVAL)
        step = current_step(dossier)
        if step is None:
            raise InvalidTransition()
        _require(rules.may_decide_step(user, dossier, step))
        if decision not in (
            ApprovalStep.Decision.APPROVED,
            ApprovalStep.Decision.RETURNED,
            ApprovalStep.Decision.REJECTED,
        ):
            raise InvalidInput(errors={"decision": [_("Choose approve, send back or reject.")]})
        if decision != ApprovalStep.Decision.APPROVED:
            note = _text(note, "note", _("Say why."))
        step.decision, step.note, step.approver = decision, note, user
        step.decided_at = timezone.now()
        step.save(update_fields=["decision", "note", "approver", "decided_at"])
        data = {"step": step.order, "role": step.role, "decision": decision}
        if decision == ApprovalStep.Decision.APPROVED and current_step(dossier) is not None:
            _bump(dossier)
            record_event(dossier, "step_approved", actor=user, note=note, data=data, public=False)
        elif decision == ApprovalStep.Decision.APPROVED:
            transition(dossier, State.APPROVED, actor=user, action="approved", note=note, data=data)
        elif decision == ApprovalStep.Decision.RETURNED:
            dossier.approvals.filter(decision=ApprovalStep.Decision.PENDING).delete()
            transition(
                dossier,
                State.PROCESSING,
                actor=user,
                action="sent_back",
                note=note,
                data=data,
                public=False,
            )
        else:
            dossier.approvals.filter(decision=ApprovalStep.Decision.PENDING).delete()
            transition(dossier, State.REJECTED, actor=user, action="rejected", note=note, data=data)
    return step


def approve(user: User, dossier_id: int, *, note: str = "", revision: int) -> Dossier:
    """Approve a processed dossier directly, for procedures (or small missions) that need no
    approval steps. The unit head or a consular officer of the unit, or a leader; from
    PROCESSING only (a dossier sent up for approval is decided step by step)."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_decide_directly(user, dossier))
        _in(dossier, State.PROCESSING)
        transition(dossier, State.APPROVED, actor=user, action="approved", note=note)
    return dossier


def reject(user: User, dossier_id: int, *, reason: str, revision: int) -> Dossier:
    """Reject a processed dossier directly, with the reason (same people as ``approve``)."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_decide_directly(user, dossier))
        _in(dossier, State.PROCESSING)
        reason = _text(reason, "reason", _("Say why the dossier is rejected."))
        transition(dossier, State.REJECTED, actor=user, action="rejected", note=reason)
    return dossier


# Deadlines ----------------------------------------------------------------------------------


def extend(
    user: User, dossier_id: int, *, new_due_on: date, reason: str, revision: int
) -> Extension:
    """Move the return date later, with the reason (recorded with the old and new dates and
    told to the applicant). The unit head or a consular officer of the unit, or a leader; an
    open dossier with a return date; the new date must be later and a working day of the
    unit's calendar."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_extend(user, dossier))
        if dossier.state in CLOSED_STATES or dossier.due_on is None:
            raise InvalidTransition()
        reason = _text(reason, "reason", _("Say why the return date moves."))
        old = dossier.due_on
        if new_due_on <= old:
            raise InvalidInput(
                errors={"new_due_on": [_("The new date must be after the current return date.")]}
            )
        if not is_working_day(new_due_on, calendar_for_unit(dossier.unit)):
            raise InvalidInput(
                errors={"new_due_on": [_("The new date must be a working day of the unit.")]}
            )
        extension = Extension.objects.create(
            dossier=dossier, old_due_on=old, new_due_on=new_due_on, reason=reason, by=user
        )
        dossier.due_on = new_due_on
        _bump(dossier, "due_on")
        # Dates under neutral keys: the notice reads the extension row for real dates.
        event = record_event(
            dossier,
            "deadline_extended",
            actor=user,
            note=reason,
            data={"old": old.isoformat(), "new": new_due_on.isoformat()},
        )
        _tell(dossier, event, national_portal=True)
    return extension


def send_apology(user: User, dossier_id: int, *, text: str, revision: int) -> Dossier:
    """Send the (edited) letter of apology for a late dossier: a public history line and a
    notice to the applicant. The unit head or a consular officer of the unit, or a leader;
    an open dossier only."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_extend(user, dossier))
        if dossier.state in CLOSED_STATES:
            raise InvalidTransition()
        text = _text(text, "text", _("Write the letter."))
        _bump(dossier)
        event = record_event(dossier, "apology_sent", actor=user, note=text)
        _tell(dossier, event, national_portal=False)
    return dossier


def _tell(dossier: Dossier, event: DossierEvent, *, national_portal: bool) -> None:
    """A public event without a change of state still reaches the applicant (and, for a new
    return date, the national portal), in the same transaction."""
    from chancery.eservices import national, notify

    notify.on_event(dossier, event)
    if national_portal:
        national.on_event(dossier, event)


# Return -------------------------------------------------------------------------------------


def mark_returned(
    user: User, dossier_id: int, *, how: str, note: str = "", revision: int
) -> Dossier:
    """The result reached the applicant: collected at the counter, posted, or in their
    account. Any handler of the unit; from RESULT_ISSUED only."""
    with transaction.atomic():
        dossier = _open(user, dossier_id, revision)
        _require(rules.may_handle(user, dossier))
        _in(dossier, State.RESULT_ISSUED)
        if how not in RETURN_WAYS:
            raise InvalidInput(errors={"how": [_("Say how the result was returned.")]})
        transition(
            dossier, State.RETURNED, actor=user, action="returned", note=note, data={"how": how}
        )
    return dossier


__all__ = [
    "accept",
    "approve",
    "assign",
    "current_step",
    "decide_step",
    "extend",
    "mark_returned",
    "refuse",
    "reject",
    "request_supplement",
    "send_apology",
    "start_processing",
    "submit_for_approval",
]
