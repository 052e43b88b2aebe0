"""``chancery archive …``: verify or import an archive package, propose due dispositions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from chancery.documents.archive.package import PackageRefused, import_package, verify_package


class Command(BaseCommand):
    help = "Archive packages: verify PACKAGE, import PACKAGE --into DIR; propose due records."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="Check every checksum of a package.")
        verify.add_argument("package", type=Path)
        load = actions.add_parser("import", help="Verify, then unpack into a new folder.")
        load.add_argument("package", type=Path)
        load.add_argument("--into", type=Path, required=True)
        actions.add_parser("propose", help="Propose the records due for disposition now.")
        actions.add_parser(
            "seed-file-plan", help="Create the illustrative default file plan (idempotent)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seed-file-plan":
            from chancery.documents.archive.file_plan import seed_file_plan

            self.stdout.write(_("%(count)s categories created.") % {"count": seed_file_plan()})
            return
        if options["action"] == "propose":
            from chancery.documents.tasks.records import propose_due_dispositions_now

            count = propose_due_dispositions_now()
            self.stdout.write(_("%(count)s dispositions proposed.") % {"count": count})
            return
        path: Path = options["package"]
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        try:
            if options["action"] == "verify":
                verified = verify_package(path.read_bytes())
            else:
                verified = import_package(path.read_bytes(), options["into"])
        except PackageRefused as exc:
            raise CommandError(_("REFUSED: %(reason)s") % {"reason": exc}) from exc
        files = sum(len(d.get("files", [])) for d in verified.manifest["documents"])
        self.stdout.write(
            _("OK: %(documents)s documents, %(files)s files, every checksum matches.")
            % {"documents": verified.document_count, "files": files}
        )
