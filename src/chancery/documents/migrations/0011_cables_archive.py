"""Placeholder of the archive area of cables (its helper fills it with SQL or data)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0010_cables_delivery")]
    operations: list[migrations.operations.base.Operation] = []
