"""Unlocking key files for signing: who may, wrong PINs, lockout, and nothing secret leaking."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.apps import apps
from django.utils import timezone
from pyhanko.sign.signers import SimpleSigner

from chancery.core.service import Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.signing.actions.keys import change_pin, unlock_for_signing
from chancery.signing.actions.pki import InternalPki, issue_certificate, revoke_certificate
from chancery.signing.constants import CertificateRole
from chancery.signing.exceptions import (
    CertificateNotUsable,
    KeyLocked,
    NotAllowedToSign,
    WrongPin,
)
from chancery.signing.models import Certificate


def _holder(certificate: Certificate) -> Any:
    """The holder of a personal certificate (never None in these tests)."""
    return certificate.holder


def _unlock(actor: Any, certificate: Certificate, pin: str) -> None:
    with unlock_for_signing(actor, certificate, pin):
        pass


pytestmark = pytest.mark.django_db(transaction=True)

PIN = "482916"


@pytest.fixture
def holder_cert(internal_pki: InternalPki) -> Certificate:
    holder = UserFactory(roles=[Role.UNIT_HEAD.value])
    return issue_certificate(None, role=CertificateRole.PERSON, pin=PIN, holder=holder)


def _audit() -> Any:
    return apps.get_model("core", "AuditEntry").objects


def test_the_holder_unlocks_with_the_right_pin_and_the_signature_verifies(
    holder_cert: Certificate,
) -> None:
    cert = x509.load_pem_x509_certificate(holder_cert.pem.encode())
    with unlock_for_signing(_holder(holder_cert), holder_cert, PIN) as signer:
        signature = asyncio.run(signer.async_sign_raw(b"payload", "sha256"))
        assert signer.signing_cert is not None
        assert signer.signing_cert.dump() == cert.public_bytes(serialization.Encoding.DER)
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    public.verify(signature, b"payload", padding.PKCS1v15(), hashes.SHA256())


def test_a_wrong_pin_is_counted_and_says_how_many_tries_are_left(holder_cert: Certificate) -> None:
    with pytest.raises(WrongPin) as wrong:
        _unlock(_holder(holder_cert), holder_cert, "000000")
    assert wrong.value.remaining == 4
    holder_cert.refresh_from_db()
    assert holder_cert.pin_failures == 1
    assert _audit().filter(action="signing.pin_failed", object_id=str(holder_cert.pk)).count() == 1
    # And the right PIN afterwards resets the count
    _unlock(_holder(holder_cert), holder_cert, PIN)
    holder_cert.refresh_from_db()
    assert holder_cert.pin_failures == 0


def test_five_wrong_pins_lock_the_key_until_the_lock_period_ends(
    holder_cert: Certificate, settings: Any
) -> None:
    settings.CHANCERY_SIGNING_PIN_MAX_FAILURES = 5
    settings.CHANCERY_SIGNING_PIN_LOCK_SECONDS = 900
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(5):
            with pytest.raises(WrongPin) as wrong:
                _unlock(_holder(holder_cert), holder_cert, f"11111{attempt}")
        assert wrong.value.remaining == 0
        # Then even the right PIN is refused while locked
        with pytest.raises(KeyLocked):
            _unlock(_holder(holder_cert), holder_cert, PIN)
        assert _audit().filter(action="signing.key_locked").count() == 1
    with (
        time_machine.travel(start + dt.timedelta(seconds=899), tick=False),
        pytest.raises(KeyLocked),
    ):
        _unlock(_holder(holder_cert), holder_cert, PIN)
    with (
        time_machine.travel(start + dt.timedelta(seconds=901), tick=False),
        unlock_for_signing(_holder(holder_cert), holder_cert, PIN) as signer,
    ):
        assert signer.signing_cert is not None
    holder_cert.refresh_from_db()
    assert holder_cert.locked_until is None
    assert holder_cert.pin_failures == 0


def test_someone_else_may_not_use_a_personal_key(holder_cert: Certificate) -> None:
    colleague = UserFactory(unit=_holder(holder_cert).unit, roles=[Role.CLERK.value])
    with pytest.raises(NotAllowedToSign), unlock_for_signing(colleague, holder_cert, PIN):
        pass
    holder_cert.refresh_from_db()
    assert holder_cert.pin_failures == 0


def test_clerks_of_the_unit_use_its_seal_and_others_do_not(internal_pki: InternalPki) -> None:
    unit = UnitFactory(mission=True)
    seal = issue_certificate(None, role=CertificateRole.SEAL, pin=PIN, unit=unit)
    clerk = UserFactory(unit=unit, roles=[Role.CLERK.value])
    with unlock_for_signing(clerk, seal, PIN) as signer:
        assert signer.signing_cert is not None
        assert signer.signing_cert.subject.native["common_name"] == unit.name_vi
    for outsider in (
        UserFactory(roles=[Role.CLERK.value]),  # a clerk of another unit
        UserFactory(unit=unit, roles=[Role.SPECIALIST.value]),  # same unit, not a clerk
    ):
        with pytest.raises(NotAllowedToSign), unlock_for_signing(outsider, seal, PIN):
            pass


def test_a_revoked_or_expired_certificate_cannot_sign(holder_cert: Certificate) -> None:
    with (
        time_machine.travel(timezone.now() + dt.timedelta(days=3 * 365), tick=False),
        pytest.raises(CertificateNotUsable),
    ):
        _unlock(_holder(holder_cert), holder_cert, PIN)
    revoke_certificate(_holder(holder_cert), holder_cert, "key_compromise")
    with pytest.raises(CertificateNotUsable):
        _unlock(_holder(holder_cert), holder_cert, PIN)


def test_change_pin_reseals_the_key_and_counts_a_wrong_old_pin(holder_cert: Certificate) -> None:
    with pytest.raises(WrongPin):
        change_pin(_holder(holder_cert), holder_cert, "999999", "135246")
    change_pin(_holder(holder_cert), holder_cert, PIN, "135246")
    _unlock(_holder(holder_cert), holder_cert, "135246")
    with pytest.raises(WrongPin), unlock_for_signing(_holder(holder_cert), holder_cert, PIN):
        pass


def test_no_pin_or_key_material_reaches_logs_or_audit(
    holder_cert: Certificate, caplog: pytest.LogCaptureFixture, pki_dir: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "731902"
    with pytest.raises(WrongPin), unlock_for_signing(_holder(holder_cert), holder_cert, wrong):
        pass
    with unlock_for_signing(_holder(holder_cert), holder_cert, PIN) as signer:
        assert isinstance(signer, SimpleSigner)
        key_der = signer.signing_key.dump()
    change_pin(_holder(holder_cert), holder_cert, PIN, "864213")
    logged = caplog.text
    audited = " ".join(
        f"{entry.action} {entry.data} {entry.object_label}" for entry in _audit().all()
    )
    for secret in (PIN, wrong, "864213", key_der.hex(), key_der[:32].hex()):
        assert secret not in logged
        assert secret not in audited
    # And the key file on disk holds no clear key either
    sealed = (pki_dir / holder_cert.key_locator).read_bytes()
    assert key_der[-64:] not in sealed
