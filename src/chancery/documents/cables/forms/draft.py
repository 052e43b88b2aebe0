"""Forms of composing: a new cable, and the whole draft with its paragraph rows.

People and references are typed (user names, cable numbers), so the page works without
JavaScript and without lists of thousands of options; the form resolves them and says which
ones it does not know.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance, Unit, User
from chancery.documents.cables.actions.content import DraftContent, Paragraph
from chancery.documents.cables.markings import marking_choices
from chancery.documents.cables.queries import referable_cables
from chancery.documents.models import Cable, Caption, PrecedenceLevel
from chancery.documents.queries.documents import documents_visible_to

SPLIT = re.compile(r"[\s,;]+")


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NewCableForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    precedence = forms.ModelChoiceField(
        label=_("Precedence"), queryset=PrecedenceLevel.objects.filter(active=True)
    )
    classification = forms.TypedChoiceField(
        label=_("Classification"), choices=Clearance.choices, coerce=int, initial=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routine = PrecedenceLevel.objects.filter(code="ROUTINE").first()
        self.fields["precedence"].initial = routine


def _usernames(value: str) -> list[str]:
    return [name for name in SPLIT.split(value or "") if name]


def people_named(value: str) -> list[User]:
    """Active staff by user name, in the order given; ``ValidationError`` naming the unknown."""
    names = _usernames(value)
    found = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    unknown = [name for name in names if name not in found]
    if unknown:
        raise forms.ValidationError(
            _("Unknown user names: %(names)s."), params={"names": ", ".join(unknown)}
        )
    return [found[name] for name in dict.fromkeys(names)]


class DraftForm(VersionedForm):
    """The whole draft; paragraphs are ``paragraph-<n>-text``/``paragraph-<n>-marking`` rows."""

    subject = forms.CharField(label=_("Subject"), max_length=255)
    precedence = forms.ModelChoiceField(
        label=_("Precedence"), queryset=PrecedenceLevel.objects.filter(active=True)
    )
    classification = forms.TypedChoiceField(
        label=_("Overall classification"),
        choices=Clearance.choices,
        coerce=int,
        help_text=_("At least the highest paragraph marking."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Country and subject codes separated by spaces, e.g. US PREL ECON."),
    )
    captions = forms.ModelMultipleChoiceField(
        label=_("Captions"), queryset=Caption.objects.filter(active=True), required=False
    )
    compartments = forms.ModelMultipleChoiceField(
        label=_("Compartments"), queryset=Caption.objects.none(), required=False
    )
    action_units = forms.ModelMultipleChoiceField(
        label=_("Action addressees: units and missions"),
        queryset=Unit.objects.filter(active=True),
        required=False,
    )
    info_units = forms.ModelMultipleChoiceField(
        label=_("Information addressees: units and missions"),
        queryset=Unit.objects.filter(active=True),
        required=False,
    )
    action_people = forms.CharField(
        label=_("Action addressees: people"),
        required=False,
        help_text=_("User names separated by spaces or commas."),
    )
    info_people = forms.CharField(
        label=_("Information addressees: people"),
        required=False,
        help_text=_("User names separated by spaces or commas."),
    )
    references = forms.CharField(
        label=_("References to cables"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Cable numbers, one per line, e.g. WASHINGTON 2026-000123."),
    )
    document_references = forms.CharField(
        label=_("References to documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Numbers and symbols of documents, one per line."),
    )

    def __init__(self, user: User, *args: Any, rows: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["compartments"].queryset = user.compartments.all()  # type: ignore[attr-defined]
        self.rows = rows
        choices = marking_choices()
        for n in range(1, rows + 1):
            self.fields[f"paragraph-{n}-marking"] = forms.TypedChoiceField(
                label=_("Marking of paragraph %(n)d") % {"n": n},
                choices=choices,
                coerce=int,
                initial=Clearance.UNCLASSIFIED,
            )
            self.fields[f"paragraph-{n}-text"] = forms.CharField(
                label=_("Paragraph %(n)d") % {"n": n},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def paragraph_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"paragraph-{n}-marking"], self[f"paragraph-{n}-text"])
            for n in range(1, self.rows + 1)
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if not f.name.startswith("paragraph-")]

    def clean_action_people(self) -> list[User]:
        return people_named(self.cleaned_data["action_people"])

    def clean_info_people(self) -> list[User]:
        return people_named(self.cleaned_data["info_people"])

    def clean_tags(self) -> list[str]:
        return [tag.upper() for tag in _usernames(self.cleaned_data["tags"])]

    def clean_references(self) -> list[Cable]:
        lines = [line.strip() for line in self.cleaned_data["references"].splitlines()]
        wanted = [line for line in lines if line]
        found = {c.reference: c for c in referable_cables(self.user).filter(reference__in=wanted)}
        unknown = [ref for ref in wanted if ref not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown cable numbers: %(refs)s."), params={"refs": ", ".join(unknown)}
            )
        return [found[ref] for ref in dict.fromkeys(wanted)]

    def clean_document_references(self) -> list[Any]:
        lines = [line.strip() for line in self.cleaned_data["document_references"].splitlines()]
        wanted = [line for line in lines if line]
        found = {
            d.number_symbol: d
            for d in documents_visible_to(self.user).filter(number_symbol__in=wanted)
        }
        unknown = [ref for ref in wanted if ref not in found]
        if unknown:
            raise forms.ValidationError(
                _("Unknown documents: %(refs)s."), params={"refs": ", ".join(unknown)}
            )
        return [found[ref] for ref in dict.fromkeys(wanted)]

    def content(self) -> DraftContent:
        data = self.cleaned_data
        paragraphs = [
            Paragraph(data[f"paragraph-{n}-text"], data[f"paragraph-{n}-marking"])
            for n in range(1, self.rows + 1)
        ]
        return DraftContent(
            subject=data["subject"],
            precedence=data["precedence"],
            classification=data["classification"],
            compartments=list(data["compartments"]),
            captions=list(data["captions"]),
            tags=data["tags"],
            paragraphs=paragraphs,
            action_units=list(data["action_units"]),
            info_units=list(data["info_units"]),
            action_people=data["action_people"],
            info_people=data["info_people"],
            references=data["references"],
            document_references=data["document_references"],
        )


def draft_initial(cable: Cable) -> tuple[dict[str, Any], int]:
    """The form's initial values from a draft, and how many paragraph rows to show (the
    paragraphs and two empty rows to add more)."""
    addressees = list(cable.addressees.select_related("person"))
    people = {
        role: " ".join(a.person.username for a in addressees if a.role == role and a.person)
        for role in ("action", "info")
    }
    initial: dict[str, Any] = {
        "version": cable.version,
        "subject": cable.subject,
        "precedence": cable.precedence_id,
        "classification": cable.classification,
        "tags": " ".join(cable.tags),
        "captions": list(cable.captions.values_list("pk", flat=True)),
        "compartments": list(cable.compartments.values_list("pk", flat=True)),
        "action_units": [a.unit_id for a in addressees if a.role == "action" and a.unit_id],
        "info_units": [a.unit_id for a in addressees if a.role == "info" and a.unit_id],
        "action_people": people["action"],
        "info_people": people["info"],
        "references": "\n".join(c.reference for c in cable.references.all() if c.reference),
        "document_references": "\n".join(
            d.number_symbol for d in cable.document_references.all() if d.number_symbol
        ),
    }
    paragraphs = list(cable.paragraphs.all())
    for n, paragraph in enumerate(paragraphs, start=1):
        initial[f"paragraph-{n}-text"] = paragraph.text
        initial[f"paragraph-{n}-marking"] = paragraph.classification
    return initial, len(paragraphs) + 2
