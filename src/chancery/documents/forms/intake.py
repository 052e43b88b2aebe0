"""Forms of intake: upload of a received document, registration, return to sender."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.service import Clearance, Unit, User
from chancery.documents.actions.intake import MAX_FILES, Registration, Upload
from chancery.documents.constants import Urgency
from chancery.documents.models import DocumentType

INTAKE_ACCEPT = (
    ".pdf,.docx,.odt,.png,.jpg,.jpeg,.tif,.tiff,.eml,application/pdf,image/png,image/jpeg,"
    "image/tiff,message/rfc822"
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": INTAKE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class IntakeForm(UswdsForm):
    received_files = MultipleFileField(
        label=_("Files of the received document"),
        help_text=_(
            "PDF, Word (DOCX), OpenDocument (ODT), scanned images (PNG, JPEG, TIFF) or an "
            "e-mail (.eml, its attachments are kept). The first file is the main document."
        ),
    )
    classification = forms.TypedChoiceField(
        label=_("Classification marking"), coerce=int, initial=Clearance.UNCLASSIFIED
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["classification"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in Clearance.choices if v <= user.clearance]

    def clean_received_files(self) -> list[UploadedFile[Any]]:
        uploads: list[UploadedFile[Any]] = self.cleaned_data["received_files"]
        limit = int(settings.CHANCERY_UPLOAD_MAX_BYTES)
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)s files at a time."), params={"count": MAX_FILES}
            )
        for upload in uploads:
            if upload.size is not None and upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(limit)s."),
                    code="too_large",
                    params={"name": upload.name, "limit": filesizeformat(limit)},
                )
        return uploads

    def uploads(self) -> list[Upload]:
        return [
            Upload(upload.name or "file", b"".join(upload.chunks()), upload.content_type)
            for upload in self.cleaned_data["received_files"]
        ]


class RegistrationForm(UswdsForm):
    document_type = forms.ModelChoiceField(
        label=_("Document type"),
        queryset=DocumentType.objects.filter(active=True),
        empty_label=None,
    )
    sender_name = forms.CharField(label=_("Sender organisation"), max_length=255)
    sender_unit = forms.ModelChoiceField(
        label=_("Sending unit (if it is one of ours)"),
        queryset=Unit.objects.order_by("code"),
        required=False,
    )
    number_symbol = forms.CharField(label=_("Number and symbol"), max_length=80, required=False)
    document_date = forms.DateField(
        label=_("Date of the document"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    subject = forms.CharField(
        label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=255, required=False)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    due_date = forms.DateField(
        label=_("Deadline"),
        help_text=_("Leave empty for the default deadline of the urgency."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            document_type=data["document_type"],
            subject=data["subject"],
            sender_name=data["sender_name"],
            number_symbol=data["number_symbol"],
            document_date=data["document_date"],
            urgency=data["urgency"],
            sender_unit=data["sender_unit"],
            signer_name=data["signer_name"],
            due_date=data["due_date"],
        )


class ReturnForm(UswdsForm):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The sender will be told."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
