"""Registering a TrueType family (a ``…-Regular.ttf`` and its Bold and Italic siblings) on an
fpdf2 document, for the PDFs Chancery writes (cables, e-service results and receipts)."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF


def sibling(font: Path, style: str) -> Path:
    """The ``style`` ("Bold", "Italic") file next to a ``…Regular…`` font, or the font itself
    when there is none."""
    variant = font.with_name(font.name.replace("Regular", style))
    return variant if variant.exists() and variant != font else font


def add_family(
    pdf: FPDF, font: str | Path, *, regular: str, bold: str, italic: str | None = None
) -> None:
    """Register ``font`` as ``regular`` and its Bold (and Italic) siblings under those names."""
    path = Path(font)
    pdf.add_font(regular, "", str(path))
    pdf.add_font(bold, "", str(sibling(path, "Bold")))
    if italic is not None:
        pdf.add_font(italic, "", str(sibling(path, "Italic")))
