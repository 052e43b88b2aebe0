# mypy: disable-error-code="no-untyped-call"
# (pyHanko's PDF object model is largely untyped; everything else here is checked strictly.)
"""Input checks: is this byte string a PDF we can sign or validate, and what is in it?

Every upload goes through :func:`inspect_pdf` before anything else touches it, so the person
who uploaded a wrong file gets one clear, translated message and nothing is stored.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields

from chancery.signing.exceptions import (
    EncryptedPdf,
    InvalidPdf,
    MalformedPdf,
    NotAPdf,
    TruncatedPdf,
)

# The PDF specification allows the header anywhere in the first 1024 bytes; so do readers.
HEADER_WINDOW = 1024
# Some producers append junk (zero padding, a newline, a mail footer) after %%EOF.
TRAILER_WINDOW = 2048
# A page tree deeper than this is hostile (or broken), not a letter.
MAX_TREE_DEPTH = 64
A4_POINTS = (595.28, 841.89)


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    # Signatures (not document timestamps) already in the file.
    signature_count: int
    # Every signature field, filled or empty, signatures and document timestamps alike.
    signature_fields: tuple[str, ...]
    # (width, height) in points of each page, in page order.
    page_sizes: tuple[tuple[float, float], ...]


def open_reader(data: bytes) -> PdfFileReader:
    """A pyHanko reader on ``data`` after the byte-level checks; raises an ``InvalidPdf``.

    Lenient parsing (``strict=False``): real-world producers write small syntax slips that
    Acrobat and poppler accept, and refusing those letters would help nobody.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise NotAPdf()
    data = bytes(data)
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise NotAPdf()
    if b"%%EOF" not in data[-TRAILER_WINDOW:]:
        raise TruncatedPdf()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except InvalidPdf:
        raise
    except Exception as exc:
        raise MalformedPdf() from exc
    try:
        encrypted = reader.encrypted
    except Exception as exc:
        raise MalformedPdf() from exc
    if encrypted:
        raise EncryptedPdf()
    return reader


def _number(value: object) -> float:
    if isinstance(value, generic.IndirectObject):
        value = value.get_object()
    # pyHanko reads reals with a fractional part (A4 is 595.28 x 841.89) as Decimal.
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return float(value)
    raise MalformedPdf()


def _page_size(box: object) -> tuple[float, float]:
    if isinstance(box, generic.IndirectObject):
        box = box.get_object()
    if not isinstance(box, generic.ArrayObject) or len(box) != 4:
        return A4_POINTS  # a missing MediaBox is an error readers forgive with the default size
    x1, y1, x2, y2 = (_number(v) for v in box)
    return (round(abs(x2 - x1), 2), round(abs(y2 - y1), 2))


def _walk_pages(
    node: object, inherited_box: object, depth: int, seen: set[int], out: list[tuple[float, float]]
) -> None:
    if depth > MAX_TREE_DEPTH:
        raise MalformedPdf()
    if isinstance(node, generic.IndirectObject):
        if node.idnum in seen:  # a loop in the page tree
            raise MalformedPdf()
        seen.add(node.idnum)
        node = node.get_object()
    if not isinstance(node, generic.DictionaryObject):
        raise MalformedPdf()
    box = node.raw_get("/MediaBox") if "/MediaBox" in node else inherited_box
    if "/Kids" in node:
        kids = node["/Kids"]
        if not isinstance(kids, generic.ArrayObject):
            raise MalformedPdf()
        for index in range(len(kids)):
            _walk_pages(kids.raw_get(index), box, depth + 1, seen, out)
    else:
        out.append(_page_size(box))


def describe(reader: PdfFileReader) -> PdfInfo:
    """Pages, page sizes and signature fields of an opened, unencrypted document."""
    root = reader.root
    pages_root = root.raw_get("/Pages")
    sizes: list[tuple[float, float]] = []
    _walk_pages(pages_root, None, 0, set(), sizes)
    if not sizes:
        raise MalformedPdf()
    names: list[str] = []
    signatures = 0
    for name, value, _ref in enumerate_sig_fields(reader):
        names.append(str(name))
        if value is None:
            continue
        sig = value.get_object() if isinstance(value, generic.IndirectObject) else value
        if not isinstance(sig, generic.DictionaryObject) or sig.get("/Type") != "/DocTimeStamp":
            signatures += 1
    return PdfInfo(
        page_count=len(sizes),
        signature_count=signatures,
        signature_fields=tuple(names),
        page_sizes=tuple(sizes),
    )


def inspect_pdf(data: bytes) -> PdfInfo:
    """Check that ``data`` is a readable, unencrypted PDF and describe it.

    Anyone may call it on any bytes (it only reads). It refuses, with a translated message:
    a file that is not a PDF (``NotAPdf``), one cut short (``TruncatedPdf``), a
    password-protected one (``EncryptedPdf``) and one whose structure is broken
    (``MalformedPdf``). No other exception escapes, whatever the input.
    """
    try:
        return describe(open_reader(data))
    except InvalidPdf:
        raise
    except RecursionError as exc:
        raise MalformedPdf() from exc
    except Exception as exc:
        raise MalformedPdf() from exc
