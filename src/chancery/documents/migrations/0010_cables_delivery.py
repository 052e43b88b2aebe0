"""Delivery of cables: no schema change of its own. The delivery, roster and timer indexes it
needs (pending acknowledgements, deliveries by unit and by person, shifts on duty) came with
0008_cables; this migration keeps the chain's place for the area."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_cables_compose")]
    operations: list[migrations.operations.base.Operation] = []
