"""Unlocking a signing key for a person, with a lockout after repeated wrong PINs.

A wrong PIN is counted in its own committed transaction before the error propagates, so
the count survives the caller's failure. **Callers must not hold an outer transaction**
around ``unlock_for_signing`` or ``change_pin``: a rollback of that outer transaction would
erase the count and let someone guess PINs without limit. The PIN itself is never logged,
audited or stored; audit entries carry the count and the lock time only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pyhanko.sign.signers import Signer

from chancery.core.service import User, hold_audit_lock, record_audit
from chancery.signing.constants import CertificateStatus, KeyStorage
from chancery.signing.exceptions import (
    CertificateNotUsable,
    KeyLocked,
    NotAllowedToSign,
    WrongPin,
)
from chancery.signing.keys import key_file_path, unlocked_signer
from chancery.signing.models import Certificate
from chancery.signing.pki import keyfiles
from chancery.signing.queries.pki import may_sign_with


def _check_usable(actor: User, certificate: Certificate) -> Certificate:
    if not may_sign_with(actor, certificate):
        raise NotAllowedToSign()
    row = Certificate.objects.get(pk=certificate.pk)
    now = timezone.now()
    if row.status != CertificateStatus.VALID or not (row.not_before <= now < row.not_after):
        raise CertificateNotUsable()
    if row.is_locked():
        raise KeyLocked(row.locked_until)
    return row


def _count_wrong_pin(actor: User, certificate: Certificate) -> WrongPin:
    """Count one wrong PIN (committed now) and return the error to raise."""
    limit = int(settings.CHANCERY_SIGNING_PIN_MAX_FAILURES)
    with transaction.atomic():
        # The audit chain's lock before the key's row: a release that audited its signature
        # and then resets this key's count takes them in that order (core/audit.py).
        hold_audit_lock()
        row = Certificate.objects.select_for_update().get(pk=certificate.pk)
        row.pin_failures += 1
        fields = ["pin_failures"]
        record_audit(actor, "signing.pin_failed", row, data={"failures": row.pin_failures})
        if row.pin_failures >= limit:
            row.locked_until = timezone.now() + dt.timedelta(
                seconds=int(settings.CHANCERY_SIGNING_PIN_LOCK_SECONDS)
            )
            row.pin_failures = 0
            fields.append("locked_until")
            record_audit(
                actor,
                "signing.key_locked",
                row,
                data={"until": row.locked_until.isoformat()},
            )
        row.save(update_fields=fields)
    if row.locked_until is not None and row.locked_until > timezone.now():
        return WrongPin(remaining=0)
    return WrongPin(remaining=limit - row.pin_failures)


def _reset_failures(certificate: Certificate) -> None:
    Certificate.objects.filter(pk=certificate.pk).exclude(
        pin_failures=0, locked_until__isnull=True
    ).update(pin_failures=0, locked_until=None)


@contextmanager
def unlock_for_signing(actor: User, certificate: Certificate, pin: str) -> Iterator[Signer]:
    """A signer for ``certificate``'s key on behalf of ``actor``, for the ``with`` block.

    Refuses ``NotAllowedToSign`` (not the holder, nor a clerk of a seal's unit),
    ``CertificateNotUsable`` (revoked, expired, not yet valid), ``KeyLocked`` (too many wrong
    PINs lately), ``WrongPin`` (counted; the key locks after CHANCERY_SIGNING_PIN_MAX_FAILURES
    for CHANCERY_SIGNING_PIN_LOCK_SECONDS), ``KeyFileDamaged`` or ``TokenUnavailable``.
    Must not run inside an outer transaction (see the module docstring).
    """
    row = _check_usable(actor, certificate)
    with ExitStack() as stack:
        try:
            signer = stack.enter_context(unlocked_signer(row, pin))
        except WrongPin:
            raise _count_wrong_pin(actor, row) from None
        _reset_failures(row)
        yield signer


def change_pin(actor: User, certificate: Certificate, old_pin: str, new_pin: str) -> None:
    """Reseal a key file under a new PIN. The holder only (clerks use a seal, not own it).

    Refuses ``NotAllowedToSign`` for anyone else or a key not in a file here (a token's PIN
    is changed with the token's own tools), ``KeyLocked``, and ``WrongPin`` (counted).
    """
    if certificate.holder_id != actor.pk or certificate.key_storage != KeyStorage.FILE:
        raise NotAllowedToSign()
    if not new_pin or len(new_pin) < 6:
        raise ValueError("the new PIN needs at least 6 characters")
    row = _check_usable(actor, certificate)
    try:
        keyfiles.change_pin(key_file_path(row), old_pin, new_pin, fingerprint=row.fingerprint)
    except WrongPin:
        raise _count_wrong_pin(actor, row) from None
    _reset_failures(row)
    record_audit(actor, "signing.pin_changed", row)
