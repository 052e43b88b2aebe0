"""``chancery audit verify | checkpoint | public-key``: operate the audit chain."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from chancery.core.actions.audit import AuditChainBroken, create_checkpoint
from chancery.core.audit_signing import key_id, load_public_keys, load_signing_key, public_key_pem
from chancery.core.audit_verify import VerificationResult, verify_chain
from chancery.core.models.audit import AuditEntry

# Exit status of ``verify`` when the chain or a checkpoint is not intact (1 is any other error).
EXIT_TAMPERED = 2


class Command(BaseCommand):
    help = "Verify the audit chain, sign a checkpoint now, or print the checkpoint public key."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser(
            "verify", help="Recompute every hash and check every checkpoint, row and file."
        )
        verify.add_argument("--json", action="store_true", help="Print the result as JSON.")
        verify.add_argument(
            "--public-key",
            action="append",
            type=Path,
            default=[],
            metavar="PEM",
            help="Trust checkpoints signed by this public key (repeatable; default: the "
            "configured signing key). Give old keys too after a key rotation.",
        )
        verify.add_argument(
            "--checkpoint-dir", type=Path, help="Checkpoint files to check (default: settings)."
        )
        verify.add_argument(
            "--workers",
            type=int,
            help="Processes that hash the chain (default: one per 250,000 entries, up to "
            "half the cores).",
        )
        commands.add_parser("checkpoint", help="Sign the chain's head now (if not signed yet).")
        commands.add_parser("public-key", help="Print the checkpoint public key (PEM) and its id.")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = {
            "verify": self._verify,
            "checkpoint": self._checkpoint,
            "public-key": self._public_key,
        }[options["subcommand"]]
        try:
            handler(options)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

    def _verify(self, options: dict[str, Any]) -> None:
        try:
            keys = load_public_keys(options["public_key"]) if options["public_key"] else None
        except (OSError, ValueError) as exc:
            raise CommandError(_("Cannot read the public key: %s") % exc) from exc
        show_progress = sys.stderr.isatty() and not options["json"]
        total = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

        def advance(done: int) -> None:
            bar.update(done)

        with tqdm(
            total=total,
            unit=" entries",
            unit_scale=True,
            file=sys.stderr,
            disable=not show_progress,
        ) as bar:
            result = verify_chain(
                checkpoint_dir=options["checkpoint_dir"],
                public_keys=keys,
                progress=advance if show_progress else None,
                workers=options["workers"],
            )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        else:
            self._print_result(result)
        if not result.ok:
            first = result.first_problem
            assert first is not None
            raise CommandError(first.message, returncode=EXIT_TAMPERED)

    def _print_result(self, result: VerificationResult) -> None:
        summary = _(
            "%(entries)s entries up to #%(last)s, %(checkpoints)s checkpoints, "
            "%(files)s checkpoint files, in %(seconds).1f s (%(rate)s entries/s)."
        ) % {
            "entries": result.entries,
            "last": result.last_seq,
            "checkpoints": result.checkpoints,
            "files": result.checkpoint_files,
            "seconds": result.seconds,
            "rate": f"{result.rate:,.0f}",
        }
        if result.ok:
            self.stdout.write(self.style.SUCCESS(_("Audit chain intact.")) + " " + summary)
            self.stdout.write(
                _("Head: #%(seq)s %(hash)s") % {"seq": result.last_seq, "hash": result.head_hash}
            )
            return
        first = result.first_problem
        assert first is not None
        self.stdout.write(self.style.ERROR(_("AUDIT CHAIN NOT INTACT.")) + " " + first.message)
        for problem in result.problems:
            if problem is not first:
                self.stdout.write("  - " + problem.message)
        self.stdout.write(summary)

    def _checkpoint(self, options: dict[str, Any]) -> None:
        try:
            checkpoint = create_checkpoint()
        except AuditChainBroken as exc:
            raise CommandError(exc.problem.message, returncode=EXIT_TAMPERED) from exc
        if checkpoint is None:
            self.stdout.write(_("Nothing to do: the head of the chain is already checkpointed."))
            return
        self.stdout.write(
            _("Checkpoint signed at entry #%(seq)s (%(hash)s).")
            % {"seq": checkpoint.seq, "hash": checkpoint.head_hash}
        )

    def _public_key(self, options: dict[str, Any]) -> None:
        public = load_signing_key().public_key()
        self.stdout.write(public_key_pem(public).rstrip("\n"))
        self.stderr.write(_("Key id (SHA-256 of the raw key): %s") % key_id(public))
