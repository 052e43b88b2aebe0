"""Text extraction from received files: PDF text layer, OCR of scans (Vietnamese included),
DOCX, ODT, images, e-mails; clear failures for damaged files and slow programs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.test import override_settings

from chancery.documents.extraction import ExtractionFailed, extract
from chancery.documents.extraction.mail import parse_email
from chancery.documents.extraction.prefill import read_letter
from chancery.documents.tests.factories_intake import (
    VIETNAMESE_LETTER,
    docx_bytes,
    eml_bytes,
    letter_pdf,
    odt_bytes,
    scanned_pdf,
    text_image,
)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_pdf_with_a_text_layer_is_read_with_pdftotext_and_counts_its_pages() -> None:
    extracted = extract(letter_pdf(), "pdf")
    assert extracted is not None
    assert extracted.method == "pdftotext"
    assert extracted.page_count == 2
    assert "No. 125/BNG-LS" in extracted.text


@pytest.mark.slow
def test_scanned_pdf_without_text_is_ocrd_page_by_page() -> None:
    extracted = extract(
        scanned_pdf(["MINISTRY OF FOREIGN AFFAIRS", "Consular cooperation"], 2), "pdf"
    )
    assert extracted is not None
    assert extracted.method == "ocr"
    assert extracted.page_count == 2
    assert extracted.text.count("MINISTRY OF FOREIGN AFFAIRS") == 2


@pytest.mark.slow
def test_vietnamese_scan_is_ocrd_with_its_diacritics() -> None:
    extracted = extract(text_image(VIETNAMESE_LETTER), "png")
    assert extracted is not None
    text = extracted.text
    for words in (
        "ỦY BAN NHÂN DÂN",
        "Hải Phòng, ngày 5 tháng 3 năm 2026",
        "125/UBND-VP",
        "hợp tác quốc tế",
        "Bộ Ngoại giao",
    ):
        assert words in text
    fields = read_letter(text)
    assert (fields.number_symbol, fields.document_date) == ("125/UBND-VP", dt.date(2026, 3, 5))
    assert fields.subject == "hợp tác quốc tế về thương mại"


def test_docx_and_odt_paragraphs_are_read_without_any_office_suite() -> None:
    lines = ["BỘ TƯ PHÁP", "Số: 33/TTr-BTP", "V/v công chứng ở nước ngoài"]
    docx = extract(docx_bytes(lines), "docx")
    odt = extract(odt_bytes(lines), "odt")
    assert docx is not None
    assert docx.text.splitlines() == lines
    assert odt is not None
    assert odt.text.splitlines() == lines


def test_email_body_and_attachments_are_separated() -> None:
    data = eml_bytes(
        "Kính gửi Bộ Ngoại giao,\nxin gửi công văn.", [("cv.pdf", "application/pdf", letter_pdf())]
    )
    message = parse_email(data)
    assert message.subject == "Gửi công văn số 125/UBND-VP"
    assert "xin gửi công văn" in message.body
    assert [(a.filename, a.content_type) for a in message.attachments] == [
        ("cv.pdf", "application/pdf")
    ]
    assert message.attachments[0].data == letter_pdf()
    extracted = extract(data, "eml")
    assert extracted is not None
    assert "xin gửi công văn" in extracted.text


@pytest.mark.parametrize(
    ("data", "file_type", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "docx", "damaged"),
        (_zip({"word/document.xml": b"<w:document><w:body"}), "docx", "malformed"),
        (b"%PDF-1.7\nthis is not a pdf body", "pdf", "pdf"),
        (b"\x89PNG\r\n\x1a\nbroken", "png", "tesseract"),
    ],
)
def test_damaged_files_fail_with_a_message_for_the_clerk(
    data: bytes, file_type: str, reason: str
) -> None:
    with pytest.raises(ExtractionFailed) as failure:
        extract(data, file_type)
    assert reason in str(failure.value).lower()


def test_a_program_that_runs_too_long_is_stopped_with_a_clear_message() -> None:
    with (
        override_settings(CHANCERY_DOCUMENTS_EXTRACTION_TIMEOUT=0.001),
        pytest.raises(ExtractionFailed, match="took longer"),
    ):
        extract(text_image(["slow"]), "png")


def test_types_without_text_extract_nothing() -> None:
    assert extract(b"anything", "xlsx") is None
