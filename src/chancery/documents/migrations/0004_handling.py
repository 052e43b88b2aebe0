"""Schema of handling (owned by that area; empty until it needs a change)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_intake")]

    operations: list[migrations.operations.base.Operation] = []
