"""Seed the 29 administrative document types with their number/symbol patterns."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from chancery.documents.constants import DOCUMENT_TYPES, PATTERN_WITH_TYPE, PATTERN_WITHOUT_TYPE


def seed(apps: Any, schema_editor: Any) -> None:
    DocumentType = apps.get_model("documents", "DocumentType")
    for order, seed in enumerate(DOCUMENT_TYPES, start=1):
        DocumentType.objects.update_or_create(
            code=seed.code,
            defaults={
                "abbreviation": seed.abbreviation,
                "name_vi": seed.name_vi,
                "name_en": seed.name_en,
                "name_fr": seed.name_fr,
                "number_pattern": PATTERN_WITH_TYPE if seed.abbreviation else PATTERN_WITHOUT_TYPE,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
