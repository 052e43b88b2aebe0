"""Seed the 29 administrative document types with their number/symbol patterns."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from chancery.documents.seeds import seed_document_types


def seed(apps: Any, schema_editor: Any) -> None:
    seed_document_types(apps.get_model("documents", "DocumentType"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
