"""Everything cables register when the documents app loads (called from ``DocumentsConfig``).

Each area adds its registrations here: policies, navigation, exchange handlers, demo data.
"""

from __future__ import annotations


def ready() -> None:
    from chancery.documents.cables import constants  # noqa: F401  (API scopes)
