"""Sign-in, MFA, password and profile forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm, UswdsModelForm
from chancery.core.models import User

_CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "spellcheck": "false",
    "autocapitalize": "none",
}


class PasswordStepForm(UswdsForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(UswdsForm):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_("The 6-digit code shown by your authenticator app."),
        max_length=32,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )


class CodeOrRecoveryForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = _(
            "The 6-digit code shown by your authenticator app, or one of your recovery codes."
        )
        self.fields["code"].widget.attrs["inputmode"] = "text"


class TotpResetForm(UswdsForm):
    current_code = forms.CharField(
        label=_("Code from your current app"),
        help_text=_("Or one of your recovery codes if you no longer have the app."),
        max_length=32,
        widget=forms.TextInput(attrs={**_CODE_ATTRS, "inputmode": "text"}),
    )
    new_code = forms.CharField(
        label=_("Code from the new app"),
        help_text=_("After scanning the QR code above, enter the 6-digit code it shows."),
        max_length=32,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )


class SecurityKeyForm(UswdsForm):
    name = forms.CharField(
        label=_("Name of this key"),
        help_text=_("So that you can tell your keys apart, e.g. “Blue USB key”."),
        max_length=80,
        initial=_("Security key"),
    )
    credential = forms.CharField(widget=forms.HiddenInput, required=False)


class AssertionForm(UswdsForm):
    credential = forms.CharField(widget=forms.HiddenInput, required=False)


class ProfileForm(UswdsModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class PasswordChangeForm(UswdsForm):
    """ASVS V2.1.6: the current password and the new one; no composition rules."""

    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label=_("Repeat the new password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )

    def clean_current_password(self) -> str:
        value: str = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("Your current password is not correct."), code="wrong")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new, repeat = data.get("new_password"), data.get("confirm_password")
        if new and repeat and new != repeat:
            self.add_error("confirm_password", _("The two new passwords are different."))
        elif new:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return data
