"""The access model, implemented once for every app.

A user reads a classified object only if their clearance is at or above its level, they hold
all its compartments, and they are on its distribution (or their unit is assigned to it).
Unclassified objects are readable by any active staff member unless a model narrows that;
compartments (need-to-know) apply at every level, unclassified included.

Models opt in by inheriting :class:`Guarded` (fields) and using :class:`GuardedQuerySet`
(``visible_to``). Actions beyond reading are decided by policies registered per model with
:func:`policy`; ``can(user, action, obj)`` first requires that the object is visible, then
asks the model's policy. Views turn a refusal into 404 (``get_visible_or_404``) so that the
existence of an object the user may not see never leaks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import Clearance

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.models import User

M = TypeVar("M", bound="Guarded")
Policy = Callable[["User", "Guarded"], bool]


class Guarded(models.Model):
    """Classification, compartments and distribution of an object that needs protection."""

    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Clearance.choices, default=Clearance.UNCLASSIFIED
    )
    compartments = models.ManyToManyField(
        "core.Compartment", verbose_name=_("compartments"), blank=True, related_name="+"
    )
    distribution = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("distribution"), blank=True, related_name="+"
    )
    assigned_units = models.ManyToManyField(
        "core.Unit", verbose_name=_("assigned units"), blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_classified(self) -> bool:
        return self.classification > Clearance.UNCLASSIFIED


def _principal_ids(user: User) -> models.QuerySet[Any]:
    """Subquery: ids of the active people ``user`` acts for today."""
    from chancery.core.models.org import Delegation

    return (
        Delegation.objects.active()
        .filter(delegate_id=user.pk, principal__is_active=True)
        .values("principal_id")
    )


def _acting_units(user: User) -> Q:
    """Units of the user and of their principals, as a condition on ``unit_id``."""
    from chancery.core.models.identity import User as UserModel

    principal_units = UserModel.objects.filter(
        pk__in=_principal_ids(user), unit__isnull=False
    ).values("unit_id")
    own = Q(unit_id=user.unit_id) if user.unit_id is not None else Q(pk__in=[])
    return own | Q(unit_id__in=principal_units)


class GuardedQuerySet(models.QuerySet[M]):
    # Models whose objects are addressed (cables) set this: then even an unclassified object is
    # read only by its distribution and assigned units, never by every member of staff.
    addressed_only: bool = False

    def visible_to(self, user: User | AnonymousUser) -> GuardedQuerySet[M]:
        """Only the rows ``user`` may read, decided in the same SQL query (one query in all).

        Compartments are need-to-know and apply at every level, unclassified included.
        Distribution and unit assignment extend to the people the user acts for; clearance
        and compartments are always the user's own.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        staff: User = user
        through_compartments: Any = self.model.compartments.through
        through_distribution: Any = self.model.distribution.through
        through_units: Any = self.model.assigned_units.through
        owner = self.model._meta.model_name
        missing_compartment = through_compartments.objects.filter(
            **{f"{owner}_id": OuterRef("pk")}
        ).exclude(compartment__in=staff.compartments.all())
        on_distribution = through_distribution.objects.filter(
            Q(user_id=staff.pk) | Q(user_id__in=_principal_ids(staff)),
            **{f"{owner}_id": OuterRef("pk")},
        )
        unit_assigned = through_units.objects.filter(
            _acting_units(staff), **{f"{owner}_id": OuterRef("pk")}
        )
        # Clearance is the person's own, never a principal's.
        classified_ok = Q(classification__lte=staff.clearance) & (
            Exists(on_distribution) | Exists(unit_assigned)
        )
        if self.addressed_only:
            return self.filter(classified_ok, ~Exists(missing_compartment))
        return self.filter(
            Q(classification=Clearance.UNCLASSIFIED) | classified_ok,
            ~Exists(missing_compartment),
        )


_policies: dict[type[models.Model], dict[str, Policy]] = {}


def policy(model: type[models.Model], action: str) -> Callable[[Policy], Policy]:
    """Register who may perform ``action`` on a visible instance of ``model``."""

    def register(func: Policy) -> Policy:
        _policies.setdefault(model, {})[action] = func
        return func

    return register


def is_visible(user: User | AnonymousUser, obj: Guarded) -> bool:
    manager: Any = type(obj)._default_manager
    return bool(manager.filter(pk=obj.pk).visible_to(user).exists())


def can(user: User | AnonymousUser, action: str, obj: Guarded) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj``. Unknown actions are refused."""
    if not user.is_authenticated or not is_visible(user, obj):
        return False
    if action == "view":
        return True
    rule = _policies.get(type(obj), {}).get(action)
    return bool(rule and rule(user, obj))


def get_visible_or_404(
    queryset: GuardedQuerySet[M], user: User | AnonymousUser, **lookup: Any
) -> M:
    """The object if the user may read it; 404 otherwise, whether it exists or not."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        # A malformed id answers like a missing one rather than with a server error.
        raise Http404 from exc


def require(user: User | AnonymousUser, action: str, obj: Guarded) -> None:
    """Raise 404 unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise Http404


__all__ = [
    "Guarded",
    "GuardedQuerySet",
    "can",
    "get_visible_or_404",
    "is_visible",
    "policy",
    "require",
]
