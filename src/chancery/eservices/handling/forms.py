"""Forms of the staff side: queue filters and one form per action of the dossier page, each
carrying the revision the user saw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User
from chancery.eservices.constants import Channel, State
from chancery.eservices.handling.actions import PROBLEMS, RETURN_WAYS
from chancery.eservices.handling.rules import is_staff_of
from chancery.eservices.models import ApprovalStep, Dossier, Procedure


class QueueFilterForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *list(Channel.choices)]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All"))] + [c for c in State.choices if c[0] != State.DRAFT],
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mine = forms.BooleanField(
        label=_("Only dossiers assigned to me"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        procedures = Procedure.objects.order_by("code").values_list("code", "name_vi", "name_en")
        self.fields["procedure"].choices = [("", _("All"))] + [  # type: ignore[attr-defined]
            (code, f"{code} · {name_en or name_vi}") for code, name_vi, name_en in procedures
        ]
        _design(self)

    def full_clean(self) -> None:
        super().full_clean()
        _design(self)


def _design(form: forms.Form) -> None:
    """The design system's classes on every visible widget, and each error described."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxInput):
            continue
        kind = (
            "usa-select"
            if isinstance(widget, forms.Select)
            else "usa-textarea"
            if isinstance(widget, forms.Textarea)
            else "usa-input"
        )
        widget.attrs.setdefault("class", kind)
        # ``_errors``, not ``errors``: reading ``errors`` would validate a half-built form.
        errors = getattr(form, "_errors", None)
        if errors and errors.get(name):
            widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-error"


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def full_clean(self) -> None:
        super().full_clean()
        _design(self)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _design(self)


class ReasonForm(RevisionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(RevisionForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupplementForm(ReasonForm):
    """One choice per dossier component: fine, missing or wrong, with a note."""

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_names = ("name_en", "name_vi")
        self.components = []
        for component in dossier.version.components or []:
            code = str(component.get("code"))
            name = next((component[k] for k in language_names if component.get(k)), code)
            self.fields[f"problem_{code}"] = forms.ChoiceField(
                label=name,
                required=False,
                choices=[("", _("Fine")), ("missing", _("Missing")), ("wrong", _("Wrong"))],
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("What is wrong with: %(name)s") % {"name": name},
                required=False,
                max_length=500,
            )
            self.components.append(code)
        _design(self)

    def items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {"component": code, "problem": data[f"problem_{code}"], "note": data[f"note_{code}"]}
            for code in self.components
            if data.get(f"problem_{code}") in PROBLEMS
        ]


class AssignForm(RevisionForm):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(unit_id=dossier.unit_id, is_active=True).order_by("username")
        field = self.fields["assignee"]
        field.queryset = staff.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in staff if is_staff_of(u, dossier)]
        )
        _design(self)


APPROVAL_PRESETS = {
    "unit_head": ["unit_head"],
    "consular_officer": ["consular_officer"],
    "unit_head,leader": ["unit_head", "leader"],
    "leader": ["leader"],
}


class ApprovalForm(RevisionForm):
    steps = forms.ChoiceField(
        label=_("Approval steps"),
        choices=[
            ("unit_head", _("Unit head")),
            ("consular_officer", _("Consular officer")),
            ("unit_head,leader", _("Unit head, then a ministry leader")),
            ("leader", _("A ministry leader")),
        ],
    )


class DecideForm(NoteForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ApprovalStep.Decision.APPROVED, _("Approve")),
            (ApprovalStep.Decision.RETURNED, _("Send back for more work")),
            (ApprovalStep.Decision.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )


class ExtendForm(ReasonForm):
    new_due_on = forms.DateField(
        label=_("New return date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ApologyForm(RevisionForm):
    text = forms.CharField(
        label=_("Letter of apology"), widget=forms.Textarea(attrs={"rows": 12}), max_length=8000
    )


class ReturnForm(NoteForm):
    how = forms.ChoiceField(
        label=_("How the result reached the applicant"),
        choices=list(
            zip(
                RETURN_WAYS,
                [_("Collected at the counter"), _("Posted"), _("In the account")],
                strict=True,
            )
        ),
        widget=forms.RadioSelect,
    )
