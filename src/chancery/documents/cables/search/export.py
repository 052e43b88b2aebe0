"""Export of a cable to PDF: the signed cable, watermarked for its reader when classified.

The source is the signed PDF kept with the cable (``Cable.signed_pdf``, on this instance and
on a receiving one alike); a cable without one (a draft its drafter, clearers or approver
export) is rendered as it stands, with its banner and portion marks
(``cables.pdf.render_cable``). A classified cable is never handed out
as stored: every export is a new, unsigned copy with the reader's name, the time and the
cable's reference across every page (``signing.service.watermarked_copy``), the signed
original staying untouched. Every export is written to the audit chain and to the cable's
history in one transaction with the read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chancery.blobs import service as blobs
from chancery.core.service import get_visible_or_404, record_audit
from chancery.documents.cables.events import record_event
from chancery.documents.cables.pdf import render_cable
from chancery.documents.models import Cable
from chancery.signing import service as signing

if TYPE_CHECKING:
    from chancery.core.service import User


@dataclass(frozen=True)
class Export:
    data: bytes
    filename: str
    watermarked: bool


def watermark_text(user: User, cable: Cable) -> str:
    """What is printed across every page of an exported classified cable."""
    name = getattr(user, "full_name", "") or user.get_username()
    when = date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT")
    return _("%(name)s · %(when)s · %(reference)s") % {
        "name": name,
        "when": when,
        "reference": cable.reference or str(cable.pk),
    }


def _source(user: User, cable: Cable) -> bytes:
    if cable.signed_pdf_id is not None:
        with blobs.open_blob(cable.signed_pdf.address, actor=user) as reader:  # type: ignore[union-attr]
            return bytes(reader.read())
    return render_cable(cable)


def filename(cable: Cable) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in cable.reference or "")
    return f"{stem.strip('-') or str(cable.pk)}.pdf"


def export_cable(user: User, pk: UUID | str) -> Export:
    """The PDF of cable ``pk`` for ``user``.

    Who may: anyone who may read the cable (``Cable.objects.visible_to``: its level, its
    compartments, its captions and its addressee lists); anyone else gets 404, whether it
    exists or not. Refuses nothing else: a classified cable is watermarked for the reader.
    Writes ``cables.export`` to the audit chain and ``exported`` to the cable's history.
    """
    cable = get_visible_or_404(Cable.objects.select_related("signed_pdf"), user, pk=pk)
    with transaction.atomic():
        data = _source(user, cable)
        watermarked = cable.is_classified
        if watermarked:
            data = signing.watermarked_copy(data, watermark=watermark_text(user, cable))
        record_audit(
            user,
            "cables.export",
            cable,
            data={"watermarked": watermarked, "signed": cable.signed_pdf_id is not None},
        )
        record_event(cable, user, "exported", watermarked=watermarked)
    return Export(data=data, filename=filename(cable), watermarked=watermarked)
