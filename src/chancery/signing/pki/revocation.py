"""CRLs (RFC 5280) and OCSP responses (RFC 6960) signed by the internal PKI.

Pure functions: the caller says which certificates are revoked; ``signing.queries.pki`` reads
that from the database and the HTTP endpoints serve what these functions build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from chancery.signing.pki.x509build import PrivateKey

REASON_FLAGS: dict[str, x509.ReasonFlags] = {
    "unspecified": x509.ReasonFlags.unspecified,
    "key_compromise": x509.ReasonFlags.key_compromise,
    "ca_compromise": x509.ReasonFlags.ca_compromise,
    "affiliation_changed": x509.ReasonFlags.affiliation_changed,
    "superseded": x509.ReasonFlags.superseded,
    "cessation_of_operation": x509.ReasonFlags.cessation_of_operation,
    "certificate_hold": x509.ReasonFlags.certificate_hold,
}


@dataclass(frozen=True)
class RevokedEntry:
    serial: int
    revoked_at: dt.datetime
    reason: str = "unspecified"


@dataclass(frozen=True)
class CertState:
    """What the responder knows of one serial: good, or revoked since when and why."""

    revoked_at: dt.datetime | None = None
    reason: str = "unspecified"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def build_crl(
    *,
    issuer: x509.Certificate,
    issuer_key: PrivateKey,
    revoked: Iterable[RevokedEntry],
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
) -> bytes:
    """A DER CRL of ``issuer`` listing ``revoked``."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(this_update)
        .next_update(next_update)
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    for entry in revoked:
        item = (
            x509.RevokedCertificateBuilder()
            .serial_number(entry.serial)
            .revocation_date(entry.revoked_at)
        )
        flag = REASON_FLAGS.get(entry.reason, x509.ReasonFlags.unspecified)
        if flag is not x509.ReasonFlags.unspecified:
            item = item.add_extension(x509.CRLReason(flag), critical=False)
        builder = builder.add_revoked_certificate(item.build())
    return builder.sign(issuer_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def _single_response(
    builder: ocsp.OCSPResponseBuilder,
    *,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    state: CertState,
    this_update: dt.datetime,
    next_update: dt.datetime,
) -> ocsp.OCSPResponseBuilder:
    return builder.add_response(
        cert=cert,
        issuer=issuer,
        algorithm=hashes.SHA256(),
        cert_status=ocsp.OCSPCertStatus.REVOKED if state.revoked else ocsp.OCSPCertStatus.GOOD,
        this_update=this_update,
        next_update=next_update,
        revocation_time=state.revoked_at,
        revocation_reason=REASON_FLAGS.get(state.reason) if state.revoked else None,
    )


def ocsp_response_for(
    *,
    cert: x509.Certificate,
    issuer: x509.Certificate,
    state: CertState,
    responder: x509.Certificate,
    responder_key: PrivateKey,
    now: dt.datetime,
    validity: dt.timedelta = dt.timedelta(days=1),
    nonce: bytes | None = None,
) -> bytes:
    """A signed DER OCSP response stating ``cert``'s status."""
    builder = _single_response(
        ocsp.OCSPResponseBuilder(),
        cert=cert,
        issuer=issuer,
        state=state,
        this_update=now,
        next_update=now + validity,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, responder)
    if responder != issuer:
        builder = builder.certificates([responder])
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    return builder.sign(responder_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def unauthorized_response() -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(
        ocsp.OCSPResponseStatus.UNAUTHORIZED
    ).public_bytes(serialization.Encoding.DER)


def malformed_response() -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(
        ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    ).public_bytes(serialization.Encoding.DER)


Lookup = Callable[[bytes, int], "tuple[x509.Certificate, x509.Certificate, CertState] | None"]


def answer_ocsp_request(
    request_der: bytes,
    *,
    lookup: Lookup,
    responder: x509.Certificate,
    responder_key: PrivateKey,
    now: dt.datetime,
) -> bytes:
    """Answer a DER OCSP request; ``lookup(issuer_key_hash, serial)`` finds the certificate.

    ``lookup`` returns the certificate, its issuer and its state, or ``None`` for a serial
    this responder does not know (answered ``unauthorized``, RFC 6960 §2.3).
    """
    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return malformed_response()
    found = lookup(request.issuer_key_hash, request.serial_number)
    if found is None:
        return unauthorized_response()
    cert, issuer, state = found
    try:
        nonce = request.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound:
        nonce = None
    return ocsp_response_for(
        cert=cert,
        issuer=issuer,
        state=state,
        responder=responder,
        responder_key=responder_key,
        now=now,
        nonce=nonce,
    )
