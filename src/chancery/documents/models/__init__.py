from chancery.documents.models.documents import Document, DocumentFile, DocumentQuerySet
from chancery.documents.models.drafting import ApprovalStep, DraftVersion, Recipient, ReviewComment
from chancery.documents.models.handling import Activity, Assignment
from chancery.documents.models.records import (
    CopyRecord,
    Declassification,
    Disposition,
    ExchangeMessage,
    FilePlanCategory,
    SavedSearch,
)
from chancery.documents.models.registers import DocumentType, Register

__all__ = [
    "Activity",
    "ApprovalStep",
    "Assignment",
    "CopyRecord",
    "Declassification",
    "Disposition",
    "Document",
    "DocumentFile",
    "DocumentQuerySet",
    "DocumentType",
    "DraftVersion",
    "ExchangeMessage",
    "FilePlanCategory",
    "Recipient",
    "Register",
    "ReviewComment",
    "SavedSearch",
]
