"""The audit chain in the admin: read-only, and only what the viewer is cleared to see.

Nothing here can add, change or delete an entry or a checkpoint (the database refuses it
anyway); the staff audit search at ``/audit/`` is the page for day-to-day reading.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chancery.core.admin.base import AdministratorsOnly
from chancery.core.audit import CHAIN_FIELDS
from chancery.core.models.audit import AuditCheckpoint, AuditEntry


class ReadOnly(AdministratorsOnly):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "seq",
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "classification",
    )
    list_filter = ("classification",)
    # Exact matches only: a substring search would scan millions of rows.
    search_fields = ("=actor_label", "=action", "=object_id")
    ordering = ("-seq",)
    show_full_result_count = False
    readonly_fields = (*("actor" if f == "actor_id" else f for f in CHAIN_FIELDS), "hash")

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        clearance = getattr(request.user, "clearance", 0)
        return super().get_queryset(request).filter(classification__lte=clearance)


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("seq", "created", "head_hash", "key_id")
    ordering = ("-seq",)
    readonly_fields = ("seq", "created", "head_hash", "key_id", "signature")
