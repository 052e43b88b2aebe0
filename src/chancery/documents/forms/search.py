"""The search form (GET) and the save-search form."""

from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance, Unit
from chancery.documents.constants import Direction, Status, Urgency
from chancery.documents.models import DocumentType, Register
from chancery.documents.search.query import SearchParams


def _blank(choices: Any) -> list[tuple[object, object]]:
    return [("", _("Any")), *choices]


blank_choices = _blank


def split_tags(value: str | None) -> tuple[str, ...]:
    """Tags typed as a comma-separated list."""
    return tuple(t.strip() for t in (value or "").split(",") if t.strip())


class DateRangeForm(forms.Form):
    """A search form with ``date_from``/``date_to`` fields: the end may not precede the start."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class SearchForm(DateRangeForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=300)
    document_type = forms.ModelChoiceField(
        label=_("Document type"), queryset=DocumentType.objects.all(), required=False
    )
    register = forms.ModelChoiceField(
        label=_("Register"), queryset=Register.objects.select_related("unit"), required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Holding unit"), queryset=Unit.objects.all(), required=False
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=_blank(Direction.choices), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=_blank(Status.choices), required=False)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"),
        choices=_blank(Urgency.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    classification = forms.TypedChoiceField(
        label=_("Classification"),
        choices=_blank(Clearance.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    date_from = forms.DateField(
        label=_("Dated from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Dated until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separate tags with commas.")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("date", _("Date, newest first"))],
        required=False,
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def params(self) -> SearchParams:
        data = self.cleaned_data
        tags = split_tags(data.get("tags"))
        return SearchParams(
            q=data.get("q") or "",
            document_type=getattr(data.get("document_type"), "pk", None),
            register=getattr(data.get("register"), "pk", None),
            unit=getattr(data.get("unit"), "pk", None),
            direction=data.get("direction") or "",
            status=data.get("status") or "",
            urgency=data.get("urgency"),
            classification=data.get("classification"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            tags=tags,
            sort=data.get("sort") or "relevance",
        )


class _Params(Protocol):
    @property
    def tags(self) -> tuple[str, ...]: ...

    def to_json(self) -> dict[str, Any]: ...


def initial_from(params: _Params) -> dict[str, Any]:
    """Form data (GET parameters) that reproduce ``params``."""
    data: dict[str, Any] = {k: v for k, v in params.to_json().items() if k != "tags"}
    if params.tags:
        data["tags"] = ", ".join(params.tags)
    return data


class SaveSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=120)
    alert = forms.BooleanField(label=_("Notify me of new matching documents"), required=False)
