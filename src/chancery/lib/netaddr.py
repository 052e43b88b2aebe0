"""Who is calling, for per-client limits: the client's address, an IPv6 client by its /64."""

from __future__ import annotations

import ipaddress
from typing import Protocol


class _Request(Protocol):
    META: dict[str, object]


def client_address(request: _Request) -> str:
    """The caller's address; an IPv6 client is counted by its /64, which one host can fill."""
    raw = str(request.META.get("REMOTE_ADDR") or "unknown")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
