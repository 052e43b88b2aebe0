"""``chancery eservices-catalogue export|import|seed``: the catalogue from the command line.

``export --format json|csv [--out FILE]`` writes the catalogue (stdout by default);
``import FILE --format json|csv --user NAME`` applies a file as that catalogue editor, all or
nothing; ``seed [--user NAME]`` creates the ministry's procedures that are missing.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from chancery.core.service import User
from chancery.eservices.catalogue import actions
from chancery.eservices.catalogue.seed import seed_catalogue


def _user(username: str | None) -> User | None:
    if not username:
        return None
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist as exc:
        raise CommandError(_("No active user %(name)s.") % {"name": username}) from exc


class Command(BaseCommand):
    help = "The procedure catalogue: export it, import a file, or seed the ministry's procedures."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("export", help="Write the catalogue as JSON or CSV.")
        out.add_argument("--format", choices=("json", "csv"), default="json")
        out.add_argument("--out", type=Path, help="File to write (default: standard output).")
        into = sub.add_parser("import", help="Apply a catalogue file, all or nothing.")
        into.add_argument("file", type=Path)
        into.add_argument("--format", choices=("json", "csv"))
        into.add_argument("--user", required=True, help="The catalogue editor importing it.")
        seed = sub.add_parser("seed", help="Create the ministry's procedures that are missing.")
        seed.add_argument("--user", help="Who to record in the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "export":
            data = actions.export_catalogue(options["format"])
            if options["out"]:
                options["out"].write_bytes(data)
                self.stdout.write(_("Written to %(path)s.") % {"path": options["out"]})
            else:
                sys.stdout.buffer.write(data)
        elif action == "import":
            self._import(options)
        else:
            created = seed_catalogue(_user(options["user"]), audit=True)
            self.stdout.write(_("Catalogue seeded: %(n)s rows created.") % {"n": created})

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        fmt = options["format"] or ("csv" if path.suffix.lower() == ".csv" else "json")
        try:
            report = actions.import_catalogue(_user(options["user"]), path.read_bytes(), fmt)
        except actions.NotCatalogueEditor as exc:
            raise CommandError(str(exc.message)) from exc
        if not report.ok:
            lines = [
                f"  {error.row} {error.code}: {'; '.join(error.messages)}"
                for error in report.errors
            ]
            raise CommandError("\n".join([_("Nothing was imported:"), *lines]))
        self.stdout.write(
            _("Imported: %(p)s new procedures, %(v)s new versions, %(u)s unchanged.")
            % {"p": report.created_procedures, "v": report.created_versions, "u": report.unchanged}
        )
