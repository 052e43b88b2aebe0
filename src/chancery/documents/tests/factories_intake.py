"""Files a clerk receives, made for tests: letters as PDF (text layer or scanned), Vietnamese
scans, DOCX, ODT and e-mails with attachments."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

from PIL import Image, ImageDraw, ImageFont

from chancery.lib.pdfgen import sample_letter, simple_pdf

NOTO = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"

VIETNAMESE_LETTER = [
    "ỦY BAN NHÂN DÂN",
    "THÀNH PHỐ HẢI PHÒNG",
    "Số: 125/UBND-VP",
    "Hải Phòng, ngày 5 tháng 3 năm 2026",
    "V/v hợp tác quốc tế về thương mại",
    "Kính gửi: Bộ Ngoại giao",
]


def letter_pdf(lines: list[str] | None = None) -> bytes:
    """A one-page PDF with a text layer (Latin-1 text)."""
    if lines is None:
        return sample_letter()
    return simple_pdf([lines])


def text_image(lines: list[str], *, size: int = 40, fmt: str = "PNG") -> bytes:
    """A clean 'scan' of ``lines`` rendered with Noto Sans (Vietnamese diacritics included)."""
    font = ImageFont.truetype(NOTO, size)
    height = 120 + len(lines) * int(size * 1.8)
    image = Image.new("L", (1800, height), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((80, 60 + index * int(size * 1.8)), line, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, fmt, dpi=(300, 300))
    return out.getvalue()


def scanned_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A PDF with no text layer: page images only (what a scanner produces)."""
    images = [Image.open(io.BytesIO(text_image(lines))).convert("RGB") for _ in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()


def docx_bytes(paragraphs: list[str]) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="'
            'http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def odt_bytes(paragraphs: list[str]) -> bytes:
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    body = "".join(f"<text:p>{line}</text:p>" for line in paragraphs)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
        f'xmlns:text="{text}"><office:body><office:text>{body}</office:text></office:body>'
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return out.getvalue()


def eml_bytes(body: str, attachments: list[tuple[str, str, bytes]]) -> bytes:
    message = EmailMessage()
    message["From"] = "Văn thư <vanthu@haiphong.gov.vn>"
    message["To"] = "vanthu@mofa.gov.vn"
    message["Subject"] = "Gửi công văn số 125/UBND-VP"
    message.set_content(body)
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def ensure_document_types() -> None:
    """Seed the document types again: transactional tests empty every table, seeds included."""
    from django.apps import apps as django_apps

    seed = __import__("chancery.documents.migrations.0002_document_types", fromlist=["seed"]).seed
    seed(django_apps, None)
