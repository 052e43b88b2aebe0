"""Signing PDFs with pyHanko directly, at each PAdES level, for the validation tests.

The validation tests must not depend on Chancery's own signing engine: they check it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko_certvalidator import ValidationContext

from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests.conftest import (
    context_with_material,
    make_signer,
    make_validation_context,
)

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


def sign(
    data: bytes,
    hierarchy: Hierarchy,
    leaf: Issued,
    *,
    level: str,
    timestamper: TimeStamper | None = None,
    field_name: str = "Signature1",
) -> bytes:
    """``data`` signed by ``leaf`` at ``level`` (B-T and above need ``timestamper``)."""
    long_term = level in {"B-LT", "B-LTA"}
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        embed_validation_info=long_term,
        use_pades_lta=level == "B-LTA",
        validation_context=make_validation_context(hierarchy, [leaf]) if long_term else None,
    )
    signer = signers.PdfSigner(
        meta,
        signer=make_signer(hierarchy, leaf),
        timestamper=timestamper if level != "B-B" else None,
    )
    out = signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data), strict=False))
    return bytes(out.getvalue())


def context_factory(
    hierarchy: Hierarchy, leaves: list[Issued]
) -> Callable[[dt.datetime | None], ValidationContext]:
    """Trust ``hierarchy``; revocation material as its servers would answer at the moment."""

    def factory(moment: dt.datetime | None) -> ValidationContext:
        context = make_validation_context(hierarchy, leaves, moment=moment)
        if moment is not None:
            crls, ocsps = hierarchy.revocation_material(
                [leaf.certificate for leaf in leaves], now=moment
            )
            context = context_with_material(hierarchy, crls, ocsps, moment)
        return context

    return factory
