"""The dossier state machine's one door: every change of state goes through ``transition``.

``transition`` checks the move against ``constants.TRANSITIONS``, updates the deadline clock
(pauses while the ministry waits for the applicant, judges timeliness on completion), writes the
history event and the audit entry, and then, in the same transaction and in this order:
1. queues the applicant's notices (``eservices.notify.on_event``),
2. queues the push to the national portal (``eservices.national.on_event``),
3. appends the audit entry (last: see ``transition``).
Callers hold the dossier row lock (``lock``) and own the transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from chancery.core.service import User, record_audit
from chancery.eservices import deadlines
from chancery.eservices.constants import (
    COMPLETED_STATES,
    PAUSED_STATES,
    TRANSITIONS,
    State,
)
from chancery.eservices.exceptions import InvalidTransition, StaleRevision
from chancery.eservices.models import Dossier, DossierEvent


def lock(dossier_id: int, *, revision: int | None = None) -> Dossier:
    """The dossier row, locked for the caller's transaction; ``revision`` (what the user saw)
    refuses a concurrent edit with ``StaleRevision``."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("version__procedure", "unit", "applicant")
        .get(pk=dossier_id)
    )
    if revision is not None and dossier.revision != revision:
        raise StaleRevision()
    return dossier


def record_event(
    dossier: Dossier,
    action: str,
    *,
    actor: User | None = None,
    by_applicant: bool = False,
    note: str = "",
    data: dict[str, Any] | None = None,
    public: bool = True,
    from_state: str = "",
    to_state: str = "",
    audit: bool = True,
) -> DossierEvent:
    """Add a line to the dossier's history (no change of state), and to the audit chain
    (``audit=False``: the caller writes it with ``audit_event`` before committing)."""
    event = DossierEvent.objects.create(
        dossier=dossier,
        actor=actor,
        by_applicant=by_applicant,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
        public=public,
    )
    if audit:
        audit_event(dossier, event)
    return event


def audit_event(dossier: Dossier, event: DossierEvent) -> None:
    """Write ``event`` to the audit chain."""
    audit_data = {"code": dossier.code, "action": event.action, **event.data}
    if event.from_state or event.to_state:
        audit_data.update({"from": event.from_state, "to": event.to_state})
    if event.by_applicant:
        audit_data["applicant"] = dossier.applicant_id
    record_audit(event.actor, f"eservices.{event.action}", dossier, data=audit_data)


def transition(
    dossier: Dossier,
    to_state: str,
    *,
    actor: User | None = None,
    by_applicant: bool = False,
    action: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    public: bool = True,
) -> DossierEvent:
    """Move ``dossier`` (locked by the caller) to ``to_state`` and run what follows from it.

    Who may call: the actions of this package, after checking the actor's permission.
    Refuses a move the state machine does not allow (``InvalidTransition``).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() must run inside the caller's transaction")
    from_state = dossier.state
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise InvalidTransition()
    now = timezone.now()
    today = timezone.localdate(now)
    fields = ["state", "revision", "updated_at"]
    if from_state in PAUSED_STATES and to_state not in PAUSED_STATES:
        fields += deadlines.resume(dossier, today)
    if to_state in PAUSED_STATES and from_state not in PAUSED_STATES:
        fields += deadlines.pause(dossier, today)
    if to_state in COMPLETED_STATES and dossier.completed_at is None:
        dossier.completed_at = now
        dossier.timeliness = deadlines.judge(dossier, today)
        fields += ["completed_at", "timeliness"]
    if to_state == State.RETURNED:
        dossier.returned_at = now
        fields.append("returned_at")
    dossier.state = to_state
    dossier.revision += 1
    dossier.save(update_fields=sorted(set(fields)))
    event = record_event(
        dossier,
        action or to_state,
        actor=actor,
        by_applicant=by_applicant,
        note=note,
        data=data,
        public=public,
        from_state=from_state,
        to_state=to_state,
        audit=False,
    )
    from chancery.eservices import national, notify

    notify.on_event(dossier, event)
    national.on_event(dossier, event)
    # Last: the audit chain is appended under one lock for the whole platform, held until
    # the transaction commits, so everything else is done before it is taken.
    audit_event(dossier, event)
    return event
