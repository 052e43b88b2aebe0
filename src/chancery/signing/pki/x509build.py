"""Building X.509 certificates for each role of the internal PKI.

Profiles follow RFC 5280 and the ETSI EN 319 412 certificate profiles in spirit: CAs carry
basicConstraints and keyCertSign/cRLSign; signing certificates carry digitalSignature and
nonRepudiation (contentCommitment) with the document-signing EKU (RFC 9336); the TSA carries
the critical timeStamping EKU (RFC 3161 §2.3); the OCSP responder carries OCSPSigning and
id-pkix-ocsp-nocheck (RFC 6960 §4.2.2.2.1). Every issued certificate names the CRL and the
OCSP responder of its issuer, so that any validator can check its status.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import (
    AuthorityInformationAccessOID,
    ExtendedKeyUsageOID,
    NameOID,
    ObjectIdentifier,
)

from chancery.signing.constants import CertificateRole

# RFC 9336 id-kp-documentSigning; Adobe's and Microsoft's document-signing EKUs for readers that
# predate it.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
ADOBE_AUTHENTIC_DOCUMENTS = ObjectIdentifier("1.2.840.113583.1.1.5")
MS_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


@dataclass(frozen=True)
class Endpoints:
    """Where validators fetch the issuer's certificate, CRL and OCSP answers."""

    crl_url: str | None = None
    ocsp_url: str | None = None
    ca_issuers_url: str | None = None


@dataclass(frozen=True)
class Subject:
    common_name: str
    organization: str = ""
    organizational_unit: str = ""
    country: str = "VN"
    locality: str = ""
    email: str = ""
    # Personal identifier (e.g. staff number) in serialNumber, as national signing certificates do.
    serial_number: str = ""

    def name(self) -> x509.Name:
        parts: list[x509.NameAttribute[str]] = []
        if self.country:
            parts.append(x509.NameAttribute(NameOID.COUNTRY_NAME, self.country))
        if self.locality:
            parts.append(x509.NameAttribute(NameOID.LOCALITY_NAME, self.locality))
        if self.organization:
            parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.organization))
        if self.organizational_unit:
            parts.append(
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, self.organizational_unit)
            )
        if self.serial_number:
            parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, self.serial_number))
        parts.append(x509.NameAttribute(NameOID.COMMON_NAME, self.common_name))
        return x509.Name(parts)


def generate_key(algorithm: str = "rsa2048") -> PrivateKey:
    """A new private key: ``rsa2048``, ``rsa3072``, ``rsa4096`` or ``p256``/``p384``."""
    if algorithm.startswith("rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(algorithm[3:]))
    curves: dict[str, ec.EllipticCurve] = {"p256": ec.SECP256R1(), "p384": ec.SECP384R1()}
    try:
        return ec.generate_private_key(curves[algorithm])
    except KeyError:
        raise ValueError(f"unknown key algorithm {algorithm!r}") from None


def new_serial() -> int:
    # RFC 5280: positive, at most 20 octets; CA/B forum: at least 64 bits of randomness.
    return secrets.randbits(127) | 1


def _hash_for(key: PrivateKey) -> hashes.SHA256 | hashes.SHA384:
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size > 256:
        return hashes.SHA384()
    return hashes.SHA256()


def _key_usage(role: CertificateRole) -> x509.KeyUsage:
    ca = role in (CertificateRole.ROOT_CA, CertificateRole.ISSUING_CA)
    signing = role in (CertificateRole.PERSON, CertificateRole.SEAL)
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _extended_usage(role: CertificateRole) -> x509.ExtendedKeyUsage | None:
    if role in (CertificateRole.PERSON, CertificateRole.SEAL):
        return x509.ExtendedKeyUsage(
            [
                DOCUMENT_SIGNING,
                ADOBE_AUTHENTIC_DOCUMENTS,
                MS_DOCUMENT_SIGNING,
                ExtendedKeyUsageOID.EMAIL_PROTECTION,
            ]
        )
    if role == CertificateRole.TSA:
        return x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING])
    if role == CertificateRole.OCSP:
        return x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING])
    return None


def build_certificate(
    *,
    role: CertificateRole,
    subject: Subject | x509.Name,
    public_key: PublicKey,
    issuer_certificate: x509.Certificate | None,
    issuer_key: PrivateKey,
    not_before: dt.datetime,
    not_after: dt.datetime,
    endpoints: Endpoints = Endpoints(),
    serial: int | None = None,
    path_length: int | None = None,
    email: str = "",
) -> x509.Certificate:
    """Sign a certificate of ``role`` for ``public_key``; self-signed when no issuer is given."""
    name = subject.name() if isinstance(subject, Subject) else subject
    issuer_name = issuer_certificate.subject if issuer_certificate is not None else name
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(serial or new_serial())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(_key_usage(role), critical=True)
    )
    is_ca = role in (CertificateRole.ROOT_CA, CertificateRole.ISSUING_CA)
    builder = builder.add_extension(
        x509.BasicConstraints(ca=is_ca, path_length=path_length if is_ca else None),
        critical=True,
    )
    if issuer_certificate is not None:
        issuer_ski = issuer_certificate.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier
        ).value
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(issuer_ski),
            critical=False,
        )
    extended = _extended_usage(role)
    if extended is not None:
        builder = builder.add_extension(extended, critical=role == CertificateRole.TSA)
    if role == CertificateRole.OCSP:
        builder = builder.add_extension(x509.OCSPNoCheck(), critical=False)
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    if issuer_certificate is not None and endpoints.crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(endpoints.crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    access: list[x509.AccessDescription] = []
    if issuer_certificate is not None and endpoints.ocsp_url and role != CertificateRole.OCSP:
        access.append(
            x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP,
                x509.UniformResourceIdentifier(endpoints.ocsp_url),
            )
        )
    if issuer_certificate is not None and endpoints.ca_issuers_url:
        access.append(
            x509.AccessDescription(
                AuthorityInformationAccessOID.CA_ISSUERS,
                x509.UniformResourceIdentifier(endpoints.ca_issuers_url),
            )
        )
    if access:
        builder = builder.add_extension(x509.AuthorityInformationAccess(access), critical=False)
    return builder.sign(issuer_key, _hash_for(issuer_key))


def chain_of(leaf: x509.Certificate, pool: Sequence[x509.Certificate]) -> list[x509.Certificate]:
    """``leaf`` followed by its issuers found in ``pool``, up to a self-signed root."""
    chain = [leaf]
    by_subject = {cert.subject: cert for cert in pool}
    current = leaf
    while current.issuer != current.subject:
        parent = by_subject.get(current.issuer)
        if parent is None or parent in chain:
            break
        chain.append(parent)
        current = parent
    return chain
