"""Input checks: every bad upload gets its own clear error, and nothing else escapes."""

from __future__ import annotations

import io
import random
from collections.abc import Callable

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer

from chancery.signing.exceptions import (
    EncryptedPdf,
    InvalidPdf,
    MalformedPdf,
    NotAPdf,
    TruncatedPdf,
)
from chancery.signing.pdf.inspect import inspect_pdf


def _encrypted(data: bytes) -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data)))
    writer.encrypt("owner-secret", "user-secret")  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def test_a_letter_is_described_with_its_pages_and_no_signatures(letter_pdf: bytes) -> None:
    info = inspect_pdf(letter_pdf)
    assert info.page_count == 2
    assert info.signature_count == 0
    assert info.signature_fields == ()
    assert info.page_sizes == ((595.0, 842.0), (595.0, 842.0))


def test_a_page_size_with_decimals_is_read_not_refused() -> None:
    # Given a PDF as fpdf2 and most office tools write A4: 595.28 x 841.89 points
    from fpdf import FPDF

    writer = FPDF(format="A4")
    writer.add_page()
    # When it is inspected, then its size is read rather than refused as damaged
    info = inspect_pdf(bytes(writer.output()))
    assert info.page_sizes == ((595.28, 841.89),)


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda pdf: b"PK\x03\x04 this is a zip file, not a PDF", NotAPdf),
        (lambda pdf: b"", NotAPdf),
        (lambda pdf: pdf[: len(pdf) // 2], TruncatedPdf),
        (_encrypted, EncryptedPdf),
        (lambda pdf: b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", MalformedPdf),
        (lambda pdf: pdf.replace(b"/Pages", b"/Pagez"), MalformedPdf),
    ],
    ids=["zip", "empty", "truncated", "encrypted", "garbage", "no-page-tree"],
)
def test_unusable_uploads_raise_the_matching_invalid_pdf_error(
    make: Callable[[bytes], bytes], error: type[InvalidPdf], letter_pdf: bytes
) -> None:
    with pytest.raises(error) as caught:
        inspect_pdf(make(letter_pdf))
    assert str(caught.value)  # a message for the person who uploaded it


def test_random_mutations_never_raise_anything_but_invalid_pdf(letter_pdf: bytes) -> None:
    # Given a few hundred corrupted variants of a letter (deterministic seed)
    rng = random.Random(20261125)
    for _ in range(300):
        data = bytearray(letter_pdf)
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.5:
                data[position] = rng.randrange(256)
            elif choice < 0.75:
                del data[position : position + rng.randint(1, 64)]
            else:
                data[position:position] = rng.randbytes(rng.randint(1, 32))
        # When inspected, then it is either described or refused as an invalid PDF
        try:
            info = inspect_pdf(bytes(data))
        except InvalidPdf:
            continue
        assert info.page_count >= 1
