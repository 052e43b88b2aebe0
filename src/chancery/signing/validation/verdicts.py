"""From pyHanko's AdES result to a :class:`SignatureReport`: indications, trust and wording.

The verdict follows ETSI EN 319 102-1: PASSED is valid, FAILED is invalid, INDETERMINATE is
indeterminate (for example an unknown CA, or a certificate that expired with no timestamp
proving the signature existed before). Integrity and modification come first: a signature whose
bytes do not match, or a document changed after signing beyond archival updates and further
signatures, is invalid whatever its certificate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESStatus, AdESSubIndic
from pyhanko.sign.validation.ades import AdESBasicValidationResult
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel, SignatureStatus

from chancery.signing.validation import modifications
from chancery.signing.validation.report import (
    CertificateInfo,
    Coverage,
    Integrity,
    Kind,
    Level,
    SignatureReport,
    Trust,
    Verdict,
)

_TRUST: dict[AdESSubIndic, Trust] = {
    AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND: "untrusted_root",
    AdESFailure.REVOKED: "revoked",
    AdESIndeterminate.REVOKED_NO_POE: "revoked",
    AdESIndeterminate.REVOKED_CA_NO_POE: "revoked",
    AdESIndeterminate.EXPIRED: "expired",
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE: "expired",
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED: "expired",
    AdESFailure.NOT_YET_VALID: "not_yet_valid",
    AdESIndeterminate.NOT_YET_VALID: "not_yet_valid",
    AdESIndeterminate.TRY_LATER: "no_revocation_info",
    AdESIndeterminate.REVOCATION_OUT_OF_BOUNDS_NO_POE: "no_revocation_info",
}
_BROKEN = {AdESFailure.HASH_FAILURE, AdESFailure.SIG_CRYPTO_FAILURE, AdESFailure.FORMAT_FAILURE}
_COVERAGE: dict[SignatureCoverageLevel, Coverage] = {
    SignatureCoverageLevel.ENTIRE_FILE: "entire_document",
    SignatureCoverageLevel.ENTIRE_REVISION: "entire_revision",
}


def _trust_messages() -> dict[Trust, str]:
    return {
        "trusted": _("The certificate is trusted and was valid when the document was signed."),
        "untrusted_root": _("The certificate was not issued by a trusted authority."),
        "revoked": _("The certificate was revoked."),
        "expired": _(
            "The certificate has expired and nothing proves that the signature was made "
            "before it expired."
        ),
        "not_yet_valid": _("The certificate was not yet valid when the document was signed."),
        "no_revocation_info": _("The revocation status of the certificate cannot be checked."),
        "unknown": _("The certificate could not be validated."),
    }


def chain_of(status: SignatureStatus | None) -> tuple[asn1_x509.Certificate, ...]:
    """Signer (or TSA) first, trust anchor last; empty when no path was built."""
    path = getattr(status, "validation_path", None)
    if path is None:
        return ()
    return tuple(reversed(list(path.iter_certs(include_root=True))))


def _trust(indication: AdESSubIndic, status: SignatureStatus | None) -> Trust:
    if indication.status == AdESStatus.PASSED:
        return "trusted"
    if status is not None and status.revocation_details is not None:
        return "revoked"
    return _TRUST.get(indication, "unknown")


def _integrity(
    indication: AdESSubIndic, status: Any, sig: EmbeddedPdfSignature, allowed: bool
) -> Integrity:
    if indication in _BROKEN or status is None or not status.intact or not status.valid:
        return "broken"
    if not allowed or sig.coverage not in _COVERAGE:
        return "modified"
    return "intact"


def build_report(
    reader: PdfFileReader,
    sig: EmbeddedPdfSignature,
    *,
    kind: Kind,
    result: AdESBasicValidationResult[Any],
    status: Any,
    timestamp_time: Any,
    timestamp_trusted: bool | None,
    pades_level: Level,
) -> SignatureReport:
    """Combine integrity, modification and trust into the report of one signature."""
    indication = result.ades_subindic
    diff = sig.diff_result
    allowed = modifications.is_allowed(diff, modifications.signature_fields(reader))
    integrity = _integrity(indication, status, sig, allowed)
    code = modifications.modification_code(diff)
    details: list[str] = []
    if code not in {"none", "lta_updates"} and not allowed:
        details.extend(modifications.describe_changes(reader, sig.signed_revision))
        changed_fields = getattr(diff, "changed_form_fields", None) or ()
        details.extend(
            _("form field %(name)s was filled in") % {"name": name}
            for name in sorted(changed_fields)
        )
    if not allowed and not details:
        details.append(_("the document was changed after it was signed"))
    trust = _trust(indication, status)
    # PAdES forbids the CMS signingTime attribute; the claimed time is the /M entry.
    signing_time = getattr(status, "signer_reported_dt", None) or _claimed_time(sig)
    revocation = getattr(status, "revocation_details", None)
    messages: list[str] = []
    verdict: Verdict
    if integrity == "broken":
        verdict = "invalid"
        messages.append(_("The signed content does not match the signature."))
    elif integrity == "modified":
        verdict = "invalid"
        messages.append(_("The document was modified after it was signed."))
    elif revocation is not None and _made_after(
        revocation.revocation_date, timestamp_time, signing_time
    ):
        # ETSI EN 319 102-1 §5.5: revoked before the time the signature is known (or claimed)
        # to have been made is a failure, not an indeterminate result.
        verdict = "invalid"
    elif indication.status == AdESStatus.PASSED:
        verdict = "valid"
    elif indication.status == AdESStatus.FAILED:
        verdict = "invalid"
    else:
        verdict = "indeterminate"
    messages.append(_trust_messages()[trust])
    chain = chain_of(status)
    signer_cert = _signer_cert(sig)
    return SignatureReport(
        field_name=str(sig.field_name),
        kind=kind,
        signer=CertificateInfo.from_asn1(signer_cert) if signer_cert is not None else None,
        chain=tuple(CertificateInfo.from_asn1(cert) for cert in chain),
        signing_time=signing_time,
        timestamp_time=timestamp_time,
        timestamp_trusted=timestamp_trusted,
        integrity=integrity,
        modification=code,
        modification_details=tuple(details),
        coverage=_COVERAGE.get(sig.coverage, "partial") if sig.coverage else "partial",
        trust=trust,
        revoked_at=revocation.revocation_date if revocation is not None else None,
        pades_level=pades_level,
        verdict=verdict,
        messages=tuple(messages),
    )


def _made_after(
    revoked_at: dt.datetime, proven: dt.datetime | None, claimed: dt.datetime | None
) -> bool:
    return any(moment is not None and moment >= revoked_at for moment in (proven, claimed))


def _claimed_time(sig: EmbeddedPdfSignature) -> dt.datetime | None:
    try:
        return sig.self_reported_timestamp
    except (ValueError, TypeError, KeyError):
        return None


def _signer_cert(sig: EmbeddedPdfSignature) -> asn1_x509.Certificate | None:
    try:
        return sig.signer_cert
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def unreadable(sig: EmbeddedPdfSignature, kind: Kind, detail: str = "") -> SignatureReport:
    """The report of a signature whose structure cannot be processed at all."""
    messages = [_("The signature is damaged and cannot be checked.")]
    if detail:
        messages.append(detail)
    signer_cert = _signer_cert(sig)
    return SignatureReport(
        field_name=str(getattr(sig, "field_name", "") or ""),
        kind=kind,
        signer=CertificateInfo.from_asn1(signer_cert) if signer_cert is not None else None,
        chain=(),
        signing_time=None,
        timestamp_time=None,
        timestamp_trusted=None,
        integrity="broken",
        modification="other",
        modification_details=(),
        coverage="partial",
        trust="unknown",
        revoked_at=None,
        pades_level="none",
        verdict="invalid",
        messages=tuple(messages),
    )
