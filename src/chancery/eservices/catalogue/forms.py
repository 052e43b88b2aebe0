"""Staff forms of the catalogue: a draft's parts (structured JSON in text areas), publishing,
importing a file."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.eservices.catalogue.actions import InvalidVersion
from chancery.eservices.constants import ServiceLevel

JSON_FIELDS = {
    "channels": (
        _("Channels, time limits and fees"),
        _('A list: [{"channel": "online", "working_days": 1, "fee": 30000, "currency": "VND"}]'),
    ),
    "components": (
        _("Dossier components"),
        _('A list: [{"code": "passport", "name_vi": "…", "kind": "photocopy", "count": 1}]'),
    ),
    "steps": (_("Steps"), _('A list: [{"vi": "…", "en": "…", "fr": "…"}]')),
    "eligibility": (_("Eligibility"), _('{"vi": "…", "en": "…", "fr": "…"}')),
    "legal_basis": (_("Legal basis"), _('A list: [{"vi": "…", "en": "…", "url": "…"}]')),
    "result": (_("Result"), _('{"vi": "…", "en": "…", "fr": "…"}')),
    "other_agencies": (_("Other agencies"), _('A list: [{"vi": "…", "en": "…"}]')),
    "unconfirmed": (
        _("Values not confirmed"),
        _('A list of names such as ["fees", "time_limits"]: each is marked on the public page.'),
    ),
}


class VersionForm(forms.Form):
    level = forms.ChoiceField(label=_("Level of online service"), choices=ServiceLevel.choices)
    agencies = forms.CharField(
        label=_("Implementing units"),
        required=False,
        help_text=_("Unit codes separated by spaces (the consular department, missions)."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    result_template = forms.CharField(label=_("Result template"), max_length=64, required=False)
    source_url = forms.URLField(
        label=_("Published source"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (label, help_text) in JSON_FIELDS.items():
            self.fields[name] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                widget=forms.Textarea(
                    attrs={"rows": 8, "class": "chancery-code", "spellcheck": "false"}
                ),
            )

    @classmethod
    def initial_from(cls, data: dict[str, Any]) -> dict[str, Any]:
        initial = {key: data.get(key) or "" for key in ("level", "result_template", "source_url")}
        initial["agencies"] = " ".join(data.get("agencies") or [])
        for name in JSON_FIELDS:
            initial[name] = json.dumps(data.get(name), ensure_ascii=False, indent=2)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in JSON_FIELDS:
            text = (cleaned.get(name) or "").strip()
            if not text:
                cleaned[name] = {} if name in ("eligibility", "result") else []
                continue
            try:
                cleaned[name] = json.loads(text)
            except json.JSONDecodeError as exc:
                self.add_error(
                    name,
                    _("This is not valid JSON (line %(line)s, column %(column)s).")
                    % {"line": exc.lineno, "column": exc.colno},
                )
        cleaned["agencies"] = (cleaned.get("agencies") or "").split()
        return cleaned

    def version_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in (*JSON_FIELDS, *self.base_keys())}

    @staticmethod
    def base_keys() -> tuple[str, ...]:
        return ("level", "agencies", "result_template", "source_url")

    def show(self, error: InvalidVersion) -> None:
        """Put the action's errors on the fields they concern (``channels[0].fee`` → channels)."""
        for key, messages in error.errors.items():
            name = re.split(r"[.\[]", key, maxsplit=1)[0]
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message if target == key else f"{key}: {message}")


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"),
        help_text=_("YYYY-MM-DD. The version in force now ends the day before."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file"), help_text=_("At most 5 MB."))
    fmt = forms.ChoiceField(
        label=_("Format"), choices=[("json", "JSON"), ("csv", "CSV")], initial="json"
    )
