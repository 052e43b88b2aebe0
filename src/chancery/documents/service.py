"""The only module of ``documents`` that other apps import (cables, e-services, exchange)."""

from chancery.documents.actions.common import ensure_not_record
from chancery.documents.actions.drafting import RecipientSpec, create_draft, upload_version
from chancery.documents.actions.intake import (
    Registration,
    Upload,
    receive,
    register_incoming,
    return_to_sender,
)
from chancery.documents.actions.issuing import issue_document
from chancery.documents.actions.numbering import allocate_number, compose_number_symbol
from chancery.documents.constants import Direction, Status, Urgency
from chancery.documents.models import Document, DocumentType
from chancery.documents.queries.documents import documents_visible_to, get_document_for_user

__all__ = [
    "Direction",
    "Document",
    "DocumentType",
    "RecipientSpec",
    "Registration",
    "Status",
    "Upload",
    "Urgency",
    "allocate_number",
    "compose_number_symbol",
    "create_draft",
    "documents_visible_to",
    "ensure_not_record",
    "get_document_for_user",
    "issue_document",
    "receive",
    "register_incoming",
    "return_to_sender",
    "upload_version",
]
