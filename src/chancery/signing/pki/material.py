"""A complete PKI hierarchy in memory: root, issuing CA, TSA, OCSP responder and leaves.

``chancery pki init`` persists one (``signing.actions.pki``); tests and benchmarks build one
in memory (fast, no database) and sign and validate against it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from chancery.signing.constants import CertificateRole
from chancery.signing.pki.revocation import CertState, RevokedEntry, build_crl, ocsp_response_for
from chancery.signing.pki.x509build import (
    Endpoints,
    PrivateKey,
    Subject,
    build_certificate,
    generate_key,
    new_serial,
)


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def key_to_asn1(key: PrivateKey) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def fingerprint(cert: x509.Certificate) -> str:
    from cryptography.hazmat.primitives import hashes

    return cert.fingerprint(hashes.SHA256()).hex()


@dataclass
class Issued:
    certificate: x509.Certificate
    key: PrivateKey
    role: CertificateRole


def endpoints_for(base_url: str, ca: str) -> Endpoints:
    """Where validators find the status of certificates that CA ``ca`` ('root'/'issuing') signs."""
    base = base_url.rstrip("/")
    return Endpoints(
        crl_url=f"{base}/pki/crl/{ca}.crl",
        ocsp_url=f"{base}/pki/ocsp/" if ca == "issuing" else None,
        ca_issuers_url=f"{base}/pki/ca/{ca}.crt",
    )


@dataclass
class Hierarchy:
    root: Issued
    issuing: Issued
    tsa: Issued
    ocsp: Issued
    base_url: str
    organisation: str
    revoked: dict[int, RevokedEntry] = field(default_factory=dict)
    # Every certificate the issuing CA signed, by serial: what the OCSP responder knows.
    issued: dict[int, x509.Certificate] = field(default_factory=dict)

    @classmethod
    def generate(
        cls,
        *,
        organisation: str = "Bộ Ngoại giao",
        base_url: str = "http://localhost:8000",
        now: dt.datetime | None = None,
        ca_algorithm: str = "rsa3072",
        algorithm: str = "rsa2048",
    ) -> Hierarchy:
        now = now or dt.datetime.now(dt.UTC)
        start = now - dt.timedelta(minutes=5)
        root_key = generate_key(ca_algorithm)
        root_cert = build_certificate(
            role=CertificateRole.ROOT_CA,
            subject=Subject(f"{organisation} Root CA", organisation),
            public_key=root_key.public_key(),
            issuer_certificate=None,
            issuer_key=root_key,
            not_before=start,
            not_after=now + dt.timedelta(days=20 * 365),
            path_length=1,
        )
        root = Issued(root_cert, root_key, CertificateRole.ROOT_CA)
        issuing_key = generate_key(ca_algorithm)
        issuing_cert = build_certificate(
            role=CertificateRole.ISSUING_CA,
            subject=Subject(f"{organisation} Issuing CA", organisation),
            public_key=issuing_key.public_key(),
            issuer_certificate=root_cert,
            issuer_key=root_key,
            not_before=start,
            not_after=now + dt.timedelta(days=10 * 365),
            endpoints=endpoints_for(base_url, "root"),
            path_length=0,
        )
        issuing = Issued(issuing_cert, issuing_key, CertificateRole.ISSUING_CA)
        hierarchy = cls(
            root=root,
            issuing=issuing,
            tsa=issuing,  # replaced just below
            ocsp=issuing,
            base_url=base_url,
            organisation=organisation,
        )
        hierarchy.tsa = hierarchy.issue(
            CertificateRole.TSA,
            Subject(f"{organisation} Timestamping Authority", organisation),
            days=10 * 365,
            now=now,
            algorithm=algorithm,
        )
        hierarchy.ocsp = hierarchy.issue(
            CertificateRole.OCSP,
            Subject(f"{organisation} OCSP Responder", organisation),
            days=2 * 365,
            now=now,
            algorithm=algorithm,
        )
        return hierarchy

    def issue(
        self,
        role: CertificateRole,
        subject: Subject,
        *,
        days: int = 2 * 365,
        now: dt.datetime | None = None,
        not_before: dt.datetime | None = None,
        algorithm: str = "rsa2048",
        key: PrivateKey | None = None,
    ) -> Issued:
        """A certificate of ``role`` from the issuing CA (key generated unless given)."""
        now = now or dt.datetime.now(dt.UTC)
        key = key or generate_key(algorithm)
        start = not_before or (now - dt.timedelta(minutes=5))
        cert = build_certificate(
            role=role,
            subject=subject,
            public_key=key.public_key(),
            issuer_certificate=self.issuing.certificate,
            issuer_key=self.issuing.key,
            not_before=start,
            not_after=start + dt.timedelta(days=days),
            endpoints=endpoints_for(self.base_url, "issuing"),
            serial=new_serial(),
            email=subject.email,
        )
        self.issued[cert.serial_number] = cert
        return Issued(cert, key, role)

    def revoke(
        self, cert: x509.Certificate, *, when: dt.datetime, reason: str = "unspecified"
    ) -> None:
        self.revoked[cert.serial_number] = RevokedEntry(cert.serial_number, when, reason)

    def state_of(self, cert: x509.Certificate) -> CertState:
        entry = self.revoked.get(cert.serial_number)
        return CertState(entry.revoked_at, entry.reason) if entry else CertState()

    # Revocation material, as the HTTP endpoints would serve it at ``now``.
    def crls(self, now: dt.datetime) -> list[bytes]:
        root_crl = build_crl(
            issuer=self.root.certificate,
            issuer_key=self.root.key,
            revoked=[],
            number=1,
            this_update=now - dt.timedelta(minutes=1),
            next_update=now + dt.timedelta(days=7),
        )
        issuing_crl = build_crl(
            issuer=self.issuing.certificate,
            issuer_key=self.issuing.key,
            revoked=self.revoked.values(),
            number=1,
            this_update=now - dt.timedelta(minutes=1),
            next_update=now + dt.timedelta(days=7),
        )
        return [root_crl, issuing_crl]

    def ocsp_for(self, cert: x509.Certificate, now: dt.datetime) -> bytes:
        return ocsp_response_for(
            cert=cert,
            issuer=self.issuing.certificate,
            state=self.state_of(cert),
            responder=self.ocsp.certificate,
            responder_key=self.ocsp.key,
            now=now - dt.timedelta(minutes=1),
        )

    def revocation_material(
        self, leaves: list[x509.Certificate], now: dt.datetime | None = None
    ) -> tuple[list[asn1_crl.CertificateList], list[asn1_ocsp.OCSPResponse]]:
        now = now or dt.datetime.now(dt.UTC)
        crls = [asn1_crl.CertificateList.load(der) for der in self.crls(now)]
        ocsps = [
            asn1_ocsp.OCSPResponse.load(self.ocsp_for(leaf, now))
            for leaf in [*leaves, self.tsa.certificate]
        ]
        return crls, ocsps

    @property
    def chain(self) -> list[x509.Certificate]:
        return [self.issuing.certificate, self.root.certificate]
