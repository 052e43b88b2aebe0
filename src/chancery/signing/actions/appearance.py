"""Setting the image a certificate's visible signatures show: the seal, or a handwritten
signature, and the seal's real diameter."""

from __future__ import annotations

import io
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from chancery.blobs import service as blobs
from chancery.core.service import Role, User, record_audit
from chancery.signing.models import Certificate

MAX_PIXELS = 4000
DIAMETER_RANGE = (Decimal(20), Decimal(60))


def check_png(data: bytes) -> None:
    """Refuse (``ValueError``, translated) anything but a sane PNG image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            width, height = image.size
            kind = image.format
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValueError(_("The image is not a readable PNG file.")) from exc
    if kind != "PNG":
        raise ValueError(_("The image must be a PNG file (with a transparent background)."))
    if max(width, height) > MAX_PIXELS:
        raise ValueError(
            _("The image is too large: at most %(pixels)s pixels a side.") % {"pixels": MAX_PIXELS}
        )


def check_diameter(value: Decimal) -> None:
    """Refuse (``ValueError``, translated) a seal diameter no real seal has."""
    if not DIAMETER_RANGE[0] <= value <= DIAMETER_RANGE[1]:
        raise ValueError(_("A seal is between 20 and 60 mm across."))


def set_appearance(
    actor: User,
    certificate: Certificate,
    *,
    image_png: bytes | None,
    seal_diameter_mm: Decimal | None = None,
) -> Certificate:
    """Store the image shown in ``certificate``'s visible signatures (``None`` keeps the
    current one) and, for seals, the seal's real diameter.

    Who may: administrators; the holder of a personal certificate for their own signature
    image. Refuses anything but a PNG of at most 4000 px a side, and a diameter outside
    20–60 mm (``ValueError`` with a translated message); ``PermissionError`` for others.
    """
    is_holder = certificate.holder_id is not None and certificate.holder_id == actor.pk
    if not (actor.has_role(Role.ADMIN) or actor.is_superuser or is_holder):
        raise PermissionError(_("Only an administrator or the holder may change this."))
    if seal_diameter_mm is not None:
        check_diameter(seal_diameter_mm)
    if image_png is not None:
        check_png(image_png)
    with transaction.atomic():
        row = Certificate.objects.select_for_update().get(pk=certificate.pk)
        fields = []
        if image_png is not None:
            blob = blobs.store(
                io.BytesIO(image_png),
                filename=f"appearance-{row.fingerprint[:16]}.png",
                actor=actor,
                owner=blobs.Owner.of(row),
                declared_type="image/png",
                allowed_types=[blobs.FileType.PNG],
            )
            row.appearance_image = blob
            fields.append("appearance_image")
        if seal_diameter_mm is not None:
            row.seal_diameter_mm = seal_diameter_mm
            fields.append("seal_diameter_mm")
        if fields:
            row.save(update_fields=fields)
            record_audit(
                actor,
                "signing.appearance_set",
                row,
                data={"image": image_png is not None, "seal_diameter_mm": seal_diameter_mm},
            )
    return row
