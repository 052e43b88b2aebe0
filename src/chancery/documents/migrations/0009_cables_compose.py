"""Placeholder of the compose area of cables (its helper fills it with SQL or data)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0008_cables")]
    operations: list[migrations.operations.base.Operation] = []
