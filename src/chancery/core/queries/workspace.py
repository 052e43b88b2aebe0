"""What the workspace dashboard shows a member of staff about themselves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from chancery.core.constants import Clearance, Role
from chancery.core.models import Appointment, Delegation, Notification
from chancery.core.queries.notifications import notifications_for

if TYPE_CHECKING:
    from chancery.core.models import Unit, User

RECENT_NOTIFICATIONS = 5


@dataclass(frozen=True)
class Workspace:
    unit: Unit | None
    roles: list[str]
    clearance: str
    appointments: list[Appointment]
    acting_for: list[Delegation]
    delegated_to: list[Delegation]
    recent_notifications: list[Notification]


def workspace_for(user: User) -> Workspace:
    """The signed-in user's own situation; shows nothing about anybody else's."""
    labels = dict(Role.choices)
    return Workspace(
        unit=user.unit,
        roles=[str(labels.get(role, role)) for role in user.roles],
        clearance=str(Clearance(user.clearance).label),
        appointments=list(
            Appointment.objects.current()
            .filter(user=user)
            .select_related("position", "position__unit")
        ),
        acting_for=list(
            Delegation.objects.active().filter(delegate=user).select_related("principal")
        ),
        delegated_to=list(
            Delegation.objects.active().filter(principal=user).select_related("delegate")
        ),
        recent_notifications=list(notifications_for(user)[:RECENT_NOTIFICATIONS]),
    )
