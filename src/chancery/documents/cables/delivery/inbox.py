"""The cables inbox: what reached me for action or information, what awaits my
acknowledgement, and what my post sent with its delivery status. Always over
``Cable.objects.visible_to(user)``: the access model plus captions, in the same query."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Unit, User
from chancery.documents.cables.constants import AddresseeRole
from chancery.documents.cables.delivery.recipients import acting_as
from chancery.documents.models import Cable, CableDelivery

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Tab:
    slug: str
    label: StrOrPromise


TABS = (
    Tab("action", _("For action")),
    Tab("information", _("For information")),
    Tab("awaiting", _("Awaiting acknowledgement")),
    Tab("sent", _("Sent by my post")),
)
TAB_SLUGS = frozenset(tab.slug for tab in TABS)


def my_deliveries(user: User) -> QuerySet[CableDelivery]:
    """Deliveries served here that ``user`` answers for (named, their unit, or by delegation)."""
    people, units = acting_as(user)
    return CableDelivery.objects.filter(route="").filter(
        Q(person_id__in=people) | Q(unit_id__in=units)
    )


def _my_posts(user: User) -> set[int]:
    """The user's unit and every unit above it (the post that numbers their cables)."""
    _people, units = acting_as(user)
    posts = set(units)
    for unit in Unit.objects.filter(pk__in=units):
        posts.update(ancestor.pk for ancestor in unit.ancestors())
    return posts


def inbox(user: User, tab: str) -> QuerySet[Cable]:
    """The released cables of one tab that ``user`` may read, most recent first; ``Http404``
    for an unknown tab."""
    if tab not in TAB_SLUGS:
        raise Http404
    visible: Any = Cable.objects.visible_to(user).released()
    mine = my_deliveries(user).filter(cable=OuterRef("pk"))
    condition: Q | Exists
    if tab == "action":
        condition = Exists(mine.filter(role=AddresseeRole.ACTION))
    elif tab == "information":
        condition = Exists(mine.filter(role=AddresseeRole.INFO))
    elif tab == "awaiting":
        condition = Exists(mine.filter(ack_due_at__isnull=False, acknowledged_at__isnull=True))
    else:
        _people, units = acting_as(user)
        condition = Q(origin_instance="") & (
            Q(post_id__in=_my_posts(user)) | Q(drafting_unit_id__in=units)
        )
    cables: QuerySet[Cable] = visible.filter(condition)
    return cables.select_related("precedence", "post").order_by("-released_at")


def with_delivery_status(cables: QuerySet[Cable]) -> QuerySet[Cable]:
    """Each cable with ``n_addressees``, ``n_delivered``, ``n_acknowledged`` and
    ``n_awaiting`` (acknowledgements still due), for the originator's view."""
    return cables.annotate(
        n_addressees=Count("deliveries", distinct=True),
        n_delivered=Count(
            "deliveries", filter=Q(deliveries__delivered_at__isnull=False), distinct=True
        ),
        n_acknowledged=Count(
            "deliveries", filter=Q(deliveries__acknowledged_at__isnull=False), distinct=True
        ),
        n_awaiting=Count(
            "deliveries",
            filter=Q(
                deliveries__ack_due_at__isnull=False, deliveries__acknowledged_at__isnull=True
            ),
            distinct=True,
        ),
    )


def inbox_counts(user: User) -> dict[str, int]:
    """How many cables each tab holds, counted over what ``user`` may read only."""
    return {tab.slug: inbox(user, tab.slug).order_by().count() for tab in TABS}


def my_open_deliveries(user: User, cable_ids: list[Any]) -> dict[Any, CableDelivery]:
    """For each listed cable, the first delivery ``user`` may still acknowledge (the inbox's
    button)."""
    rows = my_deliveries(user).filter(cable_id__in=cable_ids, acknowledged_at__isnull=True)
    result: dict[Any, CableDelivery] = {}
    for delivery in rows.order_by("ack_due_at", "pk"):
        result.setdefault(delivery.cable_id, delivery)
    return result
