"""How a signature looks on a given type of document, for a given certificate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.signing.constants import AppearanceKind, CertificateRole
from chancery.signing.models import AppearanceProfile, Certificate
from chancery.signing.pdf.appearance import AppearanceSpec
from chancery.signing.pdf.images import seal_image, signature_image


@dataclass(frozen=True)
class Box:
    page: int
    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    show_qr: bool = True


# Where each kind goes when the document type has no profile: the personal signature above
# the seal on the right of the last page (where the signature block of a letter is), the
# drafter's initials at the bottom left.
DEFAULT_BOXES: dict[str, Box] = {
    AppearanceKind.PERSONAL: Box(-1, 105.0, 62.0, 90.0, 38.0),
    AppearanceKind.SEAL: Box(-1, 95.0, 16.0, 100.0, 44.0),
    AppearanceKind.INITIALS: Box(-1, 15.0, 12.0, 55.0, 16.0, show_qr=False),
}


def default_kind(certificate: Certificate) -> AppearanceKind:
    return (
        AppearanceKind.SEAL
        if certificate.role == CertificateRole.SEAL
        else (AppearanceKind.PERSONAL)
    )


def box_for(document_type: str, kind: str) -> Box:
    profile = AppearanceProfile.objects.filter(document_type=document_type, kind=kind).first()
    if profile is None:
        return DEFAULT_BOXES.get(kind, DEFAULT_BOXES[AppearanceKind.PERSONAL])
    return Box(
        profile.page,
        float(profile.x_mm),
        float(profile.y_mm),
        float(profile.width_mm),
        float(profile.height_mm),
        profile.show_qr,
    )


def verification_url(code: str) -> str:
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + reverse("verify:code", args=[code])


def _image(certificate: Certificate, kind: str, organisation: str) -> bytes:
    if certificate.appearance_image_id is not None:
        image = certificate.appearance_image
        assert image is not None  # the id is set and the foreign key guarantees the row
        with blobs.open_blob(image.address, actor=None) as reader:
            return reader.read()
    if kind == AppearanceKind.SEAL:
        return seal_image(organisation)
    return signature_image(certificate.common_name)


def appearance_for(
    certificate: Certificate,
    *,
    document_type: str,
    kind: str,
    organisation: str,
    verification_code: str,
) -> AppearanceSpec | None:
    """The visible appearance of a signature by ``certificate``; ``None`` for an invisible one."""
    if kind == AppearanceKind.INVISIBLE:
        return None
    box = box_for(document_type, kind)
    if kind == AppearanceKind.SEAL and certificate.unit is not None:
        organisation = certificate.unit.name_vi
    return AppearanceSpec(
        kind=AppearanceKind(kind),
        page=box.page,
        x_mm=box.x_mm,
        y_mm=box.y_mm,
        width_mm=box.width_mm,
        height_mm=box.height_mm,
        organisation=organisation,
        signer_name=organisation if kind == AppearanceKind.SEAL else certificate.common_name,
        image_png=_image(certificate, kind, organisation),
        seal_diameter_mm=float(certificate.seal_diameter_mm or Decimal(36)),
        verification_code=verification_code,
        verification_url=verification_url(verification_code),
        show_qr=box.show_qr,
    )
