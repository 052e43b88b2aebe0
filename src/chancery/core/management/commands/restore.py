"""``chancery restore SRC [--force]``: verify a backup, load it, check what was loaded."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from tqdm import tqdm

from chancery.core.backup import BackupError
from chancery.core.management.commands.backup import stage_labels
from chancery.core.restore import restore_backup
from chancery.lib.pgclient import PgClientError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `chancery backup` into the configured database, blob store "
        "and MEDIA_ROOT. Refuses a non-empty database unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="The backup folder or .tar file.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that already has tables.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["src"].resolve()
        if not source.exists():
            raise CommandError(_("%(path)s does not exist.") % {"path": source})
        labels = stage_labels()
        with tqdm(unit="B", unit_scale=True, file=sys.stderr, disable=None) as bar:
            try:
                report = restore_backup(
                    source,
                    force=options["force"],
                    progress=bar.update,
                    stage=lambda stage: bar.set_description(labels[stage]),
                )
            except (BackupError, PgClientError) as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Restored the backup of %(created)s (Chancery %(version)s): database, "
                "%(restored)s blobs copied, %(present)s already present, every checksum verified."
            )
            % {
                "created": report.manifest.created_at,
                "version": report.manifest.chancery_version,
                "restored": report.blobs_restored,
                "present": report.blobs_already_present,
            }
        )
        self.stdout.write(
            _("Media files: %(restored)s copied, %(present)s already present.")
            % {"restored": report.media_restored, "present": report.media_already_present}
        )
        loader = MigrationLoader(connection)
        if set(loader.graph.nodes) - set(loader.applied_migrations):
            self.stdout.write(
                _("This code has migrations the backup has not: run `chancery migrate` next.")
            )
        if "audit" in get_commands():
            call_command("audit", "verify", stdout=self.stdout, stderr=self.stderr)
