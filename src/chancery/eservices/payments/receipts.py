"""The payment receipt as a PDF (fpdf2 with the Noto font of ``CHANCERY_SIGNING_FONT``, as
``documents/cables/pdf.py`` does), in the dossier's language."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

from chancery.eservices.constants import PaymentState
from chancery.eservices.models import Payment
from chancery.eservices.payments.providers import PaymentError
from chancery.lib.pdffonts import add_family

REGULAR = "receipt"
BOLD = "receipt-bold"


def _money(payment: Payment) -> str:
    if payment.currency == "VND":
        return f"{payment.amount:,.0f} VND".replace(",", ".")
    return f"{payment.amount:,.2f} {payment.currency}"


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt of a paid (or since refunded) payment. Refuses any other (``PaymentError``).
    Callers check who may read it (``queries.get_payment_for_applicant``)."""
    if payment.state not in (PaymentState.SUCCESS, PaymentState.REFUNDED) or not (
        payment.receipt_number
    ):
        raise PaymentError(_("There is no receipt: this payment has not been made."))
    dossier = payment.dossier
    from chancery.eservices.payments import providers

    with override(dossier.language or settings.LANGUAGE_CODE):
        try:
            method = str(providers.get(payment.provider).label)
        except PaymentError:
            method = payment.provider
        paid = timezone.localtime(payment.settled_at) if payment.settled_at else None
        rows = [
            (_("Receipt number"), payment.receipt_number),
            (_("Paid on"), paid.strftime("%d/%m/%Y %H:%M") if paid else ""),
            (_("Dossier code"), dossier.code),
            (
                _("Procedure"),
                f"{dossier.version.procedure.code} · {dossier.version.procedure.name}",
            ),
            (_("Applicant"), dossier.applicant.full_name),
            (_("Received by"), str(dossier.unit)),
            (_("Amount"), _money(payment)),
            (_("Payment method"), method),
            (_("Payment reference"), payment.reference),
            (_("Gateway transaction"), payment.external_id),
        ]
        title = _("Fee payment receipt")
        refunded = _("Refunded") if payment.state == PaymentState.REFUNDED else ""
        pdf = FPDF(format=(148, 210))  # A5, in millimetres
        add_family(pdf, settings.CHANCERY_SIGNING_FONT, regular=REGULAR, bold=BOLD)
        pdf.set_title(f"{title} {payment.receipt_number}")
        pdf.set_margins(14, 14, 14)
        pdf.add_page()
        pdf.set_font(BOLD, size=14)
        pdf.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        if refunded:
            pdf.set_font(BOLD, size=11)
            pdf.multi_cell(0, 6, refunded, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for label, value in rows:
            if not value:
                continue
            pdf.set_font(BOLD, size=9)
            pdf.cell(42, 6, label)
            pdf.set_font(REGULAR, size=9)
            pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
