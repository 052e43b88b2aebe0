"""Validating a PDF against this installation's trust store, with an audit entry."""

from __future__ import annotations

from chancery.core.service import User, record_audit
from chancery.signing.queries import pki
from chancery.signing.validation.engine import validate_pdf
from chancery.signing.validation.report import ValidationReport


def validate(
    data: bytes, *, actor: User | None = None, purpose: str = "validate"
) -> ValidationReport:
    """Validate every signature in ``data``; raises ``InvalidPdf`` for unreadable files.

    Who may: anyone (the public verification page included); nothing is stored but the audit
    entry (digest, verdict and signers, never the content).
    """
    report = validate_pdf(
        data, context_factory=lambda moment: pki.validation_context(moment=moment)
    )
    record_audit(
        actor,
        f"signing.{purpose}",
        object_type="signing.pdf",
        object_id=report.sha256,
        object_label=report.sha256[:16],
        data={
            "verdict": report.verdict,
            "signatures": [
                {
                    "field": signature.field_name,
                    "signer": signature.signer.common_name if signature.signer else "",
                    "verdict": signature.verdict,
                }
                for signature in report.signatures
            ],
        },
    )
    return report
