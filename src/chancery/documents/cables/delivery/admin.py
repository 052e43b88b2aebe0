"""Admin site of the duty roster (the workspace pages are the usual way to keep it)."""

from __future__ import annotations

from django.contrib import admin

from chancery.documents.models import DutyShift


@admin.register(DutyShift)
class DutyShiftAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("unit", "person", "level", "starts_at", "ends_at")
    list_filter = ("level", "unit")
    search_fields = ("person__username", "person__full_name", "unit__code")
    raw_id_fields = ("unit", "person", "created_by")
    date_hierarchy = "starts_at"
