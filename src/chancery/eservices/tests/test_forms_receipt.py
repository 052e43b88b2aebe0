"""The PDF receipt: what the applicant keeps, in their language, with a QR code to track."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import formats, translation

from chancery.blobs import service as blobs
from chancery.eservices.constants import State
from chancery.eservices.forms.receipt import render_receipt, tracking_url
from chancery.eservices.models import Dossier, DossierFile
from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db
CODE = "LS-260302-0001"


def _file(row: Dossier, component: str, *, superseded: bool = False) -> None:
    blob = blobs.store(io.BytesIO(sample_letter()), filename=f"{component}.pdf", actor=None)
    DossierFile.objects.create(
        dossier=row,
        component=component,
        blob=blob,
        filename=f"{component}.pdf",
        size=blob.size,
        content_type="application/pdf",
        superseded=superseded,
    )


@pytest.fixture
def received() -> Dossier:
    applicant = ApplicantFactory(full_name="Nguyễn Thị Hoà", language="vi")
    row = dossier(
        procedure_version(),
        applicant,
        code=CODE,
        received_on=dt.date(2026, 3, 2),
        due_on=dt.date(2026, 3, 9),
        language="vi",
    )
    _file(row, "document")
    _file(row, "document")
    _file(row, "passport", superseded=True)
    _file(row, "passport")
    return Dossier.objects.select_related("version__procedure", "unit", "applicant").get(pk=row.pk)


def _text(pdf: bytes, tmp_path: Path) -> str:
    (tmp_path / "receipt.pdf").write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "receipt.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def _in(language: str, day: dt.date, fmt: str = "DATE_FORMAT") -> Any:
    with translation.override(language):
        return formats.date_format(day, fmt)


def test_receipt_prints_the_dossier_in_the_applicants_language(
    received: Dossier, tmp_path: Path
) -> None:
    text = _text(render_receipt(received), tmp_path)
    assert CODE in text
    assert "Hợp pháp hóa lãnh sự giấy tờ (1.005129)" in text
    assert "Nguyễn Thị Hoà" in text
    assert "Cục Lãnh sự" in text
    assert _in("vi", dt.date(2026, 3, 2)) in text
    assert _in("vi", dt.date(2026, 3, 9)) in text
    assert "30.000 VND" in text
    # Components by their Vietnamese names, superseded files not counted
    assert "1. Giấy tờ cần hợp pháp hóa: 2" in text
    assert "2. Bản chụp hộ chiếu: 1" in text
    assert tracking_url(CODE) in text.replace("\n", "")


def test_receipt_in_english_uses_english_names(received: Dossier, tmp_path: Path) -> None:
    Dossier.objects.filter(pk=received.pk).update(language="en", fee=0)
    received.refresh_from_db()
    text = _text(render_receipt(received), tmp_path)
    assert "Consular legalisation of documents (1.005129)" in text
    assert "Consular Department" in text
    assert "Copy of passport" in text
    assert _in("en", dt.date(2026, 3, 9)) in text
    assert "No fee" in text
    assert "Track your dossier" in text


def test_qr_code_decodes_to_the_public_tracking_page(received: Dossier, tmp_path: Path) -> None:
    assert shutil.which("zbarimg"), "install zbar-tools (.ci/run does) to read QR codes"
    (tmp_path / "receipt.pdf").write_bytes(render_receipt(received))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(tmp_path / "receipt.pdf"), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    png = next(tmp_path.glob("page*.png"))
    result = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    expected = f"{str(settings.CHANCERY_SITE_URL).rstrip('/')}/services/track/?code={CODE}"
    assert result.stdout.splitlines() == [expected]


def test_a_draft_has_no_receipt() -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.DRAFT)
    with pytest.raises(ValueError, match="no receipt"):
        render_receipt(row)


def test_receipt_reads_few_rows(received: Dossier, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(2):
        render_receipt(received)
