"""A result document as a PDF (fpdf2 with the Noto font of ``CHANCERY_SIGNING_FONT``).

One A4 page: the national heading, the issuing unit, the title, the rows (certificate number,
the certified document or the dossier), the statement in each language of the sheet, the
reason for a refusal, the date and the signer, and, for results on the public register, a QR
code pointing at the certificate's public page. The bottom of the page is left free for the
signature appearance the signing service adds. Signing signs exactly these bytes.
"""

from __future__ import annotations

import qrcode
from django.conf import settings
from fpdf import FPDF

from chancery.eservices.results.templates import ResultSheet, T
from chancery.lib.pdffonts import add_family

REGULAR = "result"
BOLD = "result-bold"
ITALIC = "result-italic"


class _ResultPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        add_family(self, settings.CHANCERY_SIGNING_FONT, regular=REGULAR, bold=BOLD, italic=ITALIC)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(20, 18, 20)
        self.set_title("Result")
        self.set_creator("Chancery")


def _lines(pdf: _ResultPdf, texts: list[str], *, size: float, bold: bool = False) -> None:
    """The first text in Vietnamese, the others (translations) smaller and in italics."""
    for index, text in enumerate(texts):
        if index == 0:
            pdf.set_font(BOLD if bold else REGULAR, size=size)
        else:
            pdf.set_font(ITALIC, size=size - 1.5)
        pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _heading(pdf: _ResultPdf, sheet: ResultSheet) -> None:
    _lines(pdf, sheet.text("nation"), size=11, bold=True)
    _lines(pdf, sheet.text("motto"), size=10.5)
    pdf.ln(4)
    pdf.set_font(BOLD, size=10)
    pdf.multi_cell(0, 5, T["ministry"]["vi"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, sheet.unit_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    _lines(pdf, sheet.text(sheet.kind), size=15, bold=True)
    pdf.ln(4)


def _row(pdf: _ResultPdf, sheet: ResultSheet, key: str, value: str) -> None:
    label = " / ".join(sheet.text(key))
    pdf.set_font(BOLD, size=10)
    pdf.multi_cell(62, 5.5, label, new_x="RIGHT", new_y="TOP")
    pdf.set_font(REGULAR, size=10.5)
    pdf.multi_cell(0, 5.5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _qr(pdf: _ResultPdf, url: str, x: float, y: float, size: float) -> None:
    """The QR code as filled squares: vector, crisp at any zoom, read by any scanner."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x - 2 * module, y - 2 * module, size + 4 * module, size + 4 * module, style="F")
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                pdf.rect(x + col * module, y + row * module, module, module, style="F")


def render(sheet: ResultSheet) -> bytes:
    """The PDF of ``sheet``."""
    pdf = _ResultPdf()
    pdf.add_page()
    _heading(pdf, sheet)
    for row in sheet.rows:
        _row(pdf, sheet, row.key, row.value)
    pdf.ln(3)
    for index, language in enumerate(sheet.languages):
        pdf.set_font(REGULAR if index == 0 else ITALIC, size=10.5 if index == 0 else 9.5)
        pdf.multi_cell(0, 5.5, sheet.statement[language], new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if sheet.reason:
        _row(pdf, sheet, "reason", sheet.reason)
    pdf.ln(4)
    top = pdf.get_y()
    pdf.set_x(110)
    pdf.set_font(REGULAR, size=10)
    date = f"{' / '.join(sheet.text('date'))}: {sheet.issued_on:%d/%m/%Y}"
    pdf.multi_cell(0, 5.5, date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(110)
    pdf.set_font(BOLD, size=10.5)
    pdf.multi_cell(0, 5.5, sheet.signer_title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_x(110)
    pdf.multi_cell(0, 5.5, sheet.signer_name, align="C", new_x="LMARGIN", new_y="NEXT")
    if sheet.register_url:
        _qr(pdf, sheet.register_url, 24, top, 32)
        pdf.set_xy(20, top + 35)
        pdf.set_font(REGULAR, size=7.5)
        label = " / ".join(sheet.text("verify"))
        pdf.multi_cell(
            80, 3.5, f"{label}: {sheet.register_url}", align="L", new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())
