"""``chancery blobs …``: key rotation, garbage collection and verification of stored files."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from chancery.blobs.actions import collect_garbage, rotate_keys
from chancery.blobs.exceptions import BlobError
from chancery.blobs.keyring import add_key_version, load_keyring
from chancery.blobs.queries import pending_rotation, verify_all

LEVELS = [1, 2, 3]


class Command(BaseCommand):
    help = "Operate the file store: rotate-keys, add-key, gc, verify."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rotate = actions.add_parser(
            "rotate-keys", help="Re-wrap data keys with the level's current key (resumable)."
        )
        rotate.add_argument("--level", type=int, choices=LEVELS, required=True)
        rotate.add_argument("--batch-size", type=int, default=200)
        add_key = actions.add_parser(
            "add-key", help="Add a new current key for a level to the keyring file."
        )
        add_key.add_argument("--level", type=int, choices=LEVELS, required=True)
        gc = actions.add_parser("gc", help="Remove unreferenced files past the grace period.")
        gc.add_argument("--dry-run", action="store_true", help="List, delete nothing.")
        gc.add_argument("--grace-seconds", type=int, default=None)
        actions.add_parser("verify", help="Re-hash every stored file; exit 1 on any failure.")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = {
            "rotate-keys": self.rotate_keys,
            "add-key": self.add_key,
            "gc": self.gc,
            "verify": self.verify,
        }
        try:
            handlers[options["action"]](options)
        except BlobError as exc:
            raise CommandError(str(exc)) from exc

    def rotate_keys(self, options: dict[str, Any]) -> None:
        level = options["level"]
        version, _key = load_keyring().current(level)
        total = pending_rotation(level, version)
        with tqdm(total=total, unit="key", disable=None, file=self.stderr) as bar:
            report = rotate_keys(level, batch_size=options["batch_size"], progress=bar.update)
        self.stdout.write(
            _("Level %(level)s: %(count)s data keys re-wrapped with key version %(version)s.")
            % {"level": level, "count": report.rewrapped, "version": report.version}
        )

    def add_key(self, options: dict[str, Any]) -> None:
        version = add_key_version(options["level"])
        self.stdout.write(
            _("Level %(level)s: key version %(version)s added and made current.")
            % {"level": options["level"], "version": version}
        )

    def gc(self, options: dict[str, Any]) -> None:
        seconds = options["grace_seconds"]
        report = collect_garbage(
            dry_run=options["dry_run"],
            grace=timedelta(seconds=seconds) if seconds is not None else None,
        )
        for address in report.orphans:
            self.stdout.write(f"orphan {address}")
        for address in report.strays:
            self.stdout.write(f"stray {address}")
        template = (
            _("Would remove %(orphans)s orphans, %(strays)s strays, %(temps)s temporary files.")
            if report.dry_run
            else _("Removed %(orphans)s orphans, %(strays)s strays, %(temps)s temporary files.")
        )
        self.stdout.write(
            template
            % {
                "orphans": len(report.orphans),
                "strays": len(report.strays),
                "temps": report.temporaries,
            }
        )

    def verify(self, options: dict[str, Any]) -> None:
        failures = 0
        for entry in tqdm(verify_all(), unit="file", disable=None, file=self.stderr):
            if not entry.ok:
                failures += 1
                state = "missing" if not entry.sha256 else "corrupted"
                self.stdout.write(f"{state} {entry.address}")
        if failures:
            raise CommandError(
                _("%(count)s stored files failed verification.") % {"count": failures}
            )
        self.stdout.write(_("Every stored file matches its address."))
