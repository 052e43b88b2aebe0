"""What every documents action shares: locking a document row, bumping its version, refusing
changes to records, and who is told about a unit's work."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.urls import reverse

from chancery.core.service import Role, User
from chancery.documents.exceptions import RecordImmutable, StaleVersion
from chancery.documents.models import Document


def ensure_not_record(document: Document) -> None:
    """Refuse any change to a declared record (``RecordImmutable``): write actions call it
    on the locked row before changing a document or its files."""
    if document.is_record:
        raise RecordImmutable


def lock_document(document: Document, version: int | None, *, writable: bool = True) -> Document:
    """The document's row, locked until the transaction ends. ``StaleVersion`` if ``version``
    is given and no longer current; ``RecordImmutable`` for a record unless the action is one
    of records management (``writable=False``)."""
    locked = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if version is not None and locked.version != version:
        raise StaleVersion
    if writable:
        ensure_not_record(locked)
    return locked


def bump(document: Document, **changes: object) -> None:
    """Save ``changes`` to a locked document and increase its version."""
    for name, value in changes.items():
        setattr(document, name, value)
    document.version = F("version") + 1
    document.save(update_fields=[*changes, "version", "updated_at"])
    document.refresh_from_db(fields=["version"])


def unit_heads(unit_id: int) -> QuerySet[User]:
    """The active unit heads of a unit (who is told about work for the unit)."""
    return User.objects.filter(unit_id=unit_id, is_active=True, roles__contains=[Role.UNIT_HEAD])


def document_url(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])
