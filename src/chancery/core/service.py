"""The only module of ``core`` that other apps import.

Organisation, identity, access, audit, calendars and notifications are reached from here so
that other apps never depend on core's internals.
"""

from chancery.core.access import Guarded, GuardedQuerySet, can, get_visible_or_404, policy, require
from chancery.core.audit import record as record_audit
from chancery.core.constants import Clearance, Role, UnitKind

__all__ = [
    "Clearance",
    "Guarded",
    "GuardedQuerySet",
    "Role",
    "UnitKind",
    "can",
    "get_visible_or_404",
    "policy",
    "record_audit",
    "require",
]
