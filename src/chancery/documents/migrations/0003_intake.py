"""Schema of intake (owned by that area; empty until it needs a change)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_types")]

    operations: list[migrations.operations.base.Operation] = []
