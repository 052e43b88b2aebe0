"""Which instance serves a unit: this one, a peer that names the unit, or the default route."""

from __future__ import annotations

from collections.abc import Iterable

from chancery.exchange.models import Peer


def routes_for_units(unit_ids: Iterable[int]) -> dict[int, Peer | None]:
    """For each unit id, the peer instance that serves it (None: this instance). Two queries."""
    wanted = set(unit_ids)
    named: dict[int, Peer] = {}
    through = Peer.units.through
    peers = {peer.pk: peer for peer in Peer.objects.filter(active=True)}
    for unit_id, peer_id in through.objects.filter(
        unit_id__in=wanted, peer_id__in=list(peers)
    ).values_list("unit_id", "peer_id"):
        named[unit_id] = peers[peer_id]
    default = next((peer for peer in peers.values() if peer.default_route), None)
    local = _local_units()
    result: dict[int, Peer | None] = {}
    for unit_id in wanted:
        if unit_id in named:
            result[unit_id] = named[unit_id]
        elif default is not None and unit_id not in local:
            result[unit_id] = default
        else:
            result[unit_id] = None
    return result


def route_for_unit(unit_id: int) -> Peer | None:
    """The peer instance that serves ``unit_id``; None when it works on this instance."""
    return routes_for_units([unit_id])[unit_id]


def _local_units() -> set[int]:
    """Units served here when a default route exists: the setting's unit codes (a mission's
    instance lists its mission), resolved once per call."""
    from django.conf import settings

    from chancery.core.service import Unit

    codes = list(getattr(settings, "CHANCERY_INSTANCE_UNITS", []) or [])
    if not codes:
        return set()
    return set(Unit.objects.filter(code__in=codes).values_list("pk", flat=True))
