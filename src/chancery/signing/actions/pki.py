"""Writes to the PKI: creating the internal CA, issuing, revoking and trusting certificates.

Administrators (or the system, ``actor=None``, from ``chancery pki``) call these. Every one
is audited. Private keys are written to key files sealed with a PIN, or generated inside a
PKCS#11 token; neither the key nor the PIN is ever logged or audited.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from chancery.core.constants import MISSION_KINDS
from chancery.core.service import Role, UnitKind, User, record_audit
from chancery.signing.constants import (
    CertificateRole,
    CertificateStatus,
    KeyStorage,
    RevocationReason,
)
from chancery.signing.keys import service_pin
from chancery.signing.models import Certificate
from chancery.signing.pki import keyfiles, pkcs11
from chancery.signing.pki.material import Hierarchy, Issued, endpoints_for, fingerprint
from chancery.signing.pki.x509build import (
    PrivateKey,
    PublicKey,
    Subject,
    build_certificate,
    generate_key,
)
from chancery.signing.queries.pki import forget_cached_material, service_material

_INIT_LOCK = 0x43_48_50_4B_49  # "CHPKI": serialises concurrent `pki init`

Progress = Callable[[str], None]


class PkiNotInitialised(RuntimeError):
    """The internal CA does not exist yet: run ``chancery pki init``."""


@dataclass(frozen=True)
class InternalPki:
    root: Certificate
    issuing: Certificate
    tsa: Certificate
    ocsp: Certificate
    created: bool


def _require_admin(actor: User | None) -> None:
    # ``None`` is the system itself (management commands run by the operator).
    if actor is not None and not (actor.is_active and actor.has_role(Role.ADMIN)):
        raise PermissionError("only administrators manage the PKI")


def _key_locator(fp: str) -> str:
    return f"keys/{fp}.key"


def _save(
    cert: x509.Certificate,
    *,
    role: CertificateRole,
    issuer: Certificate | None,
    internal: bool,
    trusted: bool = False,
    holder: User | None = None,
    unit_id: int | None = None,
    key: PrivateKey | None = None,
    pin: str = "",
    storage: KeyStorage = KeyStorage.NONE,
    locator: str = "",
) -> Certificate:
    fp = fingerprint(cert)
    if key is not None:
        storage, locator = KeyStorage.FILE, _key_locator(fp)
        keyfiles.write_key_file(settings.CHANCERY_PKI_DIR / locator, key, pin, fingerprint=fp)
    row = Certificate(
        role=role,
        issuer=issuer,
        serial=format(cert.serial_number, "x"),
        fingerprint=fp,
        subject=cert.subject.rfc4514_string()[:500],
        common_name=_common_name(cert)[:200],
        pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        internal=internal,
        trusted=trusted,
        holder=holder,
        unit_id=unit_id,
        key_storage=storage,
        key_locator=locator,
    )
    row.save()
    return row


def _common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def initialise_internal_pki(
    *,
    organisation: str = "Bộ Ngoại giao",
    base_url: str | None = None,
    progress: Progress | None = None,
    hierarchy: Hierarchy | None = None,
) -> InternalPki:
    """Create the internal root, issuing CA, TSA and OCSP responder (once; later calls no-op).

    Keys go to key files under CHANCERY_PKI_DIR, sealed with the service PIN (generated into
    ``service.pin`` if not configured). ``hierarchy`` lets tests adopt one built in memory.
    """
    say = progress or (lambda _message: None)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INIT_LOCK])
        existing = {
            role: Certificate.objects.filter(role=role, internal=True)
            .order_by("-not_after")
            .first()
            for role in (CertificateRole.ROOT_CA, CertificateRole.ISSUING_CA)
        }
        if existing[CertificateRole.ROOT_CA] is not None:
            rows = [
                Certificate.objects.filter(role=role, internal=True).order_by("-not_after").first()
                for role in (CertificateRole.TSA, CertificateRole.OCSP)
            ]
            root, issuing = existing[CertificateRole.ROOT_CA], existing[CertificateRole.ISSUING_CA]
            tsa, ocsp = rows
            if root is None or issuing is None or tsa is None or ocsp is None:
                raise PkiNotInitialised("the internal PKI is incomplete: restore it from backup")
            return InternalPki(root, issuing, tsa, ocsp, created=False)
        pin = service_pin(create=True)
        if hierarchy is None:
            say("Generating the root and issuing CA keys (RSA 3072)…")
            hierarchy = Hierarchy.generate(
                organisation=organisation, base_url=str(base_url or settings.CHANCERY_PKI_BASE_URL)
            )
        root = _save_issued(hierarchy.root, None, pin, trusted=True)
        issuing = _save_issued(hierarchy.issuing, root, pin)
        tsa = _save_issued(hierarchy.tsa, issuing, pin)
        ocsp = _save_issued(hierarchy.ocsp, issuing, pin)
        record_audit(
            None,
            "signing.pki_initialised",
            root,
            data={"root": root.fingerprint, "issuing": issuing.fingerprint},
        )
        transaction.on_commit(forget_cached_material)
    say(f"Internal PKI created: root {root.fingerprint[:16]}…")
    return InternalPki(root, issuing, tsa, ocsp, created=True)


def _save_issued(
    issued: Issued, issuer: Certificate | None, pin: str, *, trusted: bool = False
) -> Certificate:
    return _save(
        issued.certificate,
        role=issued.role,
        issuer=issuer,
        internal=True,
        trusted=trusted,
        key=issued.key,
        pin=pin,
    )


def issue_certificate(
    actor: User | None,
    *,
    role: CertificateRole,
    pin: str,
    holder: User | None = None,
    unit: Any = None,
    subject: Subject | None = None,
    storage: KeyStorage = KeyStorage.FILE,
    token_label: str = "",
    days: int = 2 * 365,
    algorithm: str = "rsa2048",
) -> Certificate:
    """Issue a personal (``holder``) or seal (``unit``, a core Unit) certificate.

    FILE: the key is generated here and sealed with ``pin``. PKCS11: the key pair is
    generated inside token ``token_label`` (logged in with ``pin``) and never leaves it.
    Administrators only; refuses other roles, a person without holder, a seal without unit.
    """
    _require_admin(actor)
    if role not in (CertificateRole.PERSON, CertificateRole.SEAL):
        raise ValueError("only personal and seal certificates are issued to staff")
    if role == CertificateRole.PERSON and holder is None:
        raise ValueError("a personal certificate needs a holder")
    if role == CertificateRole.SEAL and unit is None:
        raise ValueError("a seal certificate needs a unit")
    material = service_material()
    if material is None:
        raise PkiNotInitialised("run `chancery pki init` first")
    subject = subject or _subject_for(holder, unit)
    key: PrivateKey | None = None
    locator = ""
    if storage == KeyStorage.PKCS11:
        key_label = f"chancery-{role}-{secrets.token_hex(6)}"
        public: PublicKey = pkcs11.generate_token_key(
            settings.CHANCERY_PKCS11_MODULE, token_label, pin, key_label, algorithm=algorithm
        )
        locator = f"{token_label}/{key_label}"
    else:
        key = generate_key(algorithm)
        public = key.public_key()
    now = dt.datetime.now(dt.UTC)
    cert = build_certificate(
        role=role,
        subject=subject,
        public_key=public,
        issuer_certificate=material.issuing.certificate,
        issuer_key=material.issuing.key,
        not_before=now - dt.timedelta(minutes=5),
        not_after=now + dt.timedelta(days=days),
        endpoints=endpoints_for(str(settings.CHANCERY_PKI_BASE_URL), "issuing"),
        email=subject.email,
    )
    with transaction.atomic():
        issuer = Certificate.objects.get(pk=material.issuing.row_id)
        row = _save(
            cert,
            role=role,
            issuer=issuer,
            internal=True,
            holder=holder,
            unit_id=unit.pk if unit is not None else (holder.unit_id if holder else None),
            key=key,
            pin=pin,
            storage=storage,
            locator=locator,
        )
        record_audit(
            actor,
            "signing.certificate_issued",
            row,
            data={"role": str(role), "storage": str(storage), "fingerprint": row.fingerprint},
        )
    return row


def _fit(text: str, limit: int = 64) -> str:
    """Cut a name to ``limit`` UTF-8 bytes at a word (the 64 of RFC 5280's ub-common-name,
    counted in bytes as cryptography does: a Vietnamese letter takes two or three)."""
    if len(text.encode()) <= limit:
        return text
    words = text.split(" ")
    while words and len((" ".join(words) + "…").encode()) > limit:
        words.pop()
    cut = " ".join(words) or text.encode()[: limit - 3].decode(errors="ignore")
    return f"{cut}…"


def _subject_for(holder: User | None, unit: Any) -> Subject:
    if holder is None:
        # An organisation seal names the unit itself (eIDAS-style legal-person certificate).
        return Subject(
            common_name=_fit(unit.name_vi),
            organization="Bộ Ngoại giao",
            locality=_fit(unit.city, 128),
            serial_number=f"UNIT:{unit.code}",
        )
    unit = holder.unit
    return Subject(
        common_name=_fit(holder.full_name or holder.username),
        organization="Bộ Ngoại giao",
        organizational_unit=_fit(unit.name_vi) if unit is not None else "",
        email=holder.email,
        serial_number=f"STAFF:{holder.username}",
    )


def revoke_certificate(actor: User | None, certificate: Certificate, reason: str) -> Certificate:
    """Revoke ``certificate``: OCSP and the next CRL say so from now on.

    Administrators, or the holder of a personal certificate (e.g. on losing the token).
    Refuses the root (remove trust instead) and an already revoked certificate.
    """
    is_holder = actor is not None and certificate.holder_id == actor.pk
    if not is_holder:
        _require_admin(actor)
    if reason not in RevocationReason.values:
        raise ValueError(f"unknown revocation reason {reason!r}")
    if certificate.role == CertificateRole.ROOT_CA:
        raise ValueError("a root is not revoked; it stops being trusted")
    with transaction.atomic():
        row = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if row.status == CertificateStatus.REVOKED:
            raise ValueError("the certificate is already revoked")
        row.status = CertificateStatus.REVOKED
        row.revoked_at = timezone.now()
        row.revocation_reason = reason
        row.save(update_fields=["status", "revoked_at", "revocation_reason"])
        record_audit(actor, "signing.certificate_revoked", row, data={"reason": reason})
    return row


def import_trust_anchor(actor: User | None, data: bytes) -> Certificate:
    """Trust a CA certificate (PEM or DER), e.g. the national root; idempotent.

    Administrators only; refuses anything that is not a CA certificate.
    """
    _require_admin(actor)
    try:
        cert = (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data
            else x509.load_der_x509_certificate(data)
        )
    except ValueError as exc:
        raise ValueError("not an X.509 certificate") from exc
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise ValueError("only CA certificates can be trust anchors")
    with transaction.atomic():
        row = Certificate.objects.filter(fingerprint=fingerprint(cert)).first()
        if row is None:
            row = _save(
                cert, role=CertificateRole.TRUST_ANCHOR, issuer=None, internal=False, trusted=True
            )
        elif not row.trusted:
            row.trusted = True
            row.save(update_fields=["trusted"])
        record_audit(
            actor, "signing.trust_anchor_added", row, data={"fingerprint": row.fingerprint}
        )
    return row


DEMO_SIGNER_ROLES = (
    Role.LEADER,
    Role.UNIT_HEAD,
    Role.CLERK,
    Role.CONSULAR_OFFICER,
    Role.SPECIALIST,
)


def issue_demo_certificates(pin: str) -> list[Certificate]:
    """Key files for the demo: a personal certificate for each active signer, and a seal for
    the ministry and each mission (usable by that unit's clerks). Skips what already exists.

    DEMO ONLY: every key is sealed with the same published PIN (``constants.DEMO_PIN``).
    Keys are ECDSA P-256: a demo ministry has some 150 signers and RSA key generation would
    add half a minute to the first ``chancery run``.
    """
    # Units are reached through the app registry: signing may not import core's models.
    unit_model = apps.get_model("core", "Unit")
    issued: list[Certificate] = []
    has_cert = set(
        Certificate.objects.usable_for_signing()
        .filter(role=CertificateRole.PERSON)
        .values_list("holder_id", flat=True)
    )
    signers = (
        User.objects.filter(
            is_active=True, roles__overlap=[role.value for role in DEMO_SIGNER_ROLES]
        )
        .exclude(pk__in=has_cert)
        .select_related("unit")
        .order_by("username")
    )
    for user in signers:
        issued.append(issue_certificate(None, role=CertificateRole.PERSON, pin=pin, holder=user))
    sealed = set(
        Certificate.objects.usable_for_signing()
        .filter(role=CertificateRole.SEAL)
        .values_list("unit_id", flat=True)
    )
    kinds = [UnitKind.MINISTRY.value, *(kind.value for kind in MISSION_KINDS)]
    for unit in (
        unit_model.objects.filter(active=True, kind__in=kinds)
        .exclude(pk__in=sealed)
        .order_by("code")
    ):
        issued.append(
            issue_certificate(None, role=CertificateRole.SEAL, pin=pin, unit=unit, algorithm="p256")
        )
    return issued
