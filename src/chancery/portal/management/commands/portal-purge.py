"""``chancery portal-purge [--due]``: make every cached portal page stale (here and at the CDN).

``--due`` first publishes what is due and unpublishes what has expired (what the minute job
does), for a portal run without a worker. Runs as the operator at the console."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chancery.portal import cache, scheduling


class Command(BaseCommand):
    help = "Purge the portal's page cache (and the CDN's); --due publishes what is due first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--due",
            action="store_true",
            help="Publish due scheduled revisions and unpublish expired pages first.",
        )
        parser.add_argument("--reason", default="operator", help="Written to the log.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["due"]:
            result = scheduling.publish_due(reason=f"command: {options['reason']}")
            self.stdout.write(
                f"{len(result.published)} published, {len(result.expired)} expired, "
                f"{len(result.failed)} failed"
            )
        cache.purge(f"command: {options['reason']}")
        state = cache.state()
        self.stdout.write(f"portal cache purged (generation {state.generation})")
