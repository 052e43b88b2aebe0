"""Security keys, verified for real with a software authenticator (P-256, "none" attestation)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse

from chancery.core.models import AuditEntry, User, WebAuthnCredential
from chancery.core.tests import identity_helpers
from chancery.core.tests.identity_helpers import (
    SoftAuthenticator,
    code,
    enrol_totp,
    password_step,
    staff,
)

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _cleared_signed_past_code(client: Client) -> User:
    user = staff(cleared=True)
    secret = enrol_totp(user)
    password_step(client, user.username)
    client.post(reverse("core:login_totp"), {"code": code(secret)})
    return user


def _register(client: Client, key: SoftAuthenticator, url_name: str, **kwargs: str) -> Any:
    page = client.get(reverse(url_name))
    options = page.context["webauthn_options"]
    return client.post(
        reverse(url_name), {"name": "Blue key", "credential": key.register(options, **kwargs)}
    )


def _assert(client: Client, key: SoftAuthenticator, **kwargs: Any) -> Any:
    page = client.get(reverse("core:login_webauthn"))
    options = page.context["webauthn_options"]
    assert options["allowCredentials"][0]["type"] == "public-key"
    return client.post(
        reverse("core:login_webauthn"), {"credential": key.assertion(options, **kwargs)}
    )


def _enrolled_cleared_user(client: Client) -> tuple[User, SoftAuthenticator]:
    user = _cleared_signed_past_code(client)
    key = SoftAuthenticator()
    assert _register(client, key, "core:login_enrol_webauthn")["Location"] == reverse("core:home")
    client.post(reverse("core:logout"))
    return user, key


def test_cleared_user_registers_a_key_and_is_signed_in(client: Client) -> None:
    user = _cleared_signed_past_code(client)
    key = SoftAuthenticator()
    page = client.get(reverse("core:login_enrol_webauthn"))
    assert b"core/webauthn.js" in page.content
    assert page.context["webauthn_options"]["rp"]["id"] == "chancery.test"
    response = _register(client, key, "core:login_enrol_webauthn")
    assert response["Location"] == reverse("core:home")
    stored = WebAuthnCredential.objects.get(user=user)
    assert bytes(stored.credential_id) == key.credential_id
    assert stored.transports == ["usb"]
    assert AuditEntry.objects.filter(action="auth.mfa.security_key_added").exists()
    assert client.get(reverse("core:home")).status_code == 200


def test_registration_from_another_origin_is_refused(client: Client) -> None:
    _cleared_signed_past_code(client)
    response = _register(
        client, SoftAuthenticator(), "core:login_enrol_webauthn", origin="https://evil.test"
    )
    assert response.status_code == 200
    assert b"could not be verified" in response.content
    assert not WebAuthnCredential.objects.exists()


def test_cleared_user_with_a_key_signs_in_with_it_and_no_code(client: Client) -> None:
    user, key = _enrolled_cleared_user(client)
    response = password_step(client, user.username)
    assert response["Location"] == reverse("core:login_webauthn")
    # The app code is no way around the key.
    assert client.get(reverse("core:login_totp"))["Location"] == reverse("core:login_webauthn")
    assert _assert(client, key)["Location"] == reverse("core:home")
    assert client.session["chancery.factors"] == ["webauthn"]
    assert WebAuthnCredential.objects.get().sign_count == key.sign_count


def test_bad_signature_is_refused(client: Client) -> None:
    user, key = _enrolled_cleared_user(client)
    password_step(client, user.username)
    forged = _assert(client, key, signing_key=ec.generate_private_key(ec.SECP256R1()))
    assert forged.status_code == 200
    assert b'id="error-summary"' in forged.content
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="auth.mfa.failed").exists()


def test_signature_counter_going_back_is_refused(client: Client) -> None:
    user, key = _enrolled_cleared_user(client)
    password_step(client, user.username)
    assert _assert(client, key, counter=5)["Location"] == reverse("core:home")
    client.post(reverse("core:logout"))
    password_step(client, user.username)
    cloned = _assert(client, key, counter=5)
    assert cloned.status_code == 200
    assert b'id="error-summary"' in cloned.content
    assert WebAuthnCredential.objects.get().sign_count == 5


def test_an_answer_is_accepted_once_per_challenge(client: Client) -> None:
    user, key = _enrolled_cleared_user(client)
    password_step(client, user.username)
    options = client.get(reverse("core:login_webauthn")).context["webauthn_options"]
    answer = key.assertion(options)
    url = reverse("core:login_webauthn")
    other = Client()
    password_step(other, user.username)
    # Another session never issued this challenge.
    assert other.post(url, {"credential": answer}).status_code == 200
    assert client.post(url, {"credential": answer})["Location"] == reverse("core:home")


def test_garbage_answer_is_refused_without_error(client: Client) -> None:
    user, _key = _enrolled_cleared_user(client)
    password_step(client, user.username)
    client.get(reverse("core:login_webauthn"))
    for junk in ["", "not json", json.dumps({"rawId": "!!"}), json.dumps([1])]:
        assert client.post(reverse("core:login_webauthn"), {"credential": junk}).status_code == 200


def test_any_staff_member_may_add_a_key_in_settings_and_remove_it(client: Client) -> None:
    user = staff()
    client.force_login(user)
    response = _register(client, SoftAuthenticator(), "core:mfa_key_add")
    assert response["Location"] == reverse("core:mfa")
    stored = WebAuthnCredential.objects.get(user=user)
    client.post(reverse("core:mfa_key_remove", args=[stored.pk]))
    assert not WebAuthnCredential.objects.exists()


def test_cleared_user_cannot_remove_the_last_key(client: Client) -> None:
    user = staff(cleared=True)
    client.force_login(user)
    _register(client, SoftAuthenticator(), "core:mfa_key_add")
    stored = WebAuthnCredential.objects.get(user=user)
    response = client.post(reverse("core:mfa_key_remove", args=[stored.pk]), follow=True)
    assert b"at least one security key" in response.content
    assert WebAuthnCredential.objects.filter(pk=stored.pk).exists()


def test_nobody_removes_someone_elses_key(client: Client) -> None:
    owner = staff()
    client.force_login(owner)
    _register(client, SoftAuthenticator(), "core:mfa_key_add")
    stored = WebAuthnCredential.objects.get()
    intruder = Client()
    intruder.force_login(staff())
    assert intruder.post(reverse("core:mfa_key_remove", args=[stored.pk])).status_code == 404
    assert WebAuthnCredential.objects.filter(pk=stored.pk).exists()
