"""Forms rendered with the design system (USWDS) and accessible error reporting.

Django (5.2) points each input at its hint and error (``aria-describedby`` with the ids
``<id>_helptext`` and ``<id>_error``); this adds the USWDS class of each widget. Templates
render fields through ``core/includes/field.html`` and the error summary through
``core/includes/error_summary.html``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

_WIDGET_CLASSES = {
    forms.Select: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
}


class UswdsBoundField(BoundField):
    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = next(
            (name for kind, name in _WIDGET_CLASSES.items() if isinstance(widget, kind)),
            "usa-input",
        )
        if self.errors and css == "usa-input":
            css += " usa-input--error"
        attrs["class"] = f"{attrs.get('class', '')} {css}".strip()
        return attrs


class UswdsForm(forms.Form):
    bound_field_class = UswdsBoundField


class UswdsModelForm(forms.ModelForm):  # type: ignore[type-arg]
    bound_field_class = UswdsBoundField


def add_action_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put an action's refusal on the form: on the field it names, else on the whole form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
