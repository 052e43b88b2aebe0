"""The form to let someone act for me."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.models import User


class DelegationForm(UswdsForm):
    delegate = forms.ModelChoiceField(
        label=_("Username of the person who will act for you"),
        queryset=User.objects.filter(is_active=True),
        to_field_name="username",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
        error_messages={"invalid_choice": _("There is no active staff member with that username.")},
    )
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    end = forms.DateField(
        label=_("Until (inclusive)"),
        help_text=_("At most one year after the start."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)
