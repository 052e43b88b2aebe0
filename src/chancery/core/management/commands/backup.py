"""``chancery backup DEST``: the database, the blob store and the media files, with a manifest of
checksums."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from chancery.core.backup import BackupError, backup_bytes, create_backup
from chancery.lib.pgclient import PgClientError


def stage_labels() -> dict[str, str]:
    return {
        "verify": _("Checking the backup"),
        "database": _("Database"),
        "blobs": _("Blobs"),
        "media": _("Media files"),
        "tar": _("Writing the archive"),
    }


class Command(BaseCommand):
    help = (
        "Back up the database, the blob store and the media files to DEST: a new folder, or a "
        ".tar file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path, help="A folder or .tar file that does not exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["dest"].resolve()
        total = backup_bytes()
        labels = stage_labels()
        with tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, disable=None) as bar:
            try:
                manifest = create_backup(
                    target, bar.update, lambda stage: bar.set_description(labels[stage])
                )
            except (BackupError, PgClientError) as exc:
                raise CommandError(str(exc)) from exc
        size = sum(entry["size"] for entry in manifest.files)
        self.stdout.write(
            _("Backup written to %(path)s: %(count)s files, %(size)s bytes.")
            % {"path": target, "count": len(manifest.files), "size": f"{size:,}"}
        )
        for note in manifest.notes:
            self.stdout.write(note)
        if manifest.problems:
            raise CommandError(
                _("The backup is complete, but the store has problems: %s")
                % "; ".join(manifest.problems)
            )
