"""``chancery verify FILE``: validate every signature of a PDF, for a person or a script.

Exit status: 0 valid, 1 invalid, 2 indeterminate or unsigned, 3 the file cannot be read.
Trust: this installation's trust store (``signing.queries.pki``) plus any ``--trust`` files.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from chancery.signing.exceptions import InvalidPdf
from chancery.signing.queries import pki
from chancery.signing.validation.engine import validate_pdf
from chancery.signing.validation.labels import label
from chancery.signing.validation.report import SignatureReport, ValidationReport

EXIT_CODES = {"valid": 0, "invalid": 1, "indeterminate": 2, "unsigned": 2}
EXIT_UNREADABLE = 3


def load_anchors(paths: list[Path]) -> list[asn1_x509.Certificate]:
    """Certificates in PEM (one or more per file) or DER files; CommandError if unreadable."""
    anchors: list[asn1_x509.Certificate] = []
    for path in paths:
        try:
            data = path.read_bytes()
            blocks = (
                [der for _, _, der in pem.unarmor(data, multiple=True)]
                if pem.detect(data)
                else [data]
            )
            anchors.extend(asn1_x509.Certificate.load(der) for der in blocks)
            for cert in anchors:
                cert.native  # noqa: B018 - parse now, so a bad file fails here, not mid-validation
        except (OSError, ValueError, TypeError) as exc:
            raise CommandError(
                _("Cannot read the certificate file %(path)s: %(error)s")
                % {"path": path, "error": exc}
            ) from exc
    return anchors


def context_factory(extra_anchors: list[asn1_x509.Certificate]) -> Any:
    """The installation's validation context, trusting ``extra_anchors`` as well."""

    def factory(moment: dt.datetime | None) -> ValidationContext:
        base = pki.validation_context(moment=moment)
        if not extra_anchors:
            return base
        # Only a SimpleTrustManager (what validation_context builds) lists its roots.
        manager = base.path_builder.trust_manager
        current = list(manager.iter_certs()) if isinstance(manager, SimpleTrustManager) else []
        roots = current + extra_anchors
        return ValidationContext(
            trust_roots=roots,
            other_certs=list(base.certificate_registry),
            crls=base.crls,
            ocsps=base.ocsps,
            moment=moment,
            allow_fetching=bool(settings.CHANCERY_SIGNING_ALLOW_FETCHING),
            revocation_mode="soft-fail",
        )

    return factory


def parse_moment(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            _("--at needs an ISO 8601 date and time, such as 2030-01-31T12:00:00Z")
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = (
        "Validate the signatures of a PDF file. Exit status: 0 valid, 1 invalid, "
        "2 indeterminate or unsigned, 3 unreadable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The PDF file to validate.")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--trust",
            action="append",
            type=Path,
            default=[],
            metavar="PEM",
            help="Also trust the certificates in this file (PEM or DER; repeatable).",
        )
        parser.add_argument(
            "--at",
            metavar="ISO-DATETIME",
            help="Validate as of this moment instead of now (e.g. 2030-01-31T12:00:00Z).",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the summary (default: the configured language).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            code = self._verify(options)
        if code:
            sys.exit(code)

    def _verify(self, options: dict[str, Any]) -> int:
        anchors = load_anchors(options["trust"])
        moment = parse_moment(options["at"])
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            self.stderr.write(
                _("Cannot read %(path)s: %(error)s")
                % {"path": options["file"], "error": exc.strerror}
            )
            return EXIT_UNREADABLE
        try:
            report = validate_pdf(data, context_factory=context_factory(anchors), moment=moment)
        except InvalidPdf as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"error": exc.code, "message": str(exc.message)}))
            else:
                self.stderr.write(str(exc.message))
            return EXIT_UNREADABLE
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(report))
        return EXIT_CODES[report.verdict]


def _verdict_label(verdict: str) -> str:
    return {
        "valid": _("VALID"),
        "invalid": _("INVALID"),
        "indeterminate": _("INDETERMINATE"),
        "unsigned": _("NOT SIGNED"),
    }[verdict]


def _when(moment: dt.datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


def _signature_lines(number: int, sig: SignatureReport) -> list[str]:
    kind = _("Signature") if sig.kind == "signature" else _("Document timestamp")
    signer = sig.signer
    lines = [
        f"{kind} {number} ({sig.field_name}): {_verdict_label(sig.verdict)}",
        "  "
        + _("Signed by: %(name)s")
        % {"name": f"{signer.common_name}, {signer.organisation}" if signer else "-"},
        "  " + _("Claimed signing time: %(time)s") % {"time": _when(sig.signing_time)},
        "  " + _("Timestamp: %(time)s") % {"time": _when(sig.timestamp_time)},
        "  " + _("Level: %(level)s") % {"level": label("pades_level", sig.pades_level)},
        "  "
        + _("Integrity: %(integrity)s, changes after signing: %(code)s")
        % {
            "integrity": label("integrity", sig.integrity),
            "code": label("modification", sig.modification),
        },
        "  " + _("Trust: %(trust)s") % {"trust": label("trust", sig.trust)},
    ]
    lines.extend(f"    - {detail}" for detail in sig.modification_details)
    lines.extend(f"  {message}" for message in sig.messages)
    return lines


def summary(report: ValidationReport) -> str:
    """The report as text a person reads in a terminal, in the active language."""
    lines = [
        _("Document: %(size)s bytes, %(pages)s pages, SHA-256 %(digest)s")
        % {"size": report.size, "pages": report.page_count, "digest": report.sha256},
        _("Verdict: %(verdict)s") % {"verdict": _verdict_label(report.verdict)},
        "",
    ]
    for number, sig in enumerate(report.signatures, start=1):
        lines.extend(_signature_lines(number, sig))
        lines.append("")
    if not report.signatures:
        lines.append(_("The document carries no signature."))
    return "\n".join(lines).rstrip() + "\n"
