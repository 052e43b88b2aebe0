"""Reads of the PKI: service keys, CRLs, OCSP answers, trust anchors, validation contexts.

CRLs are built on demand and kept per process: a CA's CRL is reissued (with the next CRL
number, taken atomically from ``Certificate.crl_number``) when a certificate it issued was
revoked since, or when the kept one is an hour old. Each is valid for a day (nextUpdate).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko_certvalidator import ValidationContext

from chancery.core.service import Role, User
from chancery.signing.constants import CertificateRole, CertificateStatus
from chancery.signing.exceptions import TimestampUnavailable
from chancery.signing.keys import open_key_file, service_pin
from chancery.signing.models import Certificate
from chancery.signing.pki.revocation import (
    CertState,
    RevokedEntry,
    answer_ocsp_request,
    build_crl,
    ocsp_response_for,
)
from chancery.signing.pki.tsa import InternalTimeStamper
from chancery.signing.pki.x509build import PrivateKey

CA_NAMES = {"root": CertificateRole.ROOT_CA, "issuing": CertificateRole.ISSUING_CA}
CRL_VALIDITY = dt.timedelta(days=1)
CRL_REFRESH = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Held:
    """An internal service certificate with its private key in memory."""

    row_id: int
    certificate: x509.Certificate
    key: PrivateKey

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))


@dataclass(frozen=True)
class ServiceMaterial:
    root: Held
    issuing: Held
    tsa: Held
    ocsp: Held


_lock = threading.Lock()
_material: dict[tuple[str, ...], ServiceMaterial] = {}
_crls: dict[str, tuple[tuple[object, ...], bytes, dt.datetime]] = {}


def load_certificate(row: Certificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(row.pem.encode())


def service_material() -> ServiceMaterial | None:
    """The internal PKI's service keys, opened once per process; ``None`` before ``pki init``.

    Kept per process keyed by the four fingerprints, so a re-keyed CA is picked up at once.
    """
    # One query for the four roles (this runs for every signature): the newest valid of each.
    newest: dict[str, Certificate] = {}
    for row in Certificate.objects.filter(
        role__in=_SERVICE_ROLES, internal=True, status=CertificateStatus.VALID
    ).order_by("-not_after"):
        newest.setdefault(row.role, row)
    if len(newest) < len(_SERVICE_ROLES):
        return None
    present = [newest[role] for role in _SERVICE_ROLES]
    key = tuple(f"{row.pk}:{row.fingerprint}" for row in present)
    with _lock:
        if key not in _material:
            pin = service_pin()
            held = [Held(row.pk, load_certificate(row), open_key_file(row, pin)) for row in present]
            _material.clear()
            _material[key] = ServiceMaterial(*held)
        return _material[key]


_SERVICE_ROLES = (
    CertificateRole.ROOT_CA,
    CertificateRole.ISSUING_CA,
    CertificateRole.TSA,
    CertificateRole.OCSP,
)


def forget_cached_material() -> None:
    """Drop the per-process keys and CRLs (tests, and after a PKI re-initialisation)."""
    with _lock:
        _material.clear()
        _crls.clear()
        _stampers.clear()


def timestamper() -> TimeStamper:
    """The TSA signing uses: ``CHANCERY_SIGNING_TSA_URL`` if set, else the internal one."""
    if settings.CHANCERY_SIGNING_TSA_URL:
        auth: tuple[str, str] | None = None
        if settings.CHANCERY_SIGNING_TSA_USERNAME:
            # requests turns a (user, password) pair into HTTP basic authentication.
            auth = (
                str(settings.CHANCERY_SIGNING_TSA_USERNAME),
                str(settings.CHANCERY_SIGNING_TSA_PASSWORD),
            )
        return HTTPTimeStamper(settings.CHANCERY_SIGNING_TSA_URL, auth=auth, timeout=10)
    material = service_material()
    if material is None:
        raise TimestampUnavailable()
    return internal_timestamper(material)


_stampers: dict[tuple[int, int], InternalTimeStamper] = {}


def internal_timestamper(material: ServiceMaterial) -> InternalTimeStamper:
    """The internal TSA for ``material``, one per process (pyHanko keeps per-stamper state,
    such as the dummy answer it sizes signatures with, that every signature can share)."""
    with _lock:
        key = (material.tsa.row_id, material.issuing.row_id)
        stamper = _stampers.get(key)
        if stamper is None:
            _stampers.clear()
            stamper = InternalTimeStamper(
                material.tsa.asn1, material.tsa.key, [material.issuing.asn1]
            )
            _stampers[key] = stamper
        return stamper


# -- revocation ------------------------------------------------------------------------------


def _revoked_by(ca_id: int) -> QuerySet[Certificate]:
    return Certificate.objects.filter(issuer_id=ca_id, status=CertificateStatus.REVOKED)


def crl_der(name: str, *, now: dt.datetime | None = None) -> bytes | None:
    """The current DER CRL of the internal ``root`` or ``issuing`` CA; ``None`` if none."""
    material = service_material() if name in CA_NAMES else None
    if material is None:
        return None
    ca = material.root if name == "root" else material.issuing
    now = now or timezone.now()
    revoked = _revoked_by(ca.row_id).exclude(pk=ca.row_id)
    state = (ca.row_id, *revoked.aggregate(n=Count("pk"), last=Max("revoked_at")).values())
    with _lock:
        kept = _crls.get(name)
    if kept is not None and kept[0] == state and now < kept[2] + CRL_REFRESH:
        return kept[1]
    Certificate.objects.filter(pk=ca.row_id).update(crl_number=F("crl_number") + 1)
    number = Certificate.objects.values_list("crl_number", flat=True).get(pk=ca.row_id)
    this_update = now - dt.timedelta(minutes=1)
    der = build_crl(
        issuer=ca.certificate,
        issuer_key=ca.key,
        revoked=[
            RevokedEntry(int(row.serial, 16), row.revoked_at or now, _reason(row))
            for row in revoked.only("serial", "revoked_at", "revocation_reason")
        ],
        number=number,
        this_update=this_update,
        next_update=this_update + CRL_VALIDITY,
    )
    with _lock:
        _crls[name] = (state, der, now)
    return der


def _reason(row: Certificate) -> str:
    return row.revocation_reason or "unspecified"


def state_of(row: Certificate) -> CertState:
    if row.status == CertificateStatus.REVOKED:
        return CertState(row.revoked_at, _reason(row))
    return CertState()


def _ca_by_key_hash(material: ServiceMaterial, key_hash: bytes) -> Held | None:
    for ca in (material.issuing, material.root):
        spki = ca.asn1.public_key
        public = spki["public_key"].contents[1:]  # BIT STRING content without unused-bits octet
        if key_hash in {hashlib.sha1(public).digest(), hashlib.sha256(public).digest()}:  # noqa: S324
            return ca
    return None


def ocsp_answer(request_der: bytes, *, now: dt.datetime | None = None) -> bytes | None:
    """The DER OCSP response to a DER request; ``None`` when there is no internal PKI.

    Certificates of the issuing CA are answered by the OCSP responder; those of the root
    (the issuing CA itself) by the root, which RFC 6960 allows a CA to do for its own.
    """
    material = service_material()
    if material is None:
        return None
    now = now or timezone.now()

    def lookup(
        key_hash: bytes, serial: int
    ) -> tuple[x509.Certificate, x509.Certificate, CertState] | None:
        ca = _ca_by_key_hash(material, key_hash)
        row = (
            Certificate.objects.filter(issuer_id=ca.row_id, serial=format(serial, "x")).first()
            if ca is not None
            else None
        )
        if ca is None or row is None:
            return None
        return load_certificate(row), ca.certificate, state_of(row)

    request_ca = _request_ca(request_der, material)
    responder = (
        material.ocsp if request_ca is None or request_ca is material.issuing else material.root
    )
    return answer_ocsp_request(
        request_der,
        lookup=lookup,
        responder=responder.certificate,
        responder_key=responder.key,
        now=now - dt.timedelta(minutes=1),
    )


def _request_ca(request_der: bytes, material: ServiceMaterial) -> Held | None:
    from cryptography.x509 import ocsp

    try:
        request = ocsp.load_der_ocsp_request(request_der)
    except ValueError:
        return None
    return _ca_by_key_hash(material, request.issuer_key_hash)


def ocsp_for(row: Certificate, material: ServiceMaterial, now: dt.datetime) -> bytes:
    """A fresh OCSP response for an internal certificate, without going through HTTP."""
    from_root = row.issuer_id == material.root.row_id
    ca = material.root if from_root else material.issuing
    responder = material.root if from_root else material.ocsp
    return ocsp_response_for(
        cert=load_certificate(row),
        issuer=ca.certificate,
        state=state_of(row),
        responder=responder.certificate,
        responder_key=responder.key,
        now=now - dt.timedelta(minutes=1),
    )


# -- trust and validation --------------------------------------------------------------------


def _certificates_in(path: Path) -> list[x509.Certificate]:
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    found: list[x509.Certificate] = []
    for file in files:
        data = file.read_bytes()
        if b"-----BEGIN CERTIFICATE-----" in data:
            found.extend(x509.load_pem_x509_certificates(data))
        elif data:
            try:
                found.append(x509.load_der_x509_certificate(data))
            except ValueError:
                continue  # not a certificate (a README next to the roots, say)
    return found


def trust_anchors() -> list[asn1_x509.Certificate]:
    """Certificates validation trusts: trusted rows, plus CHANCERY_SIGNING_TRUST_ROOTS files."""
    anchors = [load_certificate(row) for row in Certificate.objects.trust_anchors()]
    for entry in settings.CHANCERY_SIGNING_TRUST_ROOTS:
        path = Path(entry)
        if path.exists():
            anchors.extend(_certificates_in(path))
    unique = {cert.public_bytes(serialization.Encoding.DER): cert for cert in anchors}
    return [asn1_x509.Certificate.load(der) for der in unique]


def validation_context(
    *,
    moment: dt.datetime | None = None,
    for_signing: bool = False,
    extra_certs: Iterable[asn1_x509.Certificate] = (),
) -> ValidationContext:
    """A pyHanko validation context trusting our anchors, with our own revocation material.

    Internal certificates among ``extra_certs`` (and the internal TSA) get CRLs and OCSP
    answers built here from the database, so that signing at B-LT never calls our own HTTP
    endpoints. Other authorities' status is fetched when CHANCERY_SIGNING_ALLOW_FETCHING.
    Signing uses ``hard-fail`` (no status, no signature); validation uses ``soft-fail``
    (a missing status is reported, not fatal).
    """
    extra = list(extra_certs)
    now = timezone.now()
    crls: list[bytes] = []
    ocsps: list[bytes] = []
    other: list[asn1_x509.Certificate] = list(extra)
    material = service_material()
    if material is not None:
        other.extend([material.issuing.asn1, material.tsa.asn1, material.ocsp.asn1])
        crls.extend(der for der in (crl_der("root"), crl_der("issuing")) if der is not None)
        fingerprints = {hashlib.sha256(cert.dump()).hexdigest() for cert in extra}
        fingerprints.add(hashlib.sha256(material.tsa.asn1.dump()).hexdigest())
        rows = list(
            Certificate.objects.filter(fingerprint__in=fingerprints, internal=True).exclude(
                role__in=(CertificateRole.ROOT_CA,)
            )
        )
        ocsps.extend(ocsp_for(row, material, now) for row in rows)
        # Signing with our own certificates: everything a validator needs is here already,
        # so asking our own endpoints over HTTP would only add latency (and a dependency).
        local_only = for_signing and len(rows) == len(fingerprints)
    else:
        local_only = False
    return ValidationContext(
        trust_roots=trust_anchors(),
        other_certs=other,
        moment=moment,
        allow_fetching=bool(settings.CHANCERY_SIGNING_ALLOW_FETCHING) and not local_only,
        crls=crls,
        ocsps=ocsps,
        revocation_mode="hard-fail" if for_signing else "soft-fail",
    )


# -- who signs with what ---------------------------------------------------------------------


def may_sign_with(user: User, certificate: Certificate) -> bool:
    """Whether ``user`` may use ``certificate``'s key (status and PIN aside).

    A personal certificate: its holder only. A seal: its holder, or a clerk of its unit.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not certificate.is_signing:
        return False
    if certificate.holder_id is not None and certificate.holder_id == user.pk:
        return True
    return (
        certificate.role == CertificateRole.SEAL
        and certificate.unit_id is not None
        and certificate.unit_id == user.unit_id
        and Role.CLERK.value in user.roles
    )


def certificates_for(user: User) -> QuerySet[Certificate]:
    """The certificates ``user`` may sign with now (valid, in date, key held here)."""
    mine = Q(holder=user)
    if Role.CLERK.value in user.roles and user.unit_id is not None:
        mine |= Q(role=CertificateRole.SEAL, unit_id=user.unit_id)
    return Certificate.objects.usable_for_signing().filter(mine).select_related("unit", "issuer")
