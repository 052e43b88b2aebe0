"""``chancery demo``: load the demo ministry (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chancery.core import demo


class Command(BaseCommand):
    help = "Load demo data: a realistic ministry of foreign affairs. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="NAME",
            help=(
                "Load only these parts: 'core' (the organisation) and any other app's demo "
                "by name; repeat for several. Default: everything."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = set(options["only"])
        unknown = only - {"core", *demo.EXTENSIONS}
        if unknown:
            known = ", ".join(["core", *demo.EXTENSIONS])
            raise CommandError(f"Unknown demo part(s) {', '.join(sorted(unknown))}; known: {known}")
        # core's steps always run (every other part builds on the organisation).
        summary = demo.load(progress=options["verbosity"] > 0, only=only or None)
        for line in summary:
            self.stdout.write(line)
