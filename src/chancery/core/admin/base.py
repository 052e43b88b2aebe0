"""What every core admin screen shares: administrators only, and writes through actions.

Django's admin saves models itself; here ``save_model``, ``delete_model``, ``delete_queryset``
and inline formsets hand each object to the action registered for its model, so an edit in the
admin is checked and audited exactly like the same edit made anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from chancery.core.actions import calendars as calendar_actions
from chancery.core.actions import org as org_actions
from chancery.core.actions.records import is_administrator
from chancery.core.models import (
    Appointment,
    CalendarDay,
    Compartment,
    Position,
    Unit,
    WorkCalendar,
)

Save = Callable[[Any, Any], None]

# model -> (save action, delete action), both called with (actor, object).
WRITES: dict[type[models.Model], tuple[Save, Save]] = {
    Unit: (org_actions.save_org_record, org_actions.delete_org_record),
    Position: (org_actions.save_org_record, org_actions.delete_org_record),
    Appointment: (org_actions.save_org_record, org_actions.delete_org_record),
    Compartment: (org_actions.save_org_record, org_actions.delete_org_record),
    WorkCalendar: (calendar_actions.save_calendar_record, calendar_actions.delete_calendar_record),
    CalendarDay: (calendar_actions.save_calendar_record, calendar_actions.delete_calendar_record),
}


def checkbox_field(
    choices: Sequence[tuple[Any, Any]], *, coerce: Callable[[Any], Any], **kwargs: Any
) -> forms.TypedMultipleChoiceField:
    """A list stored in an ArrayField, edited as one checkbox per choice."""
    return forms.TypedMultipleChoiceField(
        choices=choices,
        coerce=coerce,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class AdministratorsOnly:
    """Chancery does not use Django's per-model permissions: the admin role decides."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_administrator(request.user)


class ActionInline(AdministratorsOnly, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0


class ActionAdmin(AdministratorsOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """A model admin whose writes go through the actions in ``WRITES``.

    Its forms know who is acting (``form.actor``), so that they can show an action's refusal
    as a form error instead of failing after validation.
    """

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        WRITES[type(obj)][0](request.user, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        WRITES[type(obj)][1](request.user, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            WRITES[type(obj)][1](request.user, obj)
        for obj in instances:
            WRITES[type(obj)][0](request.user, obj)
