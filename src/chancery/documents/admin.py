"""Admin site of official documents: reference data editable (file plan, types), the rest
read-only: documents change only through actions, which check, audit and version them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chancery.documents.models import (
    CopyRecord,
    Declassification,
    Disposition,
    Document,
    DocumentType,
    ExchangeMessage,
    FilePlanCategory,
    Register,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Browse and search only: writes go through the app's actions."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(FilePlanCategory)
class FilePlanCategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_vi", "name_en", "retention_years", "active")
    list_filter = ("active",)
    search_fields = ("code", "name_vi", "name_en", "name_fr")
    autocomplete_fields = ("parent",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A category in use is protected by the database; retire it (active=False) instead.
        return obj is None or not obj.documents.exists()


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "abbreviation", "name_vi", "order", "active")
    list_filter = ("active",)
    search_fields = ("code", "name_vi", "name_en")


@admin.register(Register)
class RegisterAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "direction", "year", "last_number")
    list_filter = ("direction", "year")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Metadata only: classified content is never shown here, and the list is not filtered by
    clearance, so it shows identifiers and states, never subjects of classified documents."""

    list_display = ("id", "direction", "status", "record_status", "classification", "unit")
    list_filter = ("direction", "status", "record_status", "classification", "legal_hold")
    search_fields = ("id", "number_symbol")
    fields = (
        "id",
        "direction",
        "status",
        "unit",
        "number_symbol",
        "classification",
        "record_status",
        "file_plan",
        "declared_at",
        "retain_until",
        "legal_hold",
        "protection_ends",
        "version",
    )


@admin.register(Disposition)
class DispositionAdmin(ReadOnlyAdmin):
    list_display = ("id", "action", "state", "proposed_by", "proposed_at", "decided_by")
    list_filter = ("action", "state")


@admin.register(Declassification)
class DeclassificationAdmin(ReadOnlyAdmin):
    list_display = ("id", "document_id", "from_level", "to_level", "status", "requested_at")
    list_filter = ("status",)
    fields = ("document_id", "from_level", "to_level", "status", "requested_by", "decided_by")


@admin.register(CopyRecord)
class CopyRecordAdmin(ReadOnlyAdmin):
    list_display = ("document_id", "copy_number", "action", "user", "created_at")
    list_filter = ("action",)


@admin.register(ExchangeMessage)
class ExchangeMessageAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "outgoing",
        "message_type",
        "status",
        "from_code",
        "to_code",
        "created_at",
    )
    list_filter = ("outgoing", "message_type", "status")
    search_fields = ("from_code", "to_code")


# Cables' reference data (precedence levels, tags, captions) is registered by its own module.
from chancery.documents.cables import admin as cables_admin  # noqa: E402, F401
