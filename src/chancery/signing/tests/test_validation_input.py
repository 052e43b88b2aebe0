"""Bytes that are not a readable PDF give a clear InvalidPdf error, never anything else."""

from __future__ import annotations

import io
import random

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
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests.signed_documents import context_factory, sign
from chancery.signing.validation.engine import validate_pdf
from chancery.signing.validation.report import ValidationReport


def encrypted(data: bytes) -> bytes:
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data)))
    writer.encrypt("owner-secret", "user-secret")  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def test_each_kind_of_unreadable_file_raises_its_error(
    hierarchy: Hierarchy, person: Issued, letter_pdf: bytes
) -> None:
    factory = context_factory(hierarchy, [person])
    cases: list[tuple[bytes, type[InvalidPdf]]] = [
        (b"PK\x03\x04 this is a zip file" * 20, NotAPdf),
        (b"", NotAPdf),
        (letter_pdf[: len(letter_pdf) // 2], TruncatedPdf),
        (encrypted(letter_pdf), EncryptedPdf),
        (
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\nstartxref\n99999\n%%EOF\n",
            MalformedPdf,
        ),
    ]
    for data, error in cases:
        with pytest.raises(error):
            validate_pdf(data, context_factory=factory)


def test_random_damage_to_a_signed_file_gives_a_report_or_invalid_pdf(
    hierarchy: Hierarchy, person: Issued, letter_pdf: bytes
) -> None:
    # Given a signed letter and 150 copies damaged at random (seeded, so failures reproduce)
    signed = sign(letter_pdf, hierarchy, person, level="B-B")
    factory = context_factory(hierarchy, [person])
    rng = random.Random(4)
    outcomes = {"report": 0, "invalid_pdf": 0}
    for _ in range(150):
        damaged = bytearray(signed)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(damaged))
            if rng.random() < 0.7:
                damaged[position] = rng.randrange(256)
            else:
                del damaged[position : position + rng.randint(1, 64)]
        # When each is validated
        try:
            report = validate_pdf(bytes(damaged), context_factory=factory)
        except InvalidPdf:
            outcomes["invalid_pdf"] += 1
            continue
        # Then it is a report (any other exception fails the test); a damaged copy never passes
        # as an intact one unless the damage missed the signed bytes entirely.
        assert isinstance(report, ValidationReport)
        outcomes["report"] += 1
        if bytes(damaged) != signed and report.verdict == "valid":
            assert len(damaged) == len(signed)
    assert outcomes["report"] > 0
