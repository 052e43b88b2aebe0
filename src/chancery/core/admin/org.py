"""Admin screens for the organisation: units and missions, positions, appointments,
compartments and delegations. Every write goes through an action: ``core.actions.org``, and
``core.actions.delegation`` for delegations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chancery.core import calendars
from chancery.core.actions import delegation as delegation_actions
from chancery.core.admin.base import ActionAdmin, ActionInline
from chancery.core.constants import MISSION_KINDS
from chancery.core.models import Appointment, Compartment, Delegation, Position, Unit


class PlaceFilter(admin.SimpleListFilter):
    title = _("headquarters or mission")
    parameter_name = "place"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("missions", _("Missions abroad")), ("headquarters", _("Headquarters"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.value() == "missions":
            return queryset.filter(kind__in=[kind.value for kind in MISSION_KINDS])
        if self.value() == "headquarters":
            return queryset.exclude(kind__in=[kind.value for kind in MISSION_KINDS])
        return queryset


class HostCountryFilter(admin.SimpleListFilter):
    title = _("host country")
    parameter_name = "host_country"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = (
            Unit.objects.exclude(host_country="")
            .order_by("host_country")
            .values_list("host_country", flat=True)
            .distinct()
        )
        return [(code, code) for code in codes]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        return queryset.filter(host_country=self.value()) if self.value() else queryset


def holiday_source(country: str) -> str:
    """Where a calendar's public holidays come from, or the warning that nobody knows them."""
    if not country:
        return str(_("The ministry's calendar (Viet Nam)."))
    if calendars.has_holiday_data(country):
        return str(_("Public holidays of %(country)s, from the holidays package.")) % {
            "country": country.upper()
        }
    return str(
        _(
            "Warning: no public-holiday data for %(country)s. Only weekends and the overrides "
            "entered for this calendar count as days off."
        )
    ) % {"country": country.upper()}


class PositionInline(ActionInline):
    model = Position
    fields = ("name_vi", "name_en", "name_fr", "is_head", "rank")


@admin.register(Unit)
class UnitAdmin(ActionAdmin):
    list_display = ("code", "abbreviation", "display_name", "kind", "parent", "host_country")
    list_display_links = ("code", "display_name")
    list_filter = ("kind", PlaceFilter, HostCountryFilter, "active", "parent")
    list_select_related = ("parent",)
    search_fields = ("code", "abbreviation", "name_vi", "name_en", "name_fr", "city")
    readonly_fields = ("holiday_calendar",)
    fieldsets = (
        (None, {"fields": ("code", "abbreviation", "kind", "parent", "active")}),
        (_("Names"), {"fields": ("name_vi", "name_en", "name_fr")}),
        (
            _("Mission abroad"),
            {"fields": ("host_country", "city", "time_zone", "languages", "holiday_calendar")},
        ),
        (_("Contact"), {"fields": ("email",)}),
    )
    inlines = (PositionInline,)

    @admin.display(description=_("name"), ordering="name_vi")
    def display_name(self, unit: Unit) -> str:
        return unit.name

    @admin.display(description=_("working-day calendar"))
    def holiday_calendar(self, unit: Unit) -> str:
        return holiday_source(unit.host_country if unit.is_mission else "")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.is_mission and not calendars.has_holiday_data(obj.host_country):
            messages.warning(request, holiday_source(obj.host_country))


@admin.register(Position)
class PositionAdmin(ActionAdmin):
    list_display = ("display_name", "unit", "is_head", "rank")
    list_filter = ("is_head", "unit__kind")
    list_select_related = ("unit",)
    search_fields = ("name_vi", "name_en", "name_fr", "unit__code", "unit__name_vi")
    autocomplete_fields = ("unit",)

    @admin.display(description=_("position"), ordering="name_vi")
    def display_name(self, position: Position) -> str:
        return position.name


@admin.register(Appointment)
class AppointmentAdmin(ActionAdmin):
    list_display = ("user", "position", "kind", "start", "end")
    list_filter = ("kind", "position__unit__kind")
    list_select_related = ("user", "position__unit")
    search_fields = (
        "user__username",
        "user__full_name",
        "position__name_vi",
        "position__unit__code",
    )
    autocomplete_fields = ("user", "position")
    date_hierarchy = "start"


@admin.register(Compartment)
class CompartmentAdmin(ActionAdmin):
    list_display = ("code", "name_vi", "name_en", "name_fr")
    search_fields = ("code", "name_vi", "name_en", "name_fr")


class DelegationForm(forms.ModelForm):  # type: ignore[type-arg]
    """Creates the delegation through the action while validating, so that every refusal of
    the action (dates, limits, who may delegate) shows on the form like any other error; the
    admin's transaction still wraps it all."""

    actor: Any = None
    created: Delegation | None = None

    class Meta:
        model = Delegation
        fields = ("principal", "delegate", "start", "end", "reason")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or self.instance.pk:
            return cleaned
        try:
            self.created = delegation_actions.create_delegation(
                self.actor,
                cleaned["principal"],
                cleaned["delegate"],
                cleaned["start"],
                cleaned["end"],
                cleaned.get("reason", ""),
            )
        except PermissionDenied as refusal:
            raise ValidationError(_("You may not create this delegation.")) from refusal
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(ActionAdmin):
    """Delegations are created and revoked through their actions, never edited or deleted:
    revoking keeps the history, and a new delegation replaces a wrong one."""

    form = DelegationForm
    list_display = ("delegate", "principal", "start", "end", "reason", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("delegate", "principal")
    search_fields = ("principal__username", "delegate__username", "reason")
    autocomplete_fields = ("principal", "delegate")
    date_hierarchy = "start"
    actions = ("revoke",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (
            ("created_by", "revoked_at")
            if obj is None
            else (*DelegationForm.Meta.fields, "created_by", "revoked_at")
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The form's validation already created it through the action.
        obj.pk, obj.created_by = form.created.pk, form.created.created_by
        obj._state.adding = False

    @admin.action(description=_("Revoke the selected delegations now"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Delegation]) -> None:
        for delegation in queryset.filter(revoked_at__isnull=True):
            try:
                delegation_actions.revoke_delegation(request.user, delegation, request=request)  # type: ignore[arg-type]
            except (PermissionDenied, ValidationError) as refusal:
                messages.error(request, f"{delegation}: {refusal}")
            else:
                messages.success(request, _("Revoked: %(delegation)s") % {"delegation": delegation})
