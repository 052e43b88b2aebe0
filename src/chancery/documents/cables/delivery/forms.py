"""Forms of the delivery area: a duty shift."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.service import Unit, User
from chancery.documents.cables.constants import DutyLevel

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ShiftForm(UswdsForm):
    person = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person on duty"))
    level = forms.TypedChoiceField(
        choices=DutyLevel.choices,
        coerce=int,
        initial=DutyLevel.DUTY_OFFICER,
        label=_("Level"),
        help_text=_("Level 1 is alerted first; level 2 when the alert is not answered."),
    )
    starts_at = forms.DateTimeField(label=_("From"), widget=_DATETIME)
    ends_at = forms.DateTimeField(label=_("Until"), widget=_DATETIME)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people: Any = self.fields["person"]
        people.queryset = User.objects.filter(unit=unit, is_active=True).order_by("username")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The shift must end after it starts."))
        return data
