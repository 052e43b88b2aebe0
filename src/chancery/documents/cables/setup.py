"""Everything cables register when the documents app loads (called from ``DocumentsConfig``).

Each area adds its registrations here: policies, navigation, exchange handlers, demo data.
"""

from __future__ import annotations


def ready() -> None:
    from chancery.documents.cables import constants  # noqa: F401  (API scopes)
    from chancery.documents.cables.delivery import setup as delivery_setup
    from chancery.documents.cables.search import jobs  # noqa: F401  (archive: alert job)

    delivery_setup.ready()
    from chancery.documents.cables.seeds import register as register_compose

    register_compose()  # compose: policies, and the reference data after every migrate
    from chancery.core.service import register_demo
    from chancery.documents.cables.demo import load_cables_demo

    # After the documents demo (DocumentsConfig registers it before calling this).
    register_demo("cables", load_cables_demo)
