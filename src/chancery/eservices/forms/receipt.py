"""The receipt of a dossier (giấy tiếp nhận hồ sơ và hẹn trả kết quả) as a PDF.

Printed in the dossier's language with fpdf2 and the Noto font of ``CHANCERY_SIGNING_FONT``
(as the cables' PDF): the ministry and the handling unit, the procedure, the dossier code, the
applicant, the received date, the return date in large type, the channel, the fee, the
components received, and a QR code of the public tracking page
(``CHANCERY_SITE_URL`` + ``/services/track/?code=…``) with a note on how to track.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

from chancery.eservices.models import Dossier
from chancery.lib.pdffonts import add_family

REGULAR = "receipt"
BOLD = "receipt-bold"
QR_SIZE_MM = 38.0
LANGUAGES = ("vi", "en", "fr")


def tracking_url(code: str) -> str:
    """The absolute address of the public tracking page of dossier ``code``."""
    base = str(settings.CHANCERY_SITE_URL).rstrip("/")
    return f"{base}{reverse('services:track')}?{urlencode({'code': code})}"


@dataclass
class ReceiptSheet:
    """What the receipt prints, gathered from the dossier (``sheet_of``)."""

    language: str
    unit: str
    procedure: str
    procedure_code: str
    code: str
    applicant: str
    received: str
    due: str
    channel: str
    fee: str
    url: str
    components: list[tuple[str, int]] = field(default_factory=list)


def _component_name(component: dict[str, object], language: str) -> str:
    for code in (language, "en", "vi") if language == "fr" else (language, "vi"):
        name = component.get(f"name_{code}")
        if isinstance(name, str) and name:
            return name
    return str(component.get("code", ""))


def _fee(amount: Decimal, currency: str) -> str:
    if not amount:
        return _("No fee")
    # Grouped by thousands whatever the locale's grouping (Vietnamese has none in Django).
    places = 0 if amount == amount.to_integral_value() else 2
    whole, _dot, cents = f"{amount:,.{places}f}".partition(".")
    number = whole.replace(",", str(formats.get_format("THOUSAND_SEPARATOR")))
    if cents:
        number += str(formats.get_format("DECIMAL_SEPARATOR")) + cents
    return f"{number} {currency}"


def _day(day: dt.date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def sheet_of(dossier: Dossier) -> ReceiptSheet:
    """The receipt's content, in the active language (call inside ``override``)."""
    version = dossier.version
    language = dossier.language if dossier.language in LANGUAGES else "vi"
    counts = Counter(
        dossier.files.filter(superseded=False).values_list("component", flat=True).iterator()
    )
    received = dossier.received_on or (
        timezone.localdate(dossier.submitted_at) if dossier.submitted_at else None
    )
    return ReceiptSheet(
        language=language,
        unit=dossier.unit.name,
        procedure=version.procedure.name,
        procedure_code=version.procedure.code,
        code=dossier.code,
        applicant=" · ".join(
            n for n in (dossier.applicant.full_name, dossier.applicant.organisation) if n
        ),
        received=_day(received),
        due=_day(dossier.due_on) or _("Given once the dossier is accepted"),
        channel=str(dossier.get_channel_display()),
        fee=_fee(Decimal(dossier.fee), dossier.currency),
        url=tracking_url(dossier.code),
        components=[
            (_component_name(c, language), counts[c.get("code")])
            for c in version.components
            if counts.get(c.get("code"))
        ],
    )


class _ReceiptPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        add_family(self, settings.CHANCERY_SIGNING_FONT, regular=REGULAR, bold=BOLD)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 18, 20)

    def line_of(self, text: str, *, size: float = 10, bold: bool = False, h: float = 5.5) -> None:
        self.set_font(BOLD if bold else REGULAR, size=size)
        self.multi_cell(0, h, text, align="L", new_x="LMARGIN", new_y="NEXT")

    def row(self, label: str, value: str) -> None:
        self.set_font(BOLD, size=10)
        self.cell(55, 6, label)
        self.set_font(REGULAR, size=10)
        self.multi_cell(0, 6, value, align="L", new_x="LMARGIN", new_y="NEXT")

    def qr(self, url: str, x: float, y: float, size: float) -> None:
        """The QR code drawn as filled squares (vector, crisp when printed)."""
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(url)
        code.make(fit=True)
        matrix = code.get_matrix()
        cell = size / len(matrix)
        self.set_fill_color(0, 0, 0)
        for r, cells in enumerate(matrix):
            for c, dark in enumerate(cells):
                if dark:
                    self.rect(x + c * cell, y + r * cell, cell, cell, style="F")


def render(sheet: ReceiptSheet) -> bytes:
    """The PDF of ``sheet`` (in the active language)."""
    pdf = _ReceiptPdf()
    pdf.set_title(_("Dossier receipt %(code)s") % {"code": sheet.code})
    pdf.set_lang(sheet.language)
    pdf.add_page()
    pdf.line_of(_("Ministry of Foreign Affairs").upper(), size=11, bold=True)
    pdf.line_of(sheet.unit, size=10)
    pdf.ln(4)
    pdf.line_of(_("Dossier receipt and appointment for the result"), size=15, bold=True, h=8)
    pdf.ln(2)
    pdf.row(_("Dossier code"), sheet.code)
    pdf.row(_("Procedure"), f"{sheet.procedure} ({sheet.procedure_code})")
    pdf.row(_("Applicant"), sheet.applicant)
    pdf.row(_("Received on"), sheet.received)
    pdf.row(_("Channel"), sheet.channel)
    pdf.row(_("Fee"), sheet.fee)
    pdf.ln(3)
    pdf.line_of(_("Result expected on"), size=11, bold=True)
    pdf.line_of(sheet.due, size=22, bold=True, h=11)
    pdf.ln(3)
    if sheet.components:
        pdf.line_of(_("Components received"), size=11, bold=True)
        for n, (name, count) in enumerate(sheet.components, start=1):
            files = _("%(count)s file(s)") % {"count": count}
            pdf.line_of(f"{n}. {name}: {files}")
        pdf.ln(3)
    if pdf.get_y() + QR_SIZE_MM + 10 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    pdf.qr(sheet.url, pdf.l_margin, top, QR_SIZE_MM)
    pdf.set_xy(pdf.l_margin + QR_SIZE_MM + 6, top)
    pdf.set_font(BOLD, size=11)
    pdf.multi_cell(0, 6, _("Track your dossier"), new_x="LEFT", new_y="NEXT")
    left = pdf.l_margin + QR_SIZE_MM + 6
    pdf.set_font(REGULAR, size=10)
    pdf.multi_cell(
        0,
        5.5,
        _("Scan the code, or open this address and enter the dossier code %(code)s:")
        % {"code": sheet.code},
        align="L",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.set_font(BOLD, size=9)
    pdf.multi_cell(0, 5.5, sheet.url, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_x(left)
    pdf.set_font(REGULAR, size=10)
    pdf.multi_cell(
        0,
        5.5,
        _(
            "You can also follow it in your account. We write to you at each step; the "
            "return date moves later while we wait for you (a supplement or a payment)."
        ),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


def render_receipt(dossier: Dossier) -> bytes:
    """The PDF receipt of a submitted dossier, in the dossier's language.

    Who may call: the submission area, for the applicant who owns the dossier or staff who may
    see it (the caller checks access). Refuses (``ValueError``) a draft without a code.
    """
    if not dossier.code:
        raise ValueError("A draft has no receipt.")
    language = dossier.language if dossier.language in LANGUAGES else "vi"
    with override(language):
        return render(sheet_of(dossier))
