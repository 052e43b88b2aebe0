"""Extractors per file type: PDF text layer (poppler), OCR (tesseract), DOCX, ODT, images, e-mail.

Every external program runs on a temporary copy with a timeout; a failure raises
:class:`ExtractionFailed` with a message for the clerk. The original blob is never touched.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from chancery.documents.extraction.mail import parse_email

# Below this many letters per page, a PDF is taken to be a scan and its pages are OCR'd.
MIN_LETTERS_PER_PAGE = 40

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class ExtractionFailed(Exception):
    """The file's text could not be extracted; ``str(exc)`` says why, for the clerk."""


@dataclass(frozen=True)
class Extracted:
    text: str
    method: str
    page_count: int | None = None


def _timeout() -> int:
    return int(getattr(settings, "CHANCERY_DOCUMENTS_EXTRACTION_TIMEOUT", 300))


def _languages() -> str:
    return str(getattr(settings, "CHANCERY_DOCUMENTS_OCR_LANGUAGES", "") or "vie+eng+fra")


def _run(args: list[str], *, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(  # noqa: S603 - fixed programs, arguments we build
            args, input=stdin, capture_output=True, timeout=_timeout(), check=False
        )
    except FileNotFoundError as exc:
        raise ExtractionFailed(
            _("The program %(name)s is not installed.") % {"name": args[0]}
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise ExtractionFailed(
            _("%(name)s took longer than %(seconds)s seconds.")
            % {"name": args[0], "seconds": _timeout()}
        ) from exc
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractionFailed(
            _("%(name)s could not read the file: %(detail)s")
            % {"name": args[0], "detail": (detail[-1] if detail else str(result.returncode))[:200]}
        )
    return result.stdout


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def pdf_page_count(path: Path) -> int | None:
    info = _run(["pdfinfo", str(path)]).decode("utf-8", "replace")
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(match.group(1)) if match else None


def ocr_image(data: bytes) -> str:
    """The text of one image (PNG, JPEG, TIFF), by tesseract in the configured languages."""
    out = _run(["tesseract", "-", "-", "-l", _languages()], stdin=data)
    return out.decode("utf-8", "replace")


def extract_pdf(data: bytes, progress: OcrProgress | None = None) -> Extracted:
    """The text layer; a scan's pages by OCR. ``progress`` makes OCR resumable: pages it
    already holds are not OCR'd again, and each new page is handed to it when done."""
    with tempfile.TemporaryDirectory(prefix="chancery-extract-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        pages = pdf_page_count(path)
        text = _run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"]).decode(
            "utf-8", "replace"
        )
        if _letters(text) >= MIN_LETTERS_PER_PAGE * max(pages or 1, 1):
            return Extracted(text, "pdftotext", pages)
        _run(["pdftoppm", "-r", "300", "-png", str(path), str(Path(folder) / "page")])
        images = sorted(Path(folder).glob("page*.png"))
        done = list(progress.pages) if progress else []
        for image in images[len(done) :]:
            done.append(ocr_image(image.read_bytes()))
            if progress:
                progress.save(done)
        return Extracted("\n\f".join(done), "ocr", pages or len(images))


class OcrProgress:
    """Pages already OCR'd (kept by the caller between attempts) and how to keep new ones."""

    def __init__(self, pages: list[str], save: Callable[[list[str]], None]) -> None:
        self.pages = pages
        self.save = save


def _xml_paragraphs(xml: bytes, paragraph_tags: set[str], text_tag: str | None) -> str:
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - stdlib parser, no external entities
    except ElementTree.ParseError as exc:
        raise ExtractionFailed(_("The document's XML is malformed.")) from exc
    lines = []
    for element in root.iter():
        if element.tag in paragraph_tags:
            if text_tag is None:
                lines.append("".join(element.itertext()))
            else:
                lines.append("".join(t.text or "" for t in element.iter(text_tag)))
    return "\n".join(lines)


def _zip_member(data: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            info = archive.getinfo(name)
            if info.file_size > 200 * 1024 * 1024:
                raise ExtractionFailed(_("The document is too large to read."))
            return archive.read(info)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ExtractionFailed(
            _("The document is damaged or not of the type its name says.")
        ) from exc


def extract_docx(data: bytes) -> Extracted:
    xml = _zip_member(data, "word/document.xml")
    return Extracted(_xml_paragraphs(xml, {f"{W_NS}p"}, f"{W_NS}t"), "docx")


def extract_odt(data: bytes) -> Extracted:
    xml = _zip_member(data, "content.xml")
    return Extracted(_xml_paragraphs(xml, {f"{TEXT_NS}p", f"{TEXT_NS}h"}, None), "odt")


def extract_image(data: bytes) -> Extracted:
    return Extracted(ocr_image(data), "ocr", 1)


def extract_eml(data: bytes) -> Extracted:
    message = parse_email(data)
    header = "\n".join(filter(None, [message.subject, message.sender]))
    return Extracted(f"{header}\n\n{message.body}".strip(), "email")


def extract_text_file(data: bytes) -> Extracted:
    return Extracted(data.decode("utf-8", "replace"), "text")


EXTRACTORS = {
    "pdf": extract_pdf,
    "docx": extract_docx,
    "odt": extract_odt,
    "png": extract_image,
    "jpeg": extract_image,
    "tiff": extract_image,
    "eml": extract_eml,
    "text": extract_text_file,
}


def extract(
    data: bytes, file_type: str, *, progress: OcrProgress | None = None
) -> Extracted | None:
    """The text of ``data`` (a blob's ``file_type``), or ``None`` for types without text."""
    if file_type == "pdf":
        return extract_pdf(data, progress)
    extractor = EXTRACTORS.get(file_type)
    if extractor is None:
        return None
    return extractor(data)
