"""TOTP devices and recovery codes: enrolment, verification, reset. All audited.

A code is accepted once: the device remembers the last time step used, and a recovery code is
marked used, both under a row lock so two parallel requests cannot spend the same code.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from chancery.core import sealing, totp
from chancery.core.audit import record
from chancery.core.constants import Role
from chancery.core.models import RecoveryCode, TotpDevice, WebAuthnCredential

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
_RECOVERY_LENGTH = 10  # about 49 bits each


def _context(user: User) -> str:
    return f"totp:{user.pk}"


def device_secret(device: TotpDevice) -> str:
    return sealing.unseal(bytes(device.sealed_secret), _context(device.user)).decode()


def has_totp(user: User) -> bool:
    return user.totp_devices.filter(confirmed_at__isnull=False).exists()


def pending_device(user: User) -> TotpDevice:
    """The user's unconfirmed device, created with a fresh secret if there is none.

    Called by the enrolment pages (sign-in and settings); nothing is enrolled until
    :func:`confirm_totp` accepts a code from it.
    """
    device = user.totp_devices.filter(confirmed_at__isnull=True).first()
    if device is None:
        device = TotpDevice(user=user)
        device.sealed_secret = sealing.seal(totp.new_secret().encode(), _context(user))
        device.save()
    return device


def _new_recovery_codes(user: User) -> list[str]:
    user.recovery_codes.all().delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(code)) for code in codes
    )
    return codes


def _recovery_hash(code: str) -> str:
    return sealing.keyed_hash(totp.normalise_code(code).lower(), "recovery")


@transaction.atomic
def confirm_totp(user: User, code: str, request: HttpRequest | None = None) -> list[str] | None:
    """Confirm the pending device with a code from it; returns new recovery codes, or None.

    Called by the owner (at sign-in enrolment or from settings). Replaces any earlier device
    and recovery codes. Refuses (None) a wrong or expired code.
    """
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    )
    if device is None:
        return None
    step = totp.matching_step(device_secret(device), code)
    if step is None:
        return None
    replaced = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).delete()[0]
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    codes = _new_recovery_codes(user)
    action = "auth.mfa.totp_reset" if replaced else "auth.mfa.totp_enrolled"
    record(user, action, user, request=request)
    return codes


@transaction.atomic
def verify_totp(user: User, code: str) -> bool:
    """Whether ``code`` is a valid, unused code of the user's confirmed device; spends it."""
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return False
    step = totp.matching_step(device_secret(device), code)
    if step is None or step <= device.last_used_step:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    return True


@transaction.atomic
def use_recovery_code(user: User, code: str, request: HttpRequest | None = None) -> bool:
    """Spend one of the user's recovery codes in place of a TOTP code; False if not valid."""
    found = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_hash=_recovery_hash(code), used_at__isnull=True)
        .first()
    )
    if found is None:
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    left = user.recovery_codes.filter(used_at__isnull=True).count()
    record(user, "auth.mfa.recovery_code_used", user, data={"left": left}, request=request)
    return True


def verify_code_or_recovery(user: User, code: str, request: HttpRequest | None = None) -> bool:
    """A TOTP code or, failing that, a recovery code (both single-use)."""
    return verify_totp(user, code) or use_recovery_code(user, code, request)


def recovery_codes_left(user: User) -> int:
    return user.recovery_codes.filter(used_at__isnull=True).count()


@transaction.atomic
def regenerate_recovery_codes(
    user: User, code: str, request: HttpRequest | None = None
) -> list[str] | None:
    """New recovery codes for the owner, who proves possession with a fresh TOTP code.

    Refuses (None) a wrong, reused or missing code. The old codes stop working.
    """
    if not verify_totp(user, code):
        return None
    codes = _new_recovery_codes(user)
    record(user, "auth.mfa.recovery_codes_regenerated", user, request=request)
    return codes


@transaction.atomic
def reset_totp(
    user: User, current_code: str, new_code: str, request: HttpRequest | None = None
) -> list[str] | None:
    """Move the owner to a new authenticator app (the pending device).

    Requires a fresh code from the current app (or a recovery code) and a code from the new
    one; refuses (None) otherwise and then nothing changes.
    """
    if not verify_code_or_recovery(user, current_code, request):
        return None
    codes = confirm_totp(user, new_code, request)
    if codes is None:
        transaction.set_rollback(True)
    return codes


@transaction.atomic
def reset_mfa(actor: User, user: User, request: HttpRequest | None = None) -> None:
    """An administrator clears all of ``user``'s factors (lost phone and key).

    The user must enrol again at the next sign-in. Refused (PermissionDenied) for anyone who
    is not an administrator, and for administrators resetting themselves.
    """
    if not actor.has_role(Role.ADMIN) or actor.pk == user.pk:
        raise PermissionDenied
    removed = {
        "totp": TotpDevice.objects.filter(user=user).delete()[0],
        "recovery_codes": RecoveryCode.objects.filter(user=user).delete()[0],
        "security_keys": WebAuthnCredential.objects.filter(user=user).delete()[0],
    }
    record(actor, "auth.mfa.reset", user, data=removed, request=request)
