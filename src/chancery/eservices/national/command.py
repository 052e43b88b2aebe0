"""``chancery eservices-national pull-catalogue | push | status``: operate the national sync.

Runs as the operator at the console (``actor=None``; the actions write the audit entries).
The command module itself (``management/commands/eservices-national.py``) only imports this.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count, Max, Min, Q

from chancery.eservices.constants import SyncStatus
from chancery.eservices.models import SyncRecord
from chancery.eservices.national import catalogue, sync
from chancery.eservices.national.client import PortalError, portal


class Command(BaseCommand):
    help = "Operate the synchronisation with the national public-service portal."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser(
            "pull-catalogue", help="Map the portal's procedures onto draft versions."
        )
        push = commands.add_parser("push", help="Push the records that are due now.")
        push.add_argument("--dossier", type=int, help="Only this dossier (its id).")
        commands.add_parser("status", help="Records by status, last success, oldest waiting.")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "status":
            self._status()
            return
        client = portal()
        if client is None:
            raise CommandError("No national portal is configured (CHANCERY_NATIONAL_PORTAL_URL).")
        if subcommand == "pull-catalogue":
            try:
                report = catalogue.pull(client)
            except PortalError as exc:
                raise CommandError(f"The catalogue could not be pulled: {exc}") from exc
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(
                f"{len(report.created)} created, {len(report.drafted)} new drafts, "
                f"{len(report.updated)} drafts updated, {len(report.unchanged)} unchanged, "
                f"{len(report.skipped)} skipped"
            )
            return
        dossiers = [options["dossier"]] if options.get("dossier") else sync.due_dossiers()
        sent = 0
        for dossier_id in dossiers:
            result = sync.push_dossier(dossier_id, client=client)
            sent += result.sent
            if result.error:
                self.stderr.write(f"dossier {dossier_id}: {result.error}")
        self.stdout.write(f"{sent} records sent for {len(dossiers)} dossiers")

    def _status(self) -> None:
        totals = SyncRecord.objects.aggregate(
            **{s: Count("pk", filter=Q(status=s)) for s in SyncStatus.values},
            last_success=Max("sent_at"),
            oldest_waiting=Min(
                "created_at", filter=Q(status__in=[SyncStatus.PENDING, SyncStatus.FAILED])
            ),
        )
        for key, value in totals.items():
            self.stdout.write(f"{key}: {value if value is not None else '-'}")
