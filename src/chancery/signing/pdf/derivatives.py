# mypy: disable-error-code="no-untyped-call"
# (pyHanko's PDF object model is largely untyped; everything else here is checked strictly.)
"""Copies made from a signed PDF for reading: a watermarked view copy, and its text.

The signed original is never modified: a view copy is a brand-new file (every object copied
into a fresh writer), not an incremental update, and it carries no signature fields, so nobody
can mistake it for the signed document.
"""

from __future__ import annotations

import io
import math
import subprocess
import tempfile
import unicodedata
from pathlib import Path

from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.writer import PdfFileWriter, copy_into_new_writer

from chancery.signing.exceptions import MalformedPdf
from chancery.signing.pdf.fonts import appearance_font
from chancery.signing.pdf.inspect import PdfInfo, describe, open_reader

PDFTOTEXT_TIMEOUT = 60
WATERMARK_GREY = 0.55
WATERMARK_OPACITY = 0.35


def _strip_signatures(writer: PdfFileWriter, info: PdfInfo) -> None:
    """Drop the form (signature fields), DocMDP permissions, DSS and signature widgets."""
    root = writer.root
    for key in ("/AcroForm", "/Perms", "/DSS"):
        if key in root:
            del root[key]
    for index in range(info.page_count):
        page_ref, _resources = writer.find_page_for_modification(index)
        page = page_ref.get_object()
        if "/Annots" not in page:
            continue
        kept = generic.ArrayObject()
        for annot_ref in page["/Annots"]:
            annot = (
                annot_ref.get_object()
                if isinstance(annot_ref, generic.IndirectObject)
                else annot_ref
            )
            field = annot.get("/Parent", annot)
            field = field.get_object() if isinstance(field, generic.IndirectObject) else field
            if annot.get("/FT") == "/Sig" or field.get("/FT") == "/Sig":
                continue
            kept.append(annot_ref)
        page[pdf_name("/Annots")] = kept
        writer.update_container(page)


def _stamp(writer: PdfFileWriter, index: int, size: tuple[float, float], text: str) -> None:
    font = appearance_font(settings.CHANCERY_SIGNING_FONT)
    engine = GlyphAccumulatorFactory(font_file=font).create_font_engine(writer)
    text = unicodedata.normalize("NFC", text)
    width, height = size
    diagonal = math.hypot(width, height)
    angle = math.atan2(height, width)
    # Fit the text along ~70 % of the diagonal.
    font_size = 40.0
    engine.font_size = font_size  # type: ignore[assignment]
    advance = float(engine.shape(text).x_advance) or 1.0
    font_size = max(8.0, min(72.0, diagonal * 0.7 / advance))
    engine.font_size = font_size  # type: ignore[assignment]
    shaped = engine.shape(text)
    cos, sin = math.cos(angle), math.sin(angle)
    length = float(shaped.x_advance) * font_size
    # Start so that the text's middle sits at the centre of the page.
    x = width / 2 - cos * length / 2 + sin * font_size / 3
    y = height / 2 - sin * length / 2 - cos * font_size / 3
    ops = b"q /ChWmGS gs %g g BT /ChWmF %g Tf %g %g %g %g %g %g Tm %s ET Q" % (
        WATERMARK_GREY,
        font_size,
        cos,
        sin,
        -sin,
        cos,
        x,
        y,
        shaped.graphics_ops,
    )
    opacity = generic.FloatObject(WATERMARK_OPACITY)
    resources = generic.DictionaryObject(
        {
            pdf_name("/Font"): generic.DictionaryObject({pdf_name("/ChWmF"): engine.as_resource()}),
            pdf_name("/ExtGState"): generic.DictionaryObject(
                {
                    pdf_name("/ChWmGS"): generic.DictionaryObject(
                        {pdf_name("/CA"): opacity, pdf_name("/ca"): opacity}
                    )
                }
            ),
        }
    )
    # Isolate the page's own content, whose graphics state may not be balanced.
    writer.add_stream_to_page(
        index, writer.add_object(generic.StreamObject(stream_data=b"q")), prepend=True
    )
    writer.add_stream_to_page(index, writer.add_object(generic.StreamObject(stream_data=b"Q")))
    writer.add_stream_to_page(
        index, writer.add_object(generic.StreamObject(stream_data=ops)), resources
    )


def view_copy(data: bytes, *, watermark: str) -> bytes:
    """A new, unsigned PDF with ``watermark`` across every page, for viewing and download.

    Callers: the document views, for people who may read but not receive the signed original.
    Refuses what ``inspect_pdf`` refuses. ``data`` itself is left untouched.
    """
    reader = open_reader(data)
    info = describe(reader)
    try:
        writer = copy_into_new_writer(reader)
        _strip_signatures(writer, info)
        for index, size in enumerate(info.page_sizes):
            _stamp(writer, index, size, watermark)
        out = io.BytesIO()
        writer.write(out)
    except (KeyError, ValueError, TypeError, PdfError) as exc:
        raise MalformedPdf() from exc
    return out.getvalue()


def extract_text(data: bytes) -> str:
    """The text of a PDF (``pdftotext -layout``), for search indexing of a derivative."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(data)
        result = subprocess.run(  # noqa: S603 - fixed tool, our own temporary file
            ["pdftotext", "-layout", "-enc", "UTF-8", str(source), "-"],  # noqa: S607
            capture_output=True,
            timeout=PDFTOTEXT_TIMEOUT,
            check=False,
        )
    if result.returncode != 0:
        raise MalformedPdf()
    return result.stdout.decode("utf-8", errors="replace")
