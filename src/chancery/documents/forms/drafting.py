"""Forms of drafting, approval and issuing. Each carries the document's ``version``
(optimistic concurrency); the actions decide who may do what, the forms only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.service import Clearance, Unit, User
from chancery.documents.actions.drafting import RecipientSpec
from chancery.documents.constants import RecipientKind, Urgency
from chancery.documents.models import Document, DocumentType
from chancery.signing import service as signing

DRAFT_ACCEPT = ".docx,.odt,.pdf"


class VersionedForm(UswdsForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DraftForm(UswdsForm):
    """A new outgoing draft, its recipients and (optionally) its first version."""

    document_type = forms.ModelChoiceField(
        label=_("Document type"), queryset=DocumentType.objects.order_by("order")
    )
    subject = forms.CharField(label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    classification = forms.TypedChoiceField(label=_("Classification"), coerce=int, initial=0)
    in_reply_to = forms.ModelChoiceField(
        label=_("In reply to"), queryset=Document.objects.none(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units and missions of the ministry"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    agencies = forms.CharField(
        label=_("Other agencies"),
        help_text=_("One a line: the agency's name, then a semicolon and its code if known."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    printed = forms.CharField(
        label=_("Printed copies"),
        help_text=_("One addressee a line."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    file = forms.FileField(
        label=_("First version (DOCX, ODT or PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": DRAFT_ACCEPT}),
    )

    def __init__(self, user: User, *args: Any, replies: QuerySet[Document], **kwargs: Any):
        super().__init__(*args, **kwargs)
        level = self.fields["classification"]
        assert isinstance(level, forms.TypedChoiceField)
        level.choices = [(v, label) for v, label in Clearance.choices if v <= user.clearance]
        self.fields["in_reply_to"].queryset = replies  # type: ignore[attr-defined]
        units = Unit.objects.filter(active=True).exclude(pk=user.unit_id or 0).order_by("code")
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def recipients(self) -> list[RecipientSpec]:
        data = self.cleaned_data
        specs = [RecipientSpec(kind=RecipientKind.UNIT, unit=unit) for unit in data["units"]]
        for line in _lines(data["agencies"]):
            name, _sep, code = line.partition(";")
            specs.append(RecipientSpec(RecipientKind.AGENCY, agency_name=name, agency_code=code))
        specs += [
            RecipientSpec(RecipientKind.PRINT, agency_name=n) for n in _lines(data["printed"])
        ]
        return specs

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.recipients():
            raise forms.ValidationError(_("Add at least one recipient."))
        return data


class UploadVersionForm(VersionedForm):
    file = forms.FileField(
        label=_("New version (DOCX, ODT or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": DRAFT_ACCEPT}),
    )
    note = forms.CharField(
        label=_("What changed"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReviewCommentForm(VersionedForm):
    quote = forms.CharField(
        label=_("Passage"),
        help_text=_("Copy the words your comment is about."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ConsultForm(VersionedForm):
    unit = forms.ModelChoiceField(label=_("Unit asked"), queryset=Unit.objects.none())
    body = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(active=True).exclude(pk=document.unit_id).order_by("code")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class SubmitForm(VersionedForm):
    unit_head = PersonChoiceField(label=_("Unit head"), queryset=User.objects.none())
    leader = PersonChoiceField(
        label=_("Ministry leader"),
        help_text=_("Leave empty when the unit head signs the document."),
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, eligible: dict[str, QuerySet[User]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_head"].queryset = eligible["unit_head"]  # type: ignore[attr-defined]
        self.fields["leader"].queryset = eligible["leader"]  # type: ignore[attr-defined]


class ApproveForm(VersionedForm):
    pass


class SendBackForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why you send it back"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CertificateField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.common_name} · {obj.not_after:%Y-%m-%d}"


class IssueForm(VersionedForm):
    """Sign with one's own certificate and PIN, then (optionally) the unit's seal."""

    certificate = CertificateField(
        label=_("Your certificate"), queryset=signing.Certificate.objects.none()
    )
    pin = forms.CharField(
        label=_("PIN"), widget=forms.PasswordInput(attrs={"autocomplete": "off"}), max_length=64
    )
    seal_certificate = CertificateField(
        label=_("Seal of the unit"), queryset=signing.Certificate.objects.none(), required=False
    )
    seal_pin = forms.CharField(
        label=_("PIN of the seal"),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        max_length=64,
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        usable = signing.Certificate.objects.usable_for_signing().filter(holder=user)
        personal = usable.filter(role=signing.CertificateRole.PERSON)
        self.fields["certificate"].queryset = personal  # type: ignore[attr-defined]
        self.fields["seal_certificate"].queryset = usable.filter(  # type: ignore[attr-defined]
            role=signing.CertificateRole.SEAL
        )
        if personal.count() == 1:
            self.fields["certificate"].initial = personal.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("seal_certificate") and not data.get("seal_pin"):
            self.add_error("seal_pin", _("Give the PIN of the seal."))
        return data
