"""Clearing a cable: the drafter submits it to clearers in order and names the approver; each
clearer clears in turn; a clearer or the approver may send it back to the drafter with a
reason, and the next submission starts a new round."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance, User, can, notify, record_audit
from chancery.documents.cables.access import sync_access
from chancery.documents.cables.actions.common import (
    bump,
    cable_url,
    check_markings,
    lock_cable,
    may_read,
)
from chancery.documents.cables.constants import AddresseeRole, CableStatus, ClearanceStatus
from chancery.documents.cables.events import record_event
from chancery.documents.cables.exceptions import CableError, NotAllowed, WrongState
from chancery.documents.cables.policies import current_clearer
from chancery.documents.models import Cable, CableClearer


class CannotRead(CableError):
    code = "cannot-read"
    message = _(
        "A clearer or the approver could not read this cable (clearance, compartment or "
        "caption): choose someone else."
    )
    status = 422


def _tell(person: User, cable: Cable, title: str) -> None:
    """Tell ``person`` a cable awaits them, naming its subject only when it is unclassified
    (notifications never carry classified content)."""
    if cable.classification == Clearance.UNCLASSIFIED:
        title = f"{title}: {cable.subject}"
    notify(person, "cables.to_work_on", title, url=cable_url(cable), email=False)


def _check_ready(cable: Cable) -> None:
    if not cable.paragraphs.exists():
        raise WrongState(_("A cable needs at least one paragraph."))
    if not cable.addressees.filter(role=AddresseeRole.ACTION).exists():
        raise WrongState(_("A cable needs at least one action addressee."))
    check_markings(cable)


def submit_for_clearance(
    user: User, cable: Cable, *, clearers: Sequence[User], approver: User, version: int
) -> Cable:
    """Send a draft to its clearers, in the order given, then to ``approver`` for release; with
    no clearers it goes straight to the approver.

    Who may: the drafter, while it is a draft. Refuses others (``NotAllowed``), other states,
    a draft without paragraphs or action addressee (``WrongState``), markings above the level
    (``MarkingTooLow``), the same person twice, the drafter as approver or clearer, and anyone
    who could not read the cable (``CannotRead``).
    """
    people = [*clearers, approver]
    if len({p.pk for p in people}) != len(people) or user.pk in {p.pk for p in people}:
        raise CableError(_("Each clearer and the approver must be a different person, not you."))
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if not can(user, "edit", locked):
            raise WrongState if locked.created_by_id == user.pk else NotAllowed
        _check_ready(locked)
        if not all(may_read(person, locked) for person in people):
            raise CannotRead
        last = CableClearer.objects.filter(cable=locked).aggregate(top=Max("round"))["top"]
        round_ = (last or 0) + 1
        CableClearer.objects.bulk_create(
            [
                CableClearer(cable=locked, clearer=person, position=n, round=round_)
                for n, person in enumerate(clearers, start=1)
            ]
        )
        status = CableStatus.CLEARING if clearers else CableStatus.AWAITING_RELEASE
        bump(locked, status=status, approver=approver)
        sync_access(locked)
        names = [str(p) for p in clearers]
        record_event(
            locked, user, "submitted", round=round_, clearers=names, approver=str(approver)
        )
        record_audit(
            user,
            "cables.submitted",
            locked,
            data={"round": round_, "clearers": [p.pk for p in clearers], "approver": approver.pk},
        )
        first = clearers[0] if clearers else approver
        _tell(first, locked, str(_("A cable awaits your clearance")))
    return locked


def clear(user: User, cable: Cable, *, version: int, comment: str = "") -> Cable:
    """Clear a cable in turn; when the last clearer clears, it awaits release.

    Who may: the clearer whose turn it is. Refuses anyone else (``NotAllowed``), a cable not
    in clearance (``WrongState``) and a stale ``version``.
    """
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if locked.status != CableStatus.CLEARING:
            if can(user, "view", locked):
                raise WrongState(_("This cable is not in clearance."))
            raise NotAllowed
        turn = current_clearer(locked)
        if turn is None or turn.clearer_id != user.pk or not can(user, "clear", locked):
            raise NotAllowed(_("It is not your turn to clear this cable."))
        turn.status, turn.comment, turn.decided_at = (
            ClearanceStatus.CLEARED,
            comment,
            timezone.now(),
        )
        turn.save(update_fields=["status", "comment", "decided_at"])
        following = current_clearer(locked)
        if following is None:
            bump(locked, status=CableStatus.AWAITING_RELEASE)
            assert locked.approver is not None
            _tell(
                locked.approver,
                locked,
                str(_("A cable awaits your release")),
            )
        else:
            bump(locked)
            _tell(
                following.clearer,
                locked,
                str(_("A cable awaits your clearance")),
            )
        record_event(locked, user, "cleared", round=turn.round, comment=comment)
        record_audit(user, "cables.cleared", locked, data={"round": turn.round})
    return locked


def send_back(user: User, cable: Cable, *, reason: str, version: int) -> Cable:
    """Return a cable to its drafter with ``reason``; it is a draft again and the next
    submission starts a new round of clearance.

    Who may: the clearer whose turn it is, or the approver before release. Refuses anyone
    else (``NotAllowed``), a cable not in clearance or awaiting release (``WrongState``),
    an empty reason.
    """
    if not reason.strip():
        raise CableError(_("Say why you send the cable back."))
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if locked.status not in (CableStatus.CLEARING, CableStatus.AWAITING_RELEASE):
            if can(user, "view", locked):
                raise WrongState(_("This cable is not in clearance."))
            raise NotAllowed
        if not can(user, "send_back", locked):
            raise NotAllowed(
                _("Only the clearer whose turn it is or the approver may send it back.")
            )
        turn = current_clearer(locked)
        if turn is not None and turn.clearer_id == user.pk:
            turn.status, turn.comment, turn.decided_at = (
                ClearanceStatus.RETURNED,
                reason,
                timezone.now(),
            )
            turn.save(update_fields=["status", "comment", "decided_at"])
        bump(locked, status=CableStatus.DRAFT)
        record_event(locked, user, "sent_back", reason=reason)
        record_audit(user, "cables.sent_back", locked, data={"reason": reason})
        drafter = User.objects.get(pk=locked.created_by_id)
        _tell(drafter, locked, str(_("Your cable was sent back")))
    return locked
