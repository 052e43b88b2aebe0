"""Who may do what to a cable they can see (``core.service.can``), beyond reading.

``can`` checks visibility first (clearance, compartments, captions, distribution), so these
rules only say which person at which step. The actions ask them on the locked row.
"""

from __future__ import annotations

from typing import cast

from chancery.core.service import Guarded, User, policy
from chancery.documents.cables.constants import CableStatus, ClearanceStatus
from chancery.documents.models import Cable, CableClearer

OPEN = (CableStatus.DRAFT, CableStatus.CLEARING, CableStatus.AWAITING_RELEASE)


def current_clearer(cable: Cable) -> CableClearer | None:
    """The clearer whose turn it is: the first pending one of the latest round, in order."""
    if cable.status != CableStatus.CLEARING:
        return None
    return (
        CableClearer.objects.filter(cable=cable, status=ClearanceStatus.PENDING)
        .order_by("-round", "position")
        .select_related("clearer")
        .first()
    )


@policy(Cable, "edit")
def may_edit(user: User, obj: Guarded) -> bool:
    """The drafter, while the cable is a draft (a cable sent back is a draft again)."""
    cable = cast(Cable, obj)
    return cable.status == CableStatus.DRAFT and cable.created_by_id == user.pk


@policy(Cable, "cancel")
def may_cancel(user: User, obj: Guarded) -> bool:
    """The drafter, until the cable is released."""
    cable = cast(Cable, obj)
    return cable.status in OPEN and cable.created_by_id == user.pk


@policy(Cable, "clear")
def may_clear(user: User, obj: Guarded) -> bool:
    """The clearer whose turn it is."""
    turn = current_clearer(cast(Cable, obj))
    return turn is not None and turn.clearer_id == user.pk


@policy(Cable, "send_back")
def may_send_back(user: User, obj: Guarded) -> bool:
    """The clearer whose turn it is, and the approver at any point before release."""
    cable = cast(Cable, obj)
    if cable.approver_id == user.pk and cable.status in (
        CableStatus.CLEARING,
        CableStatus.AWAITING_RELEASE,
    ):
        return True
    return may_clear(user, cable)


@policy(Cable, "release")
def may_release(user: User, obj: Guarded) -> bool:
    """The approver, once every clearer has cleared."""
    cable = cast(Cable, obj)
    return cable.status == CableStatus.AWAITING_RELEASE and cable.approver_id == user.pk
