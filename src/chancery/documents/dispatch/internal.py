"""Internal delivery: the issued document arrives in the recipient unit's incoming queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Role, User, notify, record_audit
from chancery.documents.constants import Direction, FileRole, Status
from chancery.documents.dispatch.base import Delivery, PermanentFailure
from chancery.documents.models import Document, DocumentFile, Recipient


class InternalAdapter:
    """A unit or mission of the ministry: an incoming document is created in its register
    (status received, for its clerks to register), with the signed PDF as its main file (the
    same blob), the same classification and compartments, and the issuing unit as sender."""

    name = "internal"

    def deliver(self, recipient: Recipient) -> Delivery:
        source = recipient.document
        if recipient.unit is None:
            raise PermanentFailure("an internal recipient needs a unit")
        issued = source.files.filter(role=FileRole.ISSUED).select_related("blob").last()
        if issued is None:
            raise PermanentFailure("the document has no issued file")
        signer = source.signed_document.created_by if source.signed_document else source.created_by
        incoming = Document.objects.create(
            direction=Direction.INCOMING,
            status=Status.RECEIVED,
            unit=recipient.unit,
            document_type=source.document_type,
            number_symbol=source.number_symbol,
            subject=source.subject,
            document_date=source.document_date,
            urgency=source.urgency,
            language=source.language,
            classification=source.classification,
            sender_name=source.unit.name,
            sender_unit=source.unit,
            signer_name=source.signer_name,
            received_at=timezone.now(),
            created_by=signer,
        )
        incoming.compartments.set(source.compartments.all())
        incoming.assigned_units.add(recipient.unit)
        main = DocumentFile.objects.create(
            document=incoming,
            blob=issued.blob,
            role=FileRole.MAIN,
            filename=issued.filename,
            content_type=issued.content_type,
            size=issued.size,
            sha256=issued.sha256,
            uploaded_by=signer,
        )
        blobs.attach(issued.blob.address, blobs.Owner.of(main), actor=None, label="received")
        record_audit(
            None,
            "documents.received_internal",
            incoming,
            data={"from": str(source.pk), "number_symbol": source.number_symbol},
        )
        url = reverse("documents:detail", args=[incoming.pk])
        for clerk in User.objects.filter(
            unit=recipient.unit, is_active=True, roles__contains=[Role.CLERK]
        ):
            notify(clerk, "documents.received", _("A document arrived for your unit"), url=url)
        return Delivery(delivered_as=incoming, reference=str(incoming.pk))
