"""Forms of the results area: issuing (certificate and PIN), posting, revoking, the register."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User
from chancery.eservices.results.queries import signing_certificates
from chancery.signing import service as signing


class IssueResultForm(forms.Form):
    certificate = forms.ModelChoiceField(
        label=_("Your certificate"), queryset=signing.Certificate.objects.none()
    )
    pin = forms.CharField(
        label=_("PIN of your key"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["certificate"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = signing_certificates(user)


class PostingForm(forms.Form):
    tracking_number = forms.CharField(
        label=_("Postal tracking number"),
        max_length=64,
        help_text=_("As printed on the postal receipt."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public register."),
    )


class CertificateSearchForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=60,
        help_text=_("Exactly as printed on the certificate, e.g. HPH-LS-2026-000123."),
    )
