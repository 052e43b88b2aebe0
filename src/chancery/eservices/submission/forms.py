"""Django forms of the applicant's pages: where and how to apply, withdraw, track a code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Unit
from chancery.eservices.constants import Channel, DeliveryMethod
from chancery.eservices.models import ProcedureVersion


class ApplyForm(forms.Form):
    """Where to apply (headquarters or a mission), how to send the dossier, how to get the
    result. Choices come from the procedure version."""

    unit = forms.ChoiceField(label=_("Where do you want to apply?"), widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("How will you send your dossier?"), widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.ACCOUNT,
        widget=forms.RadioSelect,
    )
    postal_address = forms.CharField(
        label=_("Postal address (only if you want the result by post)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, version: ProcedureVersion, units: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        unit_field = self.fields["unit"]
        channel_field = self.fields["channel"]
        assert isinstance(unit_field, forms.ChoiceField)
        assert isinstance(channel_field, forms.ChoiceField)
        unit_field.choices = [(key, unit.name) for key, unit in self.units.items()]
        labels = dict(Channel.choices)
        channel_field.choices = [
            (entry["channel"], labels.get(entry["channel"], entry["channel"]))
            for entry in version.channels
            if entry.get("channel") in labels and entry.get("channel") != Channel.IN_PERSON
        ]
        self.channels = [value for value, _label in channel_field.choices]
        if len(self.units) == 1:
            unit_field.initial = next(iter(self.units))
        if len(self.channels) == 1:
            channel_field.initial = self.channels[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("delivery") == DeliveryMethod.POST
            and not data.get("postal_address", "").strip()
        ):
            self.add_error("postal_address", _("Give the address where we should post the result."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw this dossier?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=64,
        help_text=_("It is printed on your receipt, for example LS-260213-0001."),
    )
