"""Shared builders of the PDF engine tests: signing contexts and appearance specs."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization

from chancery.signing.constants import AppearanceKind
from chancery.signing.pdf.appearance import AppearanceSpec
from chancery.signing.pdf.engine import SigningContext
from chancery.signing.pdf.images import seal_image, signature_image
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests.conftest import make_signer, make_validation_context

CODE = "K7QM-4XPA-2B9D"
URL = f"https://chancery.example/verify/{CODE}"


def context_for(hierarchy: Hierarchy, leaf: Issued, timestamper: object) -> SigningContext:
    return SigningContext(
        signer=make_signer(hierarchy, leaf),
        timestamper=timestamper,  # type: ignore[arg-type]
        validation_context=make_validation_context(hierarchy, [leaf]),
    )


def root_pem(hierarchy: Hierarchy, directory: Path) -> Path:
    path = directory / "root.pem"
    path.write_bytes(hierarchy.root.certificate.public_bytes(serialization.Encoding.PEM))
    return path


def spec(kind: AppearanceKind, **overrides: object) -> AppearanceSpec:
    name = "Bộ Ngoại giao" if kind == AppearanceKind.SEAL else "Nguyễn Văn An"
    image = seal_image(name) if kind == AppearanceKind.SEAL else signature_image(name)
    boxes = {
        AppearanceKind.SEAL: (95.0, 16.0, 100.0, 44.0),
        AppearanceKind.PERSONAL: (105.0, 62.0, 90.0, 38.0),
        AppearanceKind.INITIALS: (15.0, 12.0, 55.0, 16.0),
    }
    x, y, w, h = boxes.get(kind, boxes[AppearanceKind.PERSONAL])
    values: dict[str, object] = {
        "kind": kind,
        "page": -1,
        "x_mm": x,
        "y_mm": y,
        "width_mm": w,
        "height_mm": h,
        "organisation": "Bộ Ngoại giao",
        "signer_name": name,
        "image_png": image,
        "verification_code": CODE,
        "verification_url": URL,
        "show_qr": kind != AppearanceKind.INITIALS,
    }
    values.update(overrides)
    return AppearanceSpec(**values)  # type: ignore[arg-type]
