"""A cable as a PDF (fpdf2, the TrueType font of ``CHANCERY_CABLES_FONT``): the classification
banner at the top and bottom of every page, the header block, the numbered paragraphs each
after its portion mark, and the list of attachments. Release signs exactly these bytes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override
from fpdf import FPDF

from chancery.documents.cables.markings import banner, portion_mark
from chancery.documents.models import Cable
from chancery.lib.pdffonts import add_family

REGULAR = "cable"
BOLD = "cable-bold"


@dataclass
class CableSheet:
    """What is printed, gathered from the cable (``sheet_of``) so the PDF reads no rows."""

    banner: str
    reference: str
    released_at: dt.datetime | None
    precedence: str
    post: str
    subject: str
    drafted_by: str
    released_by: str
    action: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    paragraphs: list[tuple[str, int, str]] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


def sheet_of(cable: Cable, *, language: str | None = None) -> CableSheet:
    """The printed content of ``cable`` in ``language`` (the instance's language by default)."""
    language = language or settings.LANGUAGE_CODE
    with override(language):
        addressees = cable.addressees.select_related("unit", "person").order_by("pk")
        named = [(a.role, str(a.unit or a.person)) for a in addressees]
        compartments = list(cable.compartments.values_list("code", flat=True))
        return CableSheet(
            banner=banner(cable.classification, language, compartments=compartments),
            reference=cable.reference,
            released_at=cable.released_at,
            precedence=f"{cable.precedence.code} ({cable.precedence.name})",
            post=str(cable.post),
            subject=cable.subject,
            drafted_by=cable.drafted_by_name,
            released_by=cable.released_by_name,
            action=[name for role, name in named if role == "action"],
            info=[name for role, name in named if role == "info"],
            captions=[c.name for c in cable.captions.all()],
            tags=list(cable.tags),
            # Numbers only: a referenced item's subject may be classified above this cable.
            references=[c.reference for c in cable.references.all() if c.reference]
            + [d.number_symbol or str(d.pk) for d in cable.document_references.all()],
            paragraphs=[
                (portion_mark(p.classification), p.number, p.text) for p in cable.paragraphs.all()
            ],
            attachments=[a.filename for a in cable.attachments.all()],
        )


class _CablePdf(FPDF):
    def __init__(self, sheet: CableSheet) -> None:
        super().__init__(format="A4")
        self.sheet = sheet
        add_family(self, settings.CHANCERY_CABLES_FONT, regular=REGULAR, bold=BOLD)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(20, 22, 20)

    def _banner(self, y: float) -> None:
        self.set_y(y)
        self.set_font(BOLD, size=11)
        self.cell(0, 6, self.sheet.banner, align="C")

    def header(self) -> None:
        self._banner(8)
        self.set_y(22)

    def footer(self) -> None:
        self._banner(-14)
        self.set_y(-9)
        self.set_font(REGULAR, size=7)
        self.cell(0, 4, f"{self.sheet.reference} · {self.page_no()}/{{nb}}", align="C")


def _row(pdf: _CablePdf, label: str, value: str) -> None:
    if not value:
        return
    pdf.set_font(BOLD, size=9)
    pdf.cell(40, 5, label)
    pdf.set_font(REGULAR, size=9)
    pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")


def render(sheet: CableSheet) -> bytes:
    """The PDF of ``sheet``."""
    pdf = _CablePdf(sheet)
    pdf.alias_nb_pages()
    pdf.add_page()
    when = (
        sheet.released_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        if sheet.released_at
        else ""
    )
    rows = [
        (_("Cable"), sheet.reference),
        (_("Date"), when),
        (_("Precedence"), sheet.precedence),
        (_("From"), sheet.post),
        (_("Action"), "; ".join(sheet.action)),
        (_("Information"), "; ".join(sheet.info)),
        (_("Captions"), ", ".join(sheet.captions)),
        (_("Tags"), " ".join(sheet.tags)),
        (_("References"), "; ".join(sheet.references)),
        (_("Drafted by"), sheet.drafted_by),
        (_("Released by"), sheet.released_by),
    ]
    for label, value in rows:
        _row(pdf, label, value)
    pdf.ln(3)
    pdf.set_font(BOLD, size=11)
    pdf.multi_cell(0, 6, f"{_('Subject')}: {sheet.subject}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(REGULAR, size=10.5)
    for mark, number, text in sheet.paragraphs:
        pdf.multi_cell(0, 5.5, f"{number}. {mark} {text}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    if sheet.attachments:
        pdf.ln(2)
        pdf.set_font(BOLD, size=9.5)
        pdf.cell(0, 5, _("Attachments"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(REGULAR, size=9.5)
        for n, name in enumerate(sheet.attachments, start=1):
            pdf.multi_cell(0, 5, f"{n}. {name}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_cable(cable: Cable, *, language: str | None = None) -> bytes:
    """The PDF of ``cable`` as it stands (call on the locked row, numbered, before signing)."""
    sheet = sheet_of(cable, language=language)
    with override(language or settings.LANGUAGE_CODE):
        return render(sheet)
