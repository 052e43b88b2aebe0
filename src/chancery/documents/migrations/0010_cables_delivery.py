"""Placeholder of the delivery area of cables (its helper fills it with SQL or data)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_cables_compose")]
    operations: list[migrations.operations.base.Operation] = []
