"""Gapless number series (dossier codes, certificate numbers, payment receipts)."""

from __future__ import annotations

from chancery.eservices.models import NumberSeries


def next_number(key: str) -> int:
    """The next number of the series ``key`` (1 for a new series).

    The series row stays locked until the caller's transaction ends, so a rolled-back caller
    gives its number back and numbers have no gaps. Who may call: actions, inside their
    transaction.
    """
    NumberSeries.objects.bulk_create([NumberSeries(key=key)], ignore_conflicts=True)
    series = NumberSeries.objects.select_for_update().get(key=key)
    series.last += 1
    series.save(update_fields=["last"])
    return series.last
