"""The only module of ``documents`` that other apps import (cables, e-services, exchange)."""

from chancery.documents.actions.numbering import allocate_number, compose_number_symbol
from chancery.documents.constants import Direction, Status, Urgency
from chancery.documents.models import Document, DocumentType
from chancery.documents.queries.documents import documents_visible_to, get_document_for_user

__all__ = [
    "Direction",
    "Document",
    "DocumentType",
    "Status",
    "Urgency",
    "allocate_number",
    "compose_number_symbol",
    "documents_visible_to",
    "get_document_for_user",
]
