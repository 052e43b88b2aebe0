"""The form to create a personal API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.apikit import scopes_allowed_for
from chancery.core.constants import API_SCOPES
from chancery.core.forms.uswds import UswdsForm
from chancery.core.models import User

LIFETIMES = [
    (7, _("7 days")),
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]


class TokenForm(UswdsForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as the script or system that uses it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")},
    )
    expires_in = forms.TypedChoiceField(
        label=_("Expires after"), choices=LIFETIMES, coerce=int, initial=90
    )

    def __init__(self, owner: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = scopes_allowed_for(owner)
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)
        # Only what the owner may grant: a form offering more would only produce refusals.
        field.choices = [
            (code, f"{code} — {scope.label}")
            for code, scope in sorted(API_SCOPES.items())
            if code in allowed
        ]
