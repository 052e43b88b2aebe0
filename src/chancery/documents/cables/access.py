"""Who a cable is addressed to, kept on the access model's columns (compose area owns this).

Stub of the shared contract; the compose helper implements it.
"""

from __future__ import annotations

from chancery.documents.models import Cable


def sync_access(cable: Cable) -> None:
    """Set the cable's distribution and assigned units from its state: a draft is read by its
    drafter, clearers and approver; a released cable also by its addressees (units and named
    people) and the drafting unit. Call in the transaction that changed them."""
    raise NotImplementedError
