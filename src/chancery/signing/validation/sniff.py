"""Open uploaded bytes as a PDF for validation, or say clearly why they are not one."""

from __future__ import annotations

import io

from pyhanko.pdf_utils.reader import PdfFileReader

from chancery.signing.exceptions import MalformedPdf
from chancery.signing.pdf.inspect import open_reader


def open_pdf(data: bytes) -> PdfFileReader:
    """A strict reader over ``data``; raises NotAPdf, TruncatedPdf, EncryptedPdf or MalformedPdf.

    The shared input check (``open_reader``) classifies what is wrong with the bytes; it parses
    leniently, as signing must. Validation then parses again strictly, as pyHanko's own
    validator does: leniently repairing a broken cross-reference table could show a validator
    different content from what the signer signed.
    """
    open_reader(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        # Touch the catalogue now so that a broken one is reported as malformed here.
        reader.root.get("/Pages")
    # Any bytes may arrive here and the parser can fail in many ways; all mean "damaged".
    except Exception as exc:
        raise MalformedPdf() from exc
    return reader
