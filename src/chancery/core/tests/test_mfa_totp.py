"""TOTP: enrolment on first sign-in, codes at sign-in, replay, recovery codes, reset."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core import sealing
from chancery.core.actions import mfa
from chancery.core.models import AuditEntry, LoginLock, RecoveryCode, TotpDevice, User
from chancery.core.tests import identity_helpers
from chancery.core.tests.identity_helpers import (
    code,
    enrol_totp,
    password_step,
    sign_in,
    staff,
)

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _enrol_through_pages(client: Client, user: User) -> tuple[str, list[str]]:
    password_step(client, user.username)
    page = client.get(reverse("core:login_enrol_totp"))
    secret = page.context["secret"].replace(" ", "")
    response = client.post(reverse("core:login_enrol_totp"), {"code": code(secret)})
    return secret, list(response.context["codes"])


def test_first_sign_in_shows_a_qr_code_and_the_typed_secret(client: Client) -> None:
    user = staff()
    password_step(client, user.username)
    page = client.get(reverse("core:login_enrol_totp"))
    html = page.content.decode()
    assert "<svg" in html
    assert 'aria-labelledby="totp-qr-label"' in html
    assert page.context["secret"] in html
    assert 'autocomplete="one-time-code"' in html


def test_enrolment_with_a_right_code_shows_ten_recovery_codes_once(client: Client) -> None:
    user = staff()
    _secret, codes = _enrol_through_pages(client, user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert TotpDevice.objects.get(user=user).confirmed_at is not None
    stored = list(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert not set(codes) & set(stored)
    assert AuditEntry.objects.filter(action="auth.mfa.totp_enrolled", actor=user).exists()
    response = client.post(reverse("core:login_continue"))
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200


def test_enrolment_refuses_a_wrong_code_and_stays_unenrolled(client: Client) -> None:
    user = staff()
    password_step(client, user.username)
    client.get(reverse("core:login_enrol_totp"))
    response = client.post(reverse("core:login_enrol_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert b"not valid" in response.content
    assert not mfa.has_totp(user)
    assert client.get(reverse("core:home"))["Location"] == reverse("core:login_enrol_totp")


def test_secret_is_sealed_at_rest_and_bound_to_its_owner() -> None:
    user, other = staff(), staff()
    secret = enrol_totp(user)
    sealed = bytes(TotpDevice.objects.get(user=user).sealed_secret)
    assert secret.encode() not in sealed
    with pytest.raises(Exception):  # noqa: B017, PT011 - AES-GCM refuses another context
        sealing.unseal(sealed, f"totp:{other.pk}")


def test_sign_in_with_a_current_code(client: Client) -> None:
    user = staff()
    secret = enrol_totp(user)
    sign_in(client, user, secret)
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.login.succeeded", actor=user).exists()


def test_a_used_code_is_refused_the_second_time() -> None:
    user = staff()
    secret = enrol_totp(user)
    now_code = code(secret)
    assert mfa.verify_totp(user, now_code)
    assert not mfa.verify_totp(user, now_code)


def test_replayed_code_is_refused_at_sign_in(client: Client) -> None:
    user = staff()
    secret = enrol_totp(user)
    sign_in(client, user, secret)
    other = Client()
    password_step(other, user.username)
    response = other.post(reverse("core:login_totp"), {"code": code(secret)})
    assert response.status_code == 200
    assert b"not valid" in response.content


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, True), (-2, False), (2, False)])
def test_codes_one_step_away_are_accepted_two_steps_refused(offset: int, accepted: bool) -> None:
    user = staff()
    secret = enrol_totp(user)
    # The helper spent the previous step at enrolment, so "-1" must be tried on a fresh device.
    TotpDevice.objects.filter(user=user).update(last_used_step=0)
    assert mfa.verify_totp(user, code(secret, offset)) is accepted


def test_recovery_code_replaces_the_app_once(client: Client) -> None:
    user = staff()
    _secret, codes = _enrol_through_pages(client, user)
    client.post(reverse("core:logout"))
    password_step(client, user.username)
    assert client.post(reverse("core:login_totp"), {"code": codes[0].upper()}).status_code == 302
    client.post(reverse("core:logout"))
    password_step(client, user.username)
    assert client.post(reverse("core:login_totp"), {"code": codes[0]}).status_code == 200
    assert AuditEntry.objects.filter(action="auth.mfa.recovery_code_used").count() == 1


def test_five_wrong_codes_lock_the_account_and_end_the_sign_in(client: Client) -> None:
    user = staff()
    enrol_totp(user)
    password_step(client, user.username)
    for _ in range(5):
        response = client.post(reverse("core:login_totp"), {"code": "123456"})
    assert response["Location"] == reverse("core:login")
    assert LoginLock.objects.filter(username=user.username).exists()
    assert password_step(client, user.username).status_code == 200


def test_regenerating_recovery_codes_needs_a_fresh_code(client: Client) -> None:
    user = staff()
    secret = enrol_totp(user)
    old = mfa.regenerate_recovery_codes(user, code(secret))
    assert old is not None
    client.force_login(user)
    refused = client.post(reverse("core:mfa_recovery_codes"), {"code": "000000"})
    assert refused.status_code == 200
    assert b"not valid" in refused.content
    response = client.post(reverse("core:mfa_recovery_codes"), {"code": code(secret, 1)})
    new = list(response.context["codes"])
    assert len(new) == 10
    assert not mfa.use_recovery_code(user, old[0])
    assert mfa.use_recovery_code(user, new[0])


def test_moving_to_a_new_app_needs_both_codes(client: Client) -> None:
    user = staff()
    old_secret = enrol_totp(user)
    client.force_login(user)
    page = client.get(reverse("core:mfa_totp_reset"))
    new_secret = page.context["secret"].replace(" ", "")
    assert new_secret != old_secret
    refused = client.post(
        reverse("core:mfa_totp_reset"), {"current_code": "000000", "new_code": code(new_secret)}
    )
    assert b"Nothing was changed" in refused.content
    response = client.post(
        reverse("core:mfa_totp_reset"),
        {"current_code": code(old_secret), "new_code": code(new_secret)},
    )
    assert len(response.context["codes"]) == 10
    assert TotpDevice.objects.filter(user=user).count() == 1
    assert mfa.device_secret(TotpDevice.objects.get(user=user)) == new_secret
    assert AuditEntry.objects.filter(action="auth.mfa.totp_reset", actor=user).exists()


def test_admin_reset_clears_every_factor_and_forces_enrolment(client: Client) -> None:
    from django.core.exceptions import PermissionDenied

    admin, user = staff(admin=True), staff()
    enrol_totp(user)
    with pytest.raises(PermissionDenied):
        mfa.reset_mfa(staff(), user)
    mfa.reset_mfa(admin, user)
    assert not mfa.has_totp(user)
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="auth.mfa.reset", actor=admin).exists()
    assert password_step(client, user.username)["Location"] == reverse("core:login_enrol_totp")
