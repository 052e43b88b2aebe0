"""Forms of records management (declare, hold, declassify, decide, propose, export)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance
from chancery.documents.models import Disposition, FilePlanCategory


class DeclareForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("File plan category"), queryset=FilePlanCategory.objects.filter(active=True)
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class HoldForm(forms.Form):
    hold = forms.TypedChoiceField(
        label=_("Legal hold"),
        choices=[("1", _("Put under legal hold")), ("0", _("Release the legal hold"))],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeclassifyForm(forms.Form):
    to_level = forms.TypedChoiceField(label=_("New classification"), coerce=int)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, current: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_level"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Clearance.choices if value < current
        ]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data.get("decision") == "approve")


class ProposeForm(forms.Form):
    documents = forms.MultipleChoiceField(label=_("Records"), widget=forms.CheckboxSelectMultiple)
    action = forms.ChoiceField(label=_("Disposition"), choices=Disposition.Action.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = choices  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    to = forms.CharField(
        label=_("Receiving organisation codes"),
        help_text=_("One or more codes of the national exchange, separated by commas."),
        max_length=400,
    )

    def codes(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["to"].split(",") if code.strip()]
