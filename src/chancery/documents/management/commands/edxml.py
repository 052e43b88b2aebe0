"""``chancery edxml …``: import a received edXML envelope, export an issued document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from chancery.blobs import service as blobs
from chancery.core.service import User
from chancery.documents.edxml.exchange import export_document, import_envelope
from chancery.documents.exceptions import DocumentError
from chancery.documents.queries.documents import get_document_for_user


def acting_user(username: str) -> User:
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist as exc:
        raise CommandError(_("No active user %(name)s.") % {"name": username}) from exc


class Command(BaseCommand):
    help = "edXML (QCVN 102:2016): import FILE as an incoming document, export DOCUMENT_ID."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        received = actions.add_parser("import", help="Register a received envelope.")
        received.add_argument("file", type=Path)
        received.add_argument("--user", required=True, help="The clerk receiving it.")
        received.add_argument("--reply", type=Path, help="Where to write the status reply.")
        sent = actions.add_parser("export", help="Write the envelope of an issued document.")
        sent.add_argument("document_id")
        sent.add_argument("--user", required=True, help="The clerk or archivist sending it.")
        sent.add_argument("--to", action="append", required=True, help="Receiver code.")
        sent.add_argument("--out", type=Path, help="File to write (default: the outbox).")

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        try:
            if options["action"] == "import":
                self.receive(user, options)
            else:
                self.send(user, options)
        except (DocumentError, blobs.BlobError) as exc:
            raise CommandError(str(exc)) from exc

    def receive(self, user: User, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        imported = import_envelope(user, path.read_bytes())
        reply = options["reply"] or path.with_suffix(".status.edxml")
        reply.write_bytes(imported.status_reply)
        self.stdout.write(
            _("Registered as received document %(id)s; status reply written to %(reply)s.")
            % {"id": imported.document.pk, "reply": reply}
        )

    def send(self, user: User, options: dict[str, Any]) -> None:
        from django.http import Http404

        try:
            document = get_document_for_user(user, options["document_id"])
        except Http404 as exc:
            raise CommandError(_("No such document.")) from exc
        data = export_document(user, document, to=options["to"])
        out: Path = options["out"] or (
            Path(settings.CHANCERY_DOCUMENTS_EXPORT_DIR) / f"{document.pk}.edxml"
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(_("Envelope written to %(path)s.") % {"path": out})
