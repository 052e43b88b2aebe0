"""Permission-checked reads of cables for composing, clearing, release and reading: the only
way the views and the API get them (404 for what the user may not read)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, Subquery

from chancery.core.service import Clearance, get_visible_or_404, record_audit
from chancery.documents.cables.constants import CableStatus, ClearanceStatus
from chancery.documents.models import (
    Cable,
    CableAddressee,
    CableClearer,
    CableEvent,
    CableQuerySet,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from chancery.core.service import User


def cables_visible_to(user: User | AnonymousUser) -> CableQuerySet:
    """Every cable ``user`` may read, with what lists show joined."""
    queryset: Any = Cable.objects.select_related("precedence", "post").visible_to(user)
    return queryset  # type: ignore[no-any-return]


def get_cable_for_user(user: User | AnonymousUser, pk: object) -> Cable:
    """The cable if ``user`` may read it; ``Http404`` otherwise, whether it exists or not."""
    return get_visible_or_404(
        Cable.objects.select_related(
            "precedence", "post", "drafting_unit", "approver", "created_by", "released_by"
        ),
        user,
        pk=pk,
    )


def get_cable_to_read(user: User, pk: object, *, request: HttpRequest | None = None) -> Cable:
    """The cable with everything the reading view shows (paragraphs, addressees, clearers,
    attachments, references, captions, compartments, history), in a fixed number of queries.
    Reading a classified cable is written to the audit chain (``cables.read``)."""
    cable = get_visible_or_404(
        Cable.objects.select_related(
            "precedence", "post", "drafting_unit", "approver", "created_by", "released_by"
        ).prefetch_related(
            "paragraphs",
            "attachments",
            "captions",
            "compartments",
            Prefetch(
                "addressees",
                queryset=CableAddressee.objects.select_related("unit", "person").order_by("pk"),
            ),
            Prefetch(
                "clearers",
                queryset=CableClearer.objects.select_related("clearer").order_by(
                    "round", "position"
                ),
            ),
            Prefetch(
                "events",
                queryset=CableEvent.objects.select_related("actor").order_by("created_at", "pk"),
            ),
            Prefetch("references", queryset=Cable.objects.visible_to(user)),
            Prefetch("referenced_by", queryset=Cable.objects.visible_to(user)),
        ),
        user,
        pk=pk,
    )
    if cable.classification > Clearance.UNCLASSIFIED:
        record_audit(
            user,
            "cables.read",
            cable,
            request=request,
            data={"level": cable.classification, "reference": cable.reference},
        )
    return cable


def my_drafts(user: User) -> CableQuerySet:
    """Drafts ``user`` drafted that are not yet submitted (or were sent back)."""
    return cables_visible_to(user).filter(created_by=user, status=CableStatus.DRAFT)


def my_submitted(user: User) -> CableQuerySet:
    """Cables ``user`` drafted that are in clearance or await release."""
    return cables_visible_to(user).filter(
        created_by=user, status__in=(CableStatus.CLEARING, CableStatus.AWAITING_RELEASE)
    )


def awaiting_my_clearance(user: User) -> CableQuerySet:
    """Cables in clearance whose turn is ``user``'s."""
    turn = (
        CableClearer.objects.filter(cable=OuterRef("pk"), status=ClearanceStatus.PENDING)
        .order_by("-round", "position")
        .values("clearer_id")[:1]
    )
    return (
        cables_visible_to(user)
        .filter(status=CableStatus.CLEARING)
        .annotate(turn=Subquery(turn))
        .filter(turn=user.pk)
    )


def awaiting_my_release(user: User) -> CableQuerySet:
    """Cleared cables of which ``user`` is the approver."""
    return cables_visible_to(user).filter(status=CableStatus.AWAITING_RELEASE, approver=user)


def referable_cables(user: User) -> CableQuerySet:
    """Released cables ``user`` may cite as references (latest first)."""
    return cables_visible_to(user).released().order_by("-released_at")
