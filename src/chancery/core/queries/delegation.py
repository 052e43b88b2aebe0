"""Reading delegations."""

from __future__ import annotations

from django.db.models import Q

from chancery.core.models import Delegation, User


def delegations_of(user: User) -> tuple[list[Delegation], list[Delegation]]:
    """(given, received): delegations where ``user`` is the principal, and the delegate."""
    rows = (
        Delegation.objects.filter(Q(principal=user) | Q(delegate=user))
        .select_related("principal", "delegate", "created_by")
        .order_by("-start", "-pk")
    )
    given = [row for row in rows if row.principal_id == user.pk]
    received = [row for row in rows if row.delegate_id == user.pk]
    return given, received


def get_delegation_for(user: User, pk: int) -> Delegation | None:
    """A delegation ``user`` takes part in (as principal or delegate), or None."""
    return (
        Delegation.objects.filter(Q(principal=user) | Q(delegate=user), pk=pk)
        .select_related("principal", "delegate")
        .first()
    )
