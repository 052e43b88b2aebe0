"""This instance's code and Ed25519 key (signs requests and receipts).

Stub of the shared contract; the exchange helper implements it.
"""

from __future__ import annotations

from django.conf import settings


def instance_code() -> str:
    """This instance's code (setting ``CHANCERY_INSTANCE_CODE``, "hq" by default)."""
    return str(getattr(settings, "CHANCERY_INSTANCE_CODE", "") or "hq")
