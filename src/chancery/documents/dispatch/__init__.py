"""Dispatch of issued documents to their recipients, one adapter per channel.

``deliver(recipient_id)`` is what the job ``documents.dispatch_recipient`` runs: it picks the
adapter for the recipient's kind from ``REGISTRY`` and records the outcome on the recipient.
Add a channel by writing an ``Adapter`` and registering it for a recipient kind.
"""

from chancery.documents.constants import RecipientKind
from chancery.documents.dispatch.base import (
    REGISTRY,
    Adapter,
    Delivery,
    PermanentFailure,
    adapter_for,
    deliver,
    register,
)
from chancery.documents.dispatch.file_export import FileExportAdapter
from chancery.documents.dispatch.internal import InternalAdapter
from chancery.documents.dispatch.printing import PrintAdapter

register(RecipientKind.UNIT, InternalAdapter())
register(RecipientKind.AGENCY, FileExportAdapter())
register(RecipientKind.PRINT, PrintAdapter())

__all__ = [
    "REGISTRY",
    "Adapter",
    "Delivery",
    "PermanentFailure",
    "adapter_for",
    "deliver",
    "register",
]
