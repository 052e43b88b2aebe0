"""Admin of cables' reference data: precedence levels, the tag taxonomy and distribution
captions, which administrators edit; the numbering series shown read-only. Cables themselves
change only through the actions (which check, audit and version them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chancery.documents.models import CableSeries, CableTag, Caption, PrecedenceLevel


@admin.register(PrecedenceLevel)
class PrecedenceLevelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "rank", "name_vi", "ack_minutes", "escalate_minutes", "active")
    list_filter = ("active",)
    search_fields = ("code", "name_vi", "name_en", "name_fr")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Cables keep their precedence: retire a level (active=False) instead.
        return False


@admin.register(CableTag)
class CableTagAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "kind", "name_vi", "name_en", "active")
    list_filter = ("kind", "active")
    search_fields = ("code", "name_vi", "name_en", "name_fr")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Released cables carry their tags as codes: retire a tag (active=False) instead.
        return False


@admin.register(Caption)
class CaptionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_vi", "roles", "active")
    list_filter = ("active",)
    search_fields = ("code", "name_vi", "name_en", "name_fr")
    autocomplete_fields = ("units", "people")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CableSeries)
class CableSeriesAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The numbering of each post and year: read-only (release takes numbers under lock)."""

    list_display = ("post", "year", "last_number")
    list_filter = ("year",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
