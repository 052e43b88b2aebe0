"""A small, dependency-free PDF writer for sample and test documents.

Writes A4 pages of Helvetica text (Latin-1 only) with a correct cross-reference table, so the
output is a plain, valid PDF 1.7 that any reader and signer accepts.
"""

from __future__ import annotations

A4 = (595, 842)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _page_stream(lines: list[str]) -> bytes:
    parts = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
    for line in lines:
        parts.append(f"({_escape(line)}) Tj T*")
    parts.append("ET")
    return "\n".join(parts).encode("latin-1", errors="replace")


def simple_pdf(pages: list[list[str]], *, title: str = "") -> bytes:
    """A PDF with one page per entry of ``pages``, each a list of text lines."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    objects: list[bytes] = []
    # 1: catalog, 2: pages, 3: font, 4: info, then (page, content) pairs.
    page_ids = [5 + 2 * index for index in range(len(pages))]
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    objects.append(f"<< /Title ({_escape(title)}) /Producer (Chancery) >>".encode("latin-1"))
    for index, lines in enumerate(pages):
        content_id = page_ids[index] + 1
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0]} {A4[1]}] "
                f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
            ).encode()
        )
        stream = _page_stream(lines)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def sample_letter(number: str = "125/BNG-LS", pages: int = 2) -> bytes:
    """A plausible outgoing letter of ``pages`` pages, for demos, tests and benchmarks."""
    body = [
        "MINISTRY OF FOREIGN AFFAIRS",
        f"No. {number}",
        "",
        "Subject: consular legalisation of documents for use abroad",
        "",
        *[f"{n}. Paragraph {n} of the letter, as drafted and approved." for n in range(1, 30)],
    ]
    return simple_pdf([body] + [[f"Page {p + 2}", *body[5:]] for p in range(pages - 1)])
