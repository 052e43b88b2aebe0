"""The audit search form: every filter optional, submitted by GET so results can be linked."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.queries.audit import AuditFilters

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AuditSearchForm(UswdsForm):
    actor = forms.CharField(label=_("Actor (username)"), max_length=255, required=False)
    action = forms.CharField(
        label=_("Action"),
        max_length=80,
        required=False,
        help_text=_("Exact name, or a prefix ending in * (for example login.*)."),
    )
    object_type = forms.CharField(label=_("Object type"), max_length=80, required=False)
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    since = forms.DateTimeField(label=_("From"), required=False, widget=_DATETIME)
    until = forms.DateTimeField(label=_("To"), required=False, widget=_DATETIME)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return cleaned

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"].strip(),
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            action=data["action"].strip(),
            since=data["since"],
            until=data["until"],
        )
