"""Who may do what to a dossier on the staff side (the checks the actions and the action panel
share), and the refusals of the handling area.

Seeing a dossier (``sees``) follows ``eservices.queries``: staff of the dossier's unit holding a
handling role, or a ministry leader. Someone who cannot see the dossier is answered 404
(``NotAllowed``); someone who sees it but may not take the step is answered 403
(``StepNotAllowed``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, User
from chancery.eservices.constants import State
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import ApprovalStep, Dossier
from chancery.eservices.queries import HANDLING_ROLES, scope_unit_ids

# Roles an approval step may name.
APPROVER_ROLES = (Role.UNIT_HEAD.value, Role.CONSULAR_OFFICER.value, Role.LEADER.value)
# Roles that direct the unit's work: assign, decide without approval steps, extend deadlines.
DIRECTING_ROLES = (Role.UNIT_HEAD.value, Role.CONSULAR_OFFICER.value)


class StepNotAllowed(EservicesError):
    code = "step-not-allowed"
    status = 403
    message = _("Your role does not allow you to take this step on this dossier.")


class InvalidInput(EservicesError):
    """Bad values; ``errors`` maps each field to its messages (the first is the message)."""

    code = "invalid-input"
    status = 422
    message = _("Some values need your attention.")

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        first = next((m for messages in errors.values() for m in messages), None)
        super().__init__(first)


def _of_unit(user: User, dossier: Dossier) -> bool:
    """Is the dossier handled by the user's department or mission (divisions included)?"""
    if user.unit_id is None:
        return False
    if user.unit_id == dossier.unit_id:
        return True
    return dossier.unit_id in scope_unit_ids(user)


def is_staff_of(user: User, dossier: Dossier) -> bool:
    """An active handler of the dossier's unit (who may be given the dossier)."""
    return (
        user.is_active and _of_unit(user, dossier) and any(user.has_role(r) for r in HANDLING_ROLES)
    )


def sees(user: User, dossier: Dossier) -> bool:
    """Whether ``user`` may see the staff side of ``dossier`` (drafts are the applicant's)."""
    if not user.is_active or dossier.state == State.DRAFT:
        return False
    if user.has_role(Role.LEADER):
        return True
    return _of_unit(user, dossier) and any(user.has_role(r) for r in HANDLING_ROLES)


def may_handle(user: User, dossier: Dossier) -> bool:
    """Intake, processing, supplements, return: any handler of the unit (or a leader)."""
    return sees(user, dossier)


def directs(user: User, dossier: Dossier) -> bool:
    """Unit head or consular officer of the dossier's unit."""
    return (
        user.is_active
        and _of_unit(user, dossier)
        and any(user.has_role(r) for r in DIRECTING_ROLES)
    )


def may_assign(user: User, dossier: Dossier) -> bool:
    """Assigning is the unit's own business: its head or a consular officer of the unit."""
    return directs(user, dossier)


def may_decide_directly(user: User, dossier: Dossier) -> bool:
    """Approve or reject without approval steps: a unit head or consular officer of the unit
    (at a small mission one officer handles and signs), or a ministry leader."""
    return directs(user, dossier) or (user.is_active and user.has_role(Role.LEADER))


def may_extend(user: User, dossier: Dossier) -> bool:
    """Extending the return date commits the unit: same people as a direct decision."""
    return may_decide_directly(user, dossier)


def may_decide_step(user: User, dossier: Dossier, step: ApprovalStep) -> bool:
    """The pending step's role in the dossier's unit (a leader's step: any leader), or a
    leader; never the assignee approving their own work."""
    if not sees(user, dossier) or user.pk == dossier.assignee_id:
        return False
    if user.has_role(Role.LEADER):
        return True
    return _of_unit(user, dossier) and user.has_role(step.role)
