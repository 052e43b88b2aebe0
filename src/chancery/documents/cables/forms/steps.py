"""Forms of the clearance and release steps, and of attachments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User
from chancery.documents.cables.forms.draft import VersionedForm, people_named
from chancery.signing import service as signing


class SubmitForm(VersionedForm):
    clearers = forms.CharField(
        label=_("Clearers, in order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "User names, one per line, in the order they clear. Leave empty to send "
            "the cable straight to the approver."
        ),
    )
    approver = forms.CharField(label=_("Approver (user name)"), max_length=150)

    def clean_clearers(self) -> list[User]:
        return people_named(self.cleaned_data["clearers"])

    def clean_approver(self) -> User:
        found = people_named(self.cleaned_data["approver"])
        if len(found) != 1:
            raise forms.ValidationError(_("Give one user name."))
        return found[0]


class ClearForm(VersionedForm):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SendBackForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why you send it back"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(VersionedForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)


class AttachForm(VersionedForm):
    file = forms.FileField(label=_("File to attach"))


class CertificateField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.common_name} · {obj.not_after:%Y-%m-%d}"


class ReleaseForm(VersionedForm):
    """Sign with one's own certificate and PIN (as documents' issuing form)."""

    certificate = CertificateField(
        label=_("Your certificate"), queryset=signing.Certificate.objects.none()
    )
    pin = forms.CharField(
        label=_("PIN"), widget=forms.PasswordInput(attrs={"autocomplete": "off"}), max_length=64
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        usable = signing.Certificate.objects.usable_for_signing().filter(
            holder=user, role=signing.CertificateRole.PERSON
        )
        self.fields["certificate"].queryset = usable  # type: ignore[attr-defined]
        if usable.count() == 1:
            self.fields["certificate"].initial = usable.first()
