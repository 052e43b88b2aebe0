"""What validating a signed PDF found: one report per signature, one for the document.

JSON shape of :meth:`ValidationReport.to_dict` (keys are stable; datetimes are ISO 8601 with
their UTC offset, or ``null``)::

    {
      "sha256": "<hex digest of the file>",
      "size": 12345,                       # bytes
      "page_count": 2,
      "verdict": "valid" | "invalid" | "indeterminate" | "unsigned",
      "validated_at": "2026-11-26T01:02:03+00:00",
      "signatures": [
        {
          "field_name": "Sig1",
          "kind": "signature" | "document_timestamp",
          "signer": {CERTIFICATE} | null,
          "chain": [{CERTIFICATE}, ...],   # signer first, trust anchor last
          "signing_time": ISO | null,      # claimed by the signer, not proven
          "timestamp_time": ISO | null,    # signature timestamp, or the document timestamp
          "timestamp_trusted": true | false | null,
          "integrity": "intact" | "modified" | "broken",
          "modification": "none" | "lta_updates" | "form_filling" | "annotations" | "other",
          "modification_details": ["a page was added", ...],
          "coverage": "entire_document" | "entire_revision" | "partial",
          "trust": "trusted" | "untrusted_root" | "revoked" | "expired" | "not_yet_valid"
                   | "no_revocation_info" | "unknown",
          "revoked_at": ISO | null,
          "pades_level": "B-B" | "B-T" | "B-LT" | "B-LTA" | "none",
          "verdict": "valid" | "invalid" | "indeterminate",
          "messages": ["<translated explanation>", ...]
        }
      ]
    }

    CERTIFICATE = {"common_name", "organisation", "serial" (hex), "issuer" (RFC 4514 string),
                   "not_before", "not_after" (ISO), "sha256" (hex fingerprint)}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from asn1crypto import x509 as asn1_x509

Kind = Literal["signature", "document_timestamp"]
Integrity = Literal["intact", "modified", "broken"]
Coverage = Literal["entire_document", "entire_revision", "partial"]
Trust = Literal[
    "trusted",
    "untrusted_root",
    "revoked",
    "expired",
    "not_yet_valid",
    "no_revocation_info",
    "unknown",
]
Level = Literal["B-B", "B-T", "B-LT", "B-LTA", "none"]
Verdict = Literal["valid", "invalid", "indeterminate"]
DocumentVerdict = Literal["valid", "invalid", "indeterminate", "unsigned"]


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _name_part(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    # A name may repeat an attribute (two OUs); keep the first, which is the most general.
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value)


@dataclass(frozen=True)
class CertificateInfo:
    """The facts about a certificate that a person checks when reading a report."""

    common_name: str
    organisation: str
    serial: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str

    @classmethod
    def from_asn1(cls, cert: asn1_x509.Certificate) -> CertificateInfo:
        return cls(
            common_name=_name_part(cert.subject, "common_name"),
            organisation=_name_part(cert.subject, "organization_name"),
            serial=format(cert.serial_number, "x"),
            issuer=cert.issuer.human_friendly,
            not_before=cert.not_valid_before,
            not_after=cert.not_valid_after,
            sha256=cert.sha256.hex(),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "common_name": self.common_name,
            "organisation": self.organisation,
            "serial": self.serial,
            "issuer": self.issuer,
            "not_before": _iso(self.not_before),
            "not_after": _iso(self.not_after),
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class SignatureReport:
    """One signature or document timestamp, and what its validation concluded."""

    field_name: str
    kind: Kind
    signer: CertificateInfo | None
    chain: tuple[CertificateInfo, ...]
    signing_time: dt.datetime | None
    timestamp_time: dt.datetime | None
    timestamp_trusted: bool | None
    integrity: Integrity
    modification: str
    modification_details: tuple[str, ...]
    coverage: Coverage
    trust: Trust
    revoked_at: dt.datetime | None
    pades_level: Level
    verdict: Verdict
    messages: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field_name": self.field_name,
            "kind": self.kind,
            "signer": self.signer.to_dict() if self.signer else None,
            "chain": [cert.to_dict() for cert in self.chain],
            "signing_time": _iso(self.signing_time),
            "timestamp_time": _iso(self.timestamp_time),
            "timestamp_trusted": self.timestamp_trusted,
            "integrity": self.integrity,
            "modification": self.modification,
            "modification_details": list(self.modification_details),
            "coverage": self.coverage,
            "trust": self.trust,
            "revoked_at": _iso(self.revoked_at),
            "pades_level": self.pades_level,
            "verdict": self.verdict,
            "messages": [str(message) for message in self.messages],
        }


@dataclass(frozen=True)
class ValidationReport:
    """The whole document: its identity and every signature in it, oldest first."""

    sha256: str
    size: int
    page_count: int
    signatures: tuple[SignatureReport, ...]
    verdict: DocumentVerdict
    validated_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "size": self.size,
            "page_count": self.page_count,
            "verdict": self.verdict,
            "validated_at": _iso(self.validated_at),
            "signatures": [signature.to_dict() for signature in self.signatures],
        }


def overall_verdict(signatures: tuple[SignatureReport, ...]) -> DocumentVerdict:
    """Unsigned without signatures; otherwise the worst verdict of any of them."""
    if not signatures:
        return "unsigned"
    verdicts = {signature.verdict for signature in signatures}
    if "invalid" in verdicts:
        return "invalid"
    if "indeterminate" in verdicts:
        return "indeterminate"
    return "valid"
