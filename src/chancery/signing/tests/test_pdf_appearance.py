"""Visible signatures: Vietnamese text, verification code, QR code and a real-size seal."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import TimeStamper

from chancery.signing.constants import AppearanceKind, PadesLevel
from chancery.signing.pdf.appearance import POINTS_PER_MM, vietnam_time
from chancery.signing.pdf.derivatives import extract_text
from chancery.signing.pdf.engine import sign_pdf
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests.pdf_fixtures import CODE, URL, context_for, spec


def _appearance_stream(signed: bytes, field: str) -> bytes:
    reader = PdfFileReader(io.BytesIO(signed))
    for sig in reader.embedded_regular_signatures:
        if sig.field_name == field:
            return bytes(sig.sig_field["/AP"]["/N"].data)
    raise AssertionError(f"no field {field}")


@pytest.fixture
def sealed(
    hierarchy: Hierarchy, seal: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> bytes:
    return sign_pdf(
        letter_pdf,
        context=context_for(hierarchy, seal, timestamper),
        level=PadesLevel.B_T,
        field_name="Seal1",
        appearance=spec(AppearanceKind.SEAL),
    )


def test_seal_appearance_shows_organisation_time_and_code_in_vietnamese(sealed: bytes) -> None:
    # When the text of the sealed letter is extracted by poppler
    text = extract_text(sealed)
    # Then the organisation (with its diacritics), the code and the Viet Nam time are there
    assert "Bộ Ngoại giao" in text
    assert CODE in text
    assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text)


def test_seal_is_drawn_at_its_real_size_not_scaled_to_the_box(sealed: bytes) -> None:
    stream = _appearance_stream(sealed, "Seal1")
    match = re.search(rb"q ([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm /Seal Do Q", stream)
    assert match, stream[:500]
    assert float(match.group(1)) == pytest.approx(36 * POINTS_PER_MM, abs=0.01)
    assert float(match.group(2)) == pytest.approx(36 * POINTS_PER_MM, abs=0.01)


def test_larger_seal_diameter_is_drawn_larger(
    hierarchy: Hierarchy, seal: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    signed = sign_pdf(
        letter_pdf,
        context=context_for(hierarchy, seal, timestamper),
        level=PadesLevel.B_B,
        field_name="Seal1",
        appearance=spec(AppearanceKind.SEAL, seal_diameter_mm=42.0),
    )
    match = re.search(
        rb"q ([\d.]+) 0 0 [\d.]+ [\d.-]+ [\d.-]+ cm /Seal Do Q", _appearance_stream(signed, "Seal1")
    )
    assert match
    assert float(match.group(1)) == pytest.approx(42 * POINTS_PER_MM, abs=0.01)


def test_qr_code_decodes_to_the_verification_url(sealed: bytes, tmp_path: Path) -> None:
    assert shutil.which("zbarimg"), "install zbar-tools (.ci/run does) to read QR codes"
    # Given the last page rendered by poppler
    (tmp_path / "sealed.pdf").write_bytes(sealed)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "200",
            "-png",
            "-f",
            "2",
            "-l",
            "2",
            str(tmp_path / "sealed.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    png = next(tmp_path.glob("page*.png"))
    # When a QR reader scans it, then it finds the verification URL
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert URL in result.stdout.splitlines()


def test_personal_signature_shows_the_name_and_initials_without_qr_print_the_code(
    hierarchy: Hierarchy, person: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    context = context_for(hierarchy, person, timestamper)
    personal = sign_pdf(
        letter_pdf,
        context=context,
        level=PadesLevel.B_B,
        field_name="Sig1",
        appearance=spec(AppearanceKind.PERSONAL),
    )
    initials = sign_pdf(
        personal,
        context=context,
        level=PadesLevel.B_B,
        field_name="Sig2",
        appearance=spec(AppearanceKind.INITIALS),
    )
    assert "Nguyễn Văn An" in extract_text(personal)
    assert b"/QR Do" in _appearance_stream(personal, "Sig1")
    assert b"/Sig Do" in _appearance_stream(personal, "Sig1")
    # Initials are set without a QR code, so the code is printed as text
    stream = _appearance_stream(initials, "Sig2")
    assert b"/QR Do" not in stream
    assert extract_text(initials).count(CODE) == 2


def test_signing_time_is_printed_in_viet_nam_time() -> None:
    import datetime as dt

    moment = dt.datetime(2026, 11, 25, 7, 3, 27, 500, tzinfo=dt.UTC)
    assert vietnam_time(moment) == "2026-11-25T14:03:27+07:00"
