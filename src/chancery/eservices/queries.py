"""Every permission-checked read of dossiers: applicants see their own, staff their unit's.

A consular officer, clerk, specialist or unit head sees the dossiers handled by their
department or mission: the first unit at or above their own that is not a division, and the
divisions under it (an officer of the Passport and Visa Division works on the Consular
Department's dossiers); a ministry leader sees every dossier. Anything else
answers 404 (``NotAllowed``), never 403.
"""

from __future__ import annotations

from django.db.models import QuerySet

from chancery.core.service import Role, Unit, User
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Applicant, Dossier

# Roles that work on e-service dossiers in their own unit.
HANDLING_ROLES = (Role.CONSULAR_OFFICER, Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD)


def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related("version__procedure", "unit", "applicant", "assignee")


def is_handler(user: User) -> bool:
    """Does ``user`` work on dossiers at all (any unit)?"""
    return user.is_active and (
        user.has_role(Role.LEADER) or any(user.has_role(r) for r in HANDLING_ROLES)
    )


def service_unit(unit: Unit) -> Unit:
    """The department or mission ``unit`` works for (itself unless it is a division)."""
    node = unit
    while node.kind == "division" and node.parent_id is not None:
        node = node.parent  # type: ignore[assignment]
    return node


def scope_unit_ids(user: User) -> list[int]:
    """Ids of the units whose dossiers ``user`` handles: their department or mission and the
    divisions under it."""
    if user.unit_id is None:
        return []
    top = service_unit(user.unit)  # type: ignore[arg-type]
    ids, frontier = [top.pk], [top.pk]
    while frontier:
        frontier = list(
            Unit.objects.filter(parent_id__in=frontier, kind="division").values_list(
                "pk", flat=True
            )
        )
        ids += frontier
    return ids


def dossiers_for_staff(user: User) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see: their unit's, or all for a ministry leader."""
    if not user.is_active:
        return Dossier.objects.none()
    if user.has_role(Role.LEADER):
        return _base().exclude(state="draft")
    if user.unit_id is None or not any(user.has_role(r) for r in HANDLING_ROLES):
        return Dossier.objects.none()
    return _base().filter(unit_id__in=scope_unit_ids(user)).exclude(state="draft")


def get_dossier_for_staff(user: User, dossier_id: int) -> Dossier:
    dossier = dossiers_for_staff(user).filter(pk=dossier_id).first()
    if dossier is None:
        raise NotAllowed()
    return dossier


def dossiers_of(applicant: Applicant) -> QuerySet[Dossier]:
    """The applicant's own dossiers, drafts included."""
    return _base().filter(applicant=applicant)


def get_dossier_for_applicant(applicant: Applicant, dossier_id: int) -> Dossier:
    dossier = dossiers_of(applicant).filter(pk=dossier_id).first()
    if dossier is None:
        raise NotAllowed()
    return dossier
