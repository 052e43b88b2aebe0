"""Permission-checked reads of documents: the only way views, API and exports get them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chancery.core.service import get_visible_or_404
from chancery.documents.models import Document, DocumentFile
from chancery.documents.models.documents import DocumentQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User


def documents_visible_to(user: User | AnonymousUser) -> DocumentQuerySet:
    """Every document ``user`` may read (clearance, compartments, distribution, unit), with
    what lists show (type, holding unit) joined."""
    queryset: Any = Document.objects.select_related("document_type", "unit").visible_to(user)
    return queryset  # type: ignore[no-any-return]


def get_document_for_user(user: User | AnonymousUser, pk: object) -> Document:
    """The document if ``user`` may read it; ``Http404`` otherwise, whether it exists or not."""
    return get_visible_or_404(
        Document.objects.select_related(
            "document_type", "unit", "register", "sender_unit", "file_plan", "created_by"
        ),
        user,
        pk=pk,
    )


def get_file_for_user(
    user: User | AnonymousUser, document_pk: object, file_pk: object
) -> DocumentFile:
    """A file of a document ``user`` may read; ``Http404`` otherwise."""
    document = get_document_for_user(user, document_pk)
    from django.http import Http404

    try:
        return document.files.select_related("blob").get(pk=str(file_pk))
    except (DocumentFile.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
