"""Forms of the applicant pages: they parse input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.eservices.constants import ApplicantKind
from chancery.eservices.exceptions import InvalidSubmission

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")]


class ActionErrorsMixin(forms.Form):
    def add_action_errors(self, error: InvalidSubmission) -> None:
        """Show an action's refusals next to the fields they concern."""
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class SignupForm(ActionErrorsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to confirm it, then news of your dossiers."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        help_text=_("At least 12 characters; a few unrelated words are easy to remember."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    kind = forms.ChoiceField(
        label=_("You apply as"),
        choices=ApplicantKind.choices,
        initial=ApplicantKind.CITIZEN,
        widget=forms.RadioSelect,
    )
    organisation = forms.CharField(
        label=_("Business or organisation (if you apply for one)"), max_length=255, required=False
    )
    tax_code = forms.CharField(label=_("Tax code (businesses)"), max_length=32, required=False)
    phone = forms.CharField(
        label=_("Mobile phone (optional)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = forms.ChoiceField(label=_("Language of our messages"), choices=LANGUAGE_CHOICES)


class SigninForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class NewPasswordForm(ActionErrorsMixin):
    password = forms.CharField(
        label=_("New password"),
        help_text=_("At least 12 characters; a few unrelated words are easy to remember."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ProfileForm(ActionErrorsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    sms_opt_in = forms.BooleanField(
        label=_("Also send me news of my dossiers by SMS"), required=False
    )
    language = forms.ChoiceField(label=_("Language of our messages"), choices=LANGUAGE_CHOICES)
    organisation = forms.CharField(
        label=_("Business or organisation"), max_length=255, required=False
    )
    tax_code = forms.CharField(label=_("Tax code"), max_length=32, required=False)


class CounterSearchForm(forms.Form):
    query = forms.CharField(
        label=_("E-mail address or identity/passport number"),
        help_text=_("Exact match only."),
        max_length=254,
    )


class CounterCreateForm(ActionErrorsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=255)
    email = forms.EmailField(label=_("E-mail address"))
    id_number = forms.CharField(label=_("Identity or passport number"), max_length=32)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, required=False)
    language = forms.ChoiceField(label=_("Language of our messages"), choices=LANGUAGE_CHOICES)
    kind = forms.ChoiceField(
        label=_("Applies as"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN
    )
    organisation = forms.CharField(
        label=_("Business or organisation"), max_length=255, required=False
    )
    address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def action_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
