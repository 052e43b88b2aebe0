"""``chancery sign``: sign PDF files from the command line, with one PIN entry for all.

    chancery sign letter1.pdf letter2.pdf --user vanthu --out signed/ --level B-LTA
    chancery sign *.pdf --user lanhdao --pin-file /run/secrets/pin --json

Each file is signed completely or not at all; the signed copies go to ``--out`` as
``<name>.signed.pdf`` and the verification code of each is printed. Exit code 0 when every
file was signed, 1 when some failed, 2 when nothing could be signed (wrong PIN, no key).
"""

from __future__ import annotations

import getpass
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from chancery.blobs import service as blobs
from chancery.core.service import Unit, User
from chancery.signing.actions.batches import BatchItem, sign_batch
from chancery.signing.actions.documents import SigningRequest
from chancery.signing.constants import PadesLevel
from chancery.signing.exceptions import SigningError
from chancery.signing.queries.pki import certificates_for


class Command(BaseCommand):
    help = "Sign PDF files with a certificate, one PIN entry for the whole batch."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--user", required=True, help="Username of the signer.")
        parser.add_argument("--certificate", help="Fingerprint (default: the signer's only one).")
        parser.add_argument("--pin-file", type=Path, help="Read the PIN from this file.")
        parser.add_argument("--level", default=PadesLevel.B_LTA, choices=PadesLevel.values)
        parser.add_argument("--document-type", default="document")
        parser.add_argument("--unit", help="Code of the issuing unit (default: the signer's).")
        parser.add_argument("--appearance", choices=["seal", "personal", "initials", "invisible"])
        parser.add_argument("--out", type=Path, default=Path("."))
        parser.add_argument("--json", action="store_true", help="Print results as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        signer = User.objects.filter(username=options["user"], is_active=True).first()
        if signer is None:
            raise CommandError(_("No active user %(name)s.") % {"name": options["user"]})
        certificate = self._certificate(signer, options["certificate"])
        unit_id = self._unit(signer, options["unit"])
        pin = self._pin(options["pin_file"])
        items = []
        for path in options["files"]:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from exc
            request = SigningRequest(
                document_type=options["document_type"],
                issuer_unit_id=unit_id,
                level=options["level"],
                appearance=options["appearance"],
                filename=path.name,
            )
            items.append(BatchItem(pdf=data, request=request))
        bar = tqdm(total=len(items), unit="doc", disable=options["json"], desc=_("Signing"))

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.n)

        try:
            outcomes = sign_batch(
                signer,
                certificate=certificate,
                pin=pin,
                items=items,
                level=options["level"],
                progress=progress,
            )
        except SigningError as exc:
            bar.close()
            self.stderr.write(str(exc.message))
            raise SystemExit(2) from None
        bar.close()
        self._write(options, outcomes, signer)

    def _write(self, options: dict[str, Any], outcomes: list[Any], signer: User) -> None:
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        results = []
        for path, outcome in zip(options["files"], outcomes, strict=True):
            if not outcome.ok:
                results.append({"file": str(path), "error": outcome.error})
                continue
            document = outcome.document
            target = out / f"{path.stem}.signed.pdf"
            with blobs.open_blob(document.blob.address, actor=signer) as reader:
                target.write_bytes(reader.read())
            results.append(
                {"file": str(path), "signed": str(target), "code": document.verification_code}
            )
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=1))
        else:
            for result in results:
                if "error" in result:
                    self.stderr.write(f"✗ {result['file']}: {result['error']}")
                else:
                    self.stdout.write(f"✓ {result['signed']}  {result['code']}")
        if any("error" in result for result in results):
            raise SystemExit(1)

    def _certificate(self, signer: User, fingerprint: str | None) -> Any:
        usable = certificates_for(signer)
        if fingerprint:
            usable = usable.filter(fingerprint=fingerprint.lower())
        found = list(usable[:2])
        if not found:
            raise CommandError(_("%(name)s has no usable certificate.") % {"name": signer})
        if len(found) > 1:
            raise CommandError(_("Several certificates are usable: choose one with --certificate."))
        return found[0]

    def _unit(self, signer: User, code: str | None) -> int:
        if code:
            unit = Unit.objects.filter(code=code).values_list("pk", flat=True).first()
            if unit is None:
                raise CommandError(_("Unknown unit %(code)s.") % {"code": code})
            return int(unit)
        if signer.unit_id is None:
            raise CommandError(_("Give the issuing unit with --unit."))
        return int(signer.unit_id)

    def _pin(self, pin_file: Path | None) -> str:
        if pin_file is not None:
            return pin_file.read_text().strip()
        return getpass.getpass(_("PIN: "))
