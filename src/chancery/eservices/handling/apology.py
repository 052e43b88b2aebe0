"""The draft letter of apology for a late dossier (Decree 61/2018, art. 19 as amended by
Decree 107/2021; Decision 31/2021): it apologises, states the reason for the delay and the new
return date. Written in the applicant's language; staff edit it before sending
(``actions.send_apology``)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from chancery.eservices.models import Dossier


def apology_letter(dossier: Dossier) -> str:
    """The draft text, in the applicant's language: the reason and the new date come from the
    latest extension, or are left as blanks for staff to fill in."""
    extension = dossier.extensions.order_by("-at", "-pk").first()
    language = dossier.applicant.language or dossier.language or "vi"
    with translation.override(language):
        reason = extension.reason if extension else _("[state the reason for the delay]")
        new_date = (
            formats.date_format(extension.new_due_on, "DATE_FORMAT")
            if extension
            else _("[state the new return date]")
        )
        promised_on = extension.old_due_on if extension else dossier.due_on
        promised = formats.date_format(promised_on, "DATE_FORMAT") if promised_on else ""
        lines = [
            _("Dear %(name)s,") % {"name": dossier.applicant.full_name},
            "",
            _(
                "We apologise: your dossier %(code)s (%(procedure)s), which we promised to "
                "return on %(promised)s, is late."
            )
            % {
                "code": dossier.code,
                "procedure": dossier.version.procedure.name,
                "promised": promised,
            },
            _("Reason for the delay: %(reason)s") % {"reason": reason},
            _("New return date: %(date)s") % {"date": new_date},
            "",
            _("We are sorry for the inconvenience."),
            "",
            str(dossier.unit.name),
        ]
    return "\n".join(lines)


def apology_pdf(text: str, *, title: str = "") -> bytes:
    """The letter as an A4 PDF in the platform's Unicode font (Vietnamese diacritics print),
    for staff who send it on paper."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.add_font("letter", "", str(Path(settings.CHANCERY_SIGNING_FONT)))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("letter", size=12)
    for line in text.splitlines() or [""]:
        pdf.multi_cell(0, 7, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
