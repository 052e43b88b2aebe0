"""Forms of routing and handling. Each carries the document's ``version`` (optimistic
concurrency); the actions decide who may do what, the forms only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from chancery.core.forms.uswds import UswdsForm
from chancery.core.service import Unit, User
from chancery.documents.actions.handling import Upload


class _DateInput(forms.DateInput):
    input_type = "date"


class VersionedForm(UswdsForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class _WithAttachment(VersionedForm):
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        self.order_fields([name for name in self.fields if name != "attachment"])

    def uploads(self) -> list[Upload]:
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("attachment")
        if upload is None:
            return []
        return [Upload(upload, upload.name or "attachment", upload.content_type or "")]


class AssignForm(VersionedForm):
    lead = forms.ModelChoiceField(queryset=Unit.objects.active(), label=_("Lead unit"))
    coordinating = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.active(), label=_("Coordinating units"), required=False
    )
    information = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.active(), label=_("Units for information"), required=False
    )
    working_days = forms.IntegerField(
        label=_("Deadline in working days"),
        required=False,
        min_value=0,
        max_value=250,
        help_text=_("Counted from today in the lead unit's calendar."),
    )
    due_date = forms.DateField(
        label=_("Or a deadline date"),
        required=False,
        widget=_DateInput,
        help_text=_("Leave both empty for the deadline of the document's urgency."),
    )
    instructions = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea)


class SubAssignForm(VersionedForm):
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Specialist"))
    due_date = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=_DateInput,
        help_text=_("Empty: the unit's deadline."),
    )
    instructions = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = User.objects.filter(unit_id=unit_id or 0, is_active=True).order_by("full_name")
        self.fields["assignee"].queryset = members  # type: ignore[attr-defined]


class CancelForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CommentForm(_WithAttachment):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea)


class ProgressForm(_WithAttachment):
    body = forms.CharField(label=_("Progress"), widget=forms.Textarea)


class OpinionForm(_WithAttachment):
    body = forms.CharField(label=_("Opinion of your unit"), widget=forms.Textarea)


class CompleteForm(_WithAttachment):
    result = forms.CharField(label=_("Result"), widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = True


class OpinionRequestForm(VersionedForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.active(), label=_("Unit asked"))
    question = forms.CharField(label=_("Question"), widget=forms.Textarea)


class DashboardForm(UswdsForm):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Unit"), to_field_name="code", required=False
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
