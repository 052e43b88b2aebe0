"""``chancery pki init | list | issue | revoke | crl | trust add``: operate the internal PKI.

Runs as the system (the operator at the console): actions get ``actor=None``. PINs are read
with getpass or from a file, never from the command line (which ``ps`` shows to everyone).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chancery.signing.actions import pki as actions
from chancery.signing.constants import DEMO_PIN, CertificateRole, KeyStorage, RevocationReason
from chancery.signing.exceptions import SigningError
from chancery.signing.models import Certificate
from chancery.signing.queries.pki import crl_der


class Command(BaseCommand):
    help = "Operate the internal PKI: create it, list, issue, revoke, export CRLs, add trust."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        init = commands.add_parser("init", help="Create the internal CA, TSA and OCSP (once).")
        init.add_argument("--organisation", default="Bộ Ngoại giao")
        init.add_argument("--base-url", default="", help="Public URL written into certificates.")
        init.add_argument(
            "--demo", action="store_true", help=f"Also issue demo staff keys (PIN {DEMO_PIN})."
        )
        commands.add_parser("list", help="List the certificates known here.")
        issue = commands.add_parser("issue", help="Issue a personal or seal certificate.")
        issue.add_argument("--role", choices=["person", "seal"], default="person")
        issue.add_argument("--user", help="Username of the holder (person).")
        issue.add_argument("--unit", help="Unit code (seal).")
        issue.add_argument("--storage", choices=["file", "pkcs11"], default="file")
        issue.add_argument("--token", default="", help="PKCS#11 token label (pkcs11).")
        issue.add_argument("--days", type=int, default=2 * 365)
        issue.add_argument("--pin-file", type=Path, help="Read the PIN from this file.")
        revoke = commands.add_parser("revoke", help="Revoke a certificate by fingerprint.")
        revoke.add_argument("fingerprint")
        revoke.add_argument("--reason", choices=RevocationReason.values, default="unspecified")
        crl = commands.add_parser("crl", help="Write the current CRL of a CA (DER).")
        crl.add_argument("ca", choices=["root", "issuing"])
        crl.add_argument("--out", type=Path, required=True)
        trust = commands.add_parser("trust", help="Manage trust anchors.")
        trust_commands = trust.add_subparsers(dest="trust_command", required=True)
        add = trust_commands.add_parser("add", help="Trust a CA certificate (PEM or DER file).")
        add.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        handler = {
            "init": self._init,
            "list": self._list,
            "issue": self._issue,
            "revoke": self._revoke,
            "crl": self._crl,
            "trust": self._trust,
        }[options["subcommand"]]
        try:
            handler(options)
        except (SigningError, ValueError, actions.PkiNotInitialised) as exc:
            raise CommandError(str(exc)) from exc

    def _say(self, message: str) -> None:
        self.stdout.write(message)

    def _init(self, options: dict[str, Any]) -> None:
        pki = actions.initialise_internal_pki(
            organisation=options["organisation"],
            base_url=options["base_url"] or settings.CHANCERY_PKI_BASE_URL,
            progress=self._say if options["verbosity"] > 0 else None,
        )
        if not pki.created:
            self._say(f"Internal PKI already present: root {pki.root.fingerprint}")
        if options["demo"]:
            issued = actions.issue_demo_certificates(DEMO_PIN)
            self._say(f"Demo certificates issued: {len(issued)} (PIN {DEMO_PIN}, demo only)")

    def _list(self, options: dict[str, Any]) -> None:
        rows = Certificate.objects.select_related("holder", "unit").order_by("role", "common_name")
        for row in rows:
            owner = row.holder.username if row.holder else (row.unit.code if row.unit else "-")
            self._say(
                f"{row.fingerprint}  {row.role:<12} {row.status:<8} "
                f"{row.not_after:%Y-%m-%d}  {owner:<20} {row.common_name}"
            )

    def _pin(self, options: dict[str, Any]) -> str:
        if options["pin_file"]:
            return str(options["pin_file"].read_text().strip())
        pin = getpass.getpass("PIN for the new key: ")
        if pin != getpass.getpass("Repeat the PIN: "):
            raise CommandError("The PINs differ.")
        return pin

    def _issue(self, options: dict[str, Any]) -> None:
        from django.apps import apps

        role = CertificateRole(options["role"])
        holder = unit = None
        if role == CertificateRole.PERSON:
            if not options["user"]:
                raise CommandError("--user is required for a personal certificate.")
            holder = get_user_model().objects.filter(username=options["user"]).first()
            if holder is None:
                raise CommandError(f"No user {options['user']!r}.")
        else:
            unit = apps.get_model("core", "Unit").objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"No unit {options['unit']!r}.")
        storage = KeyStorage(options["storage"])
        if storage == KeyStorage.PKCS11 and not options["token"]:
            raise CommandError("--token is required with --storage pkcs11.")
        row = actions.issue_certificate(
            None,
            role=role,
            pin=self._pin(options),
            holder=holder,
            unit=unit,
            storage=storage,
            token_label=options["token"],
            days=options["days"],
        )
        self._say(f"Issued {row.fingerprint}  {row.common_name}  until {row.not_after:%Y-%m-%d}")

    def _revoke(self, options: dict[str, Any]) -> None:
        row = Certificate.objects.filter(fingerprint=options["fingerprint"].lower()).first()
        if row is None:
            raise CommandError("No certificate with that fingerprint.")
        actions.revoke_certificate(None, row, options["reason"])
        self._say(f"Revoked {row.fingerprint} at {timezone.now():%Y-%m-%d %H:%M:%S} UTC")

    def _crl(self, options: dict[str, Any]) -> None:
        der = crl_der(options["ca"])
        if der is None:
            raise CommandError("There is no internal PKI: run `chancery pki init` first.")
        options["out"].write_bytes(der)
        self._say(f"Wrote {options['out']} ({len(der)} bytes)")

    def _trust(self, options: dict[str, Any]) -> None:
        row = actions.import_trust_anchor(None, options["file"].read_bytes())
        self._say(f"Trusted {row.fingerprint}  {row.subject}")
