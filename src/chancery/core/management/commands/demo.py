"""``chancery demo``: load the demo ministry (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chancery.core import demo


class Command(BaseCommand):
    help = "Load demo data: a realistic ministry of foreign affairs. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo.load(progress=options["verbosity"] > 0)
        for line in summary:
            self.stdout.write(line)
