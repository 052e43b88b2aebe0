"""The copy register of classified documents: every view, download, print, export or forward
of a classified document gets the next copy number of that document, written with its audit
entry in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from chancery.core.service import can, record_audit
from chancery.documents.constants import CopyAction
from chancery.documents.exceptions import DocumentError, NotAllowed
from chancery.documents.models import CopyRecord, Document, DocumentFile

if TYPE_CHECKING:
    from chancery.core.service import User


def register_copy(
    actor: User,
    document: Document,
    action: str,
    *,
    file: DocumentFile | None = None,
    recipient: str = "",
) -> CopyRecord:
    """Write the next copy-register entry of ``document`` and its audit entry.

    Who: anyone who may read the document (the copy is made on their behalf). Numbers are
    gapless per document: the document row is locked while the next number is taken, so two
    copies made at the same moment get consecutive numbers, and a rolled-back copy takes none.
    Refuses an unknown action and a file of another document.
    """
    if not can(actor, "view", document):
        raise NotAllowed
    if action not in CopyAction.values:
        raise DocumentError()
    if file is not None and file.document_id != document.pk:
        raise DocumentError()
    with transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).values_list("pk").get()
        last = CopyRecord.objects.filter(document=document).aggregate(n=Max("copy_number"))["n"]
        entry = CopyRecord.objects.create(
            document=document,
            file=file,
            user=actor,
            action=action,
            copy_number=(last or 0) + 1,
            recipient=recipient.strip()[:255],
        )
        record_audit(
            actor,
            "documents.copy_made",
            document,
            data={
                "copy": entry.copy_number,
                "action": action,
                "file": str(file.pk) if file else None,
            },
        )
    return entry
