"""The archive search form (GET) and the save-search form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance, Unit
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.search.params import ANY_STATUS, CableSearchParams
from chancery.documents.forms.search import (
    DateRangeForm,
    blank_choices,
    split_tags,
)
from chancery.documents.models import PrecedenceLevel


class CableSearchForm(DateRangeForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=300)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Country or subject codes, separated by commas (for example: FR, PREL)."),
    )
    tags_mode = forms.ChoiceField(
        label=_("Cables with"),
        choices=[("any", _("any of these tags")), ("all", _("all of these tags"))],
        required=False,
    )
    precedence = forms.ModelChoiceField(
        label=_("Precedence"),
        queryset=PrecedenceLevel.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Any"),
    )
    post = forms.ModelChoiceField(
        label=_("Originating post"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    addressee_unit = forms.ModelChoiceField(
        label=_("Addressed to unit"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    classification = forms.TypedChoiceField(
        label=_("Classification"),
        choices=blank_choices(Clearance.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*CableStatus.choices, (ANY_STATUS, _("Any status"))],
        required=False,
        initial=CableStatus.RELEASED,
    )
    date_from = forms.DateField(
        label=_("Released from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Released until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Release date, newest first"))],
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def params(self) -> CableSearchParams:
        data = self.cleaned_data
        tags = split_tags(data.get("tags"))
        return CableSearchParams(
            q=data.get("q") or "",
            tags=tags,
            tags_mode=data.get("tags_mode") or "any",
            precedence=getattr(data.get("precedence"), "code", ""),
            post=getattr(data.get("post"), "pk", None),
            addressee_unit=getattr(data.get("addressee_unit"), "pk", None),
            classification=data.get("classification"),
            status=data.get("status") or CableStatus.RELEASED.value,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "relevance",
        )


class SaveCableSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=120)
    alert = forms.BooleanField(label=_("Notify me of new matching cables"), required=False)
