"""The staff admin: accounts with their unit, roles, clearance, compartments and appointments.

Profile fields are saved by ``save_staff_profile``; everything that grants access (roles,
clearance, compartments, unit, active, staff and superuser flags) is saved in one call to
``update_staff_access`` from ``save_related``, which refuses what the actor may not grant and
writes the audit entry. Django's groups and per-model permissions are not used by Chancery and
are left off the form, so they cannot become an unaudited side door.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chancery.core.actions import org as org_actions
from chancery.core.admin.base import ActionAdmin, ActionInline, checkbox_field
from chancery.core.constants import Role
from chancery.core.models import Appointment, Compartment, User

ACCESS_FIELDS = ("roles", "clearance", "unit", "is_active", "is_staff", "is_superuser")


class StaffChangeForm(UserChangeForm):  # type: ignore[type-arg]
    roles = checkbox_field(Role.choices, coerce=str, label=_("roles"))
    compartments = forms.ModelMultipleChoiceField(
        queryset=Compartment.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("compartments"),
    )
    actor: Any = None

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        wanted = {name: cleaned[name] for name in ACCESS_FIELDS if name in self.changed_data}
        if "unit" in wanted:
            unit = wanted.pop("unit")
            wanted["unit_id"] = unit.pk if unit is not None else None
        try:
            org_actions.check_staff_access_change(self.actor, self.instance, wanted)
        except PermissionDenied as refusal:
            raise ValidationError(refusal.args[0] if refusal.args else _("Refused.")) from refusal
        return cleaned


class StaffCreationForm(AdminUserCreationForm):  # type: ignore[type-arg]
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username",)


class AppointmentInline(ActionInline):
    model = Appointment
    fk_name = "user"
    fields = ("position", "kind", "start", "end")
    autocomplete_fields = ("position",)


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(Role.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        return queryset.filter(roles__contains=[self.value()]) if self.value() else queryset


@admin.register(User)
class StaffAdmin(ActionAdmin, UserAdmin):  # type: ignore[type-arg]
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "full_name", "unit", "role_list", "clearance", "is_active")
    list_filter = (RoleFilter, "clearance", "is_active", "unit__kind", "compartments")
    list_select_related = ("unit",)
    search_fields = ("username", "full_name", "email", "unit__code", "unit__abbreviation")
    autocomplete_fields = ("unit",)
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("full_name", "first_name", "last_name", "email", "language")},
        ),
        (
            _("Organisation and access"),
            {
                "fields": (
                    "unit",
                    "roles",
                    "clearance",
                    "compartments",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                ),
                "description": _(
                    "Changes here are security-relevant: they are checked and written to the "
                    "audit log. Nobody may grant a clearance above their own."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    inlines = (AppointmentInline,)

    @admin.display(description=_("roles"))
    def role_list(self, user: User) -> str:
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(role, role)) for role in user.roles)

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return self.inlines if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        actor: Any = request.user
        if change:
            org_actions.save_staff_profile(actor, obj)
        else:
            org_actions.create_staff_account(actor, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Not form.save_m2m(): compartments go through the action like every access field.
        if change:
            cleaned = form.cleaned_data
            org_actions.update_staff_access(
                request.user,  # type: ignore[arg-type]
                form.instance,
                roles=cleaned["roles"],
                clearance=cleaned["clearance"],
                compartments=cleaned["compartments"],
                unit=cleaned["unit"],
                is_active=cleaned["is_active"],
                is_staff=cleaned["is_staff"],
                is_superuser=cleaned["is_superuser"],
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        org_actions.delete_staff_account(request.user, obj)  # type: ignore[arg-type]
