"""Idle and absolute session timeouts, session key rotation, POST-only sign-out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.models import AuditEntry, User
from chancery.core.tests import identity_helpers
from chancery.core.tests.identity_helpers import (
    enrol_totp,
    password_step,
    sign_in,
    staff,
)

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def short_sessions(settings: Any) -> None:
    settings.CHANCERY_SESSION_IDLE_SECONDS = 600
    settings.SESSION_COOKIE_AGE = 3600


def _signed_in(client: Client) -> User:
    user = staff(language="en")
    secret = enrol_totp(user)
    sign_in(client, user, secret)
    return user


@pytest.mark.usefixtures("short_sessions")
def test_idle_session_ends_with_a_message_on_the_sign_in_page(client: Client) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        user = _signed_in(client)
        traveller.shift(timedelta(seconds=599))
        assert client.get(reverse("core:home")).status_code == 200
        traveller.shift(timedelta(seconds=601))
        response = client.get(reverse("core:home"), follow=True)
    assert response.redirect_chain[0][0] == reverse("core:login")
    assert b"signed out after a period of inactivity" in response.content
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="auth.session.ended")
    assert entry.actor_id == user.pk
    assert entry.data == {"reason": "idle"}


@pytest.mark.usefixtures("short_sessions")
def test_activity_keeps_the_session_alive_until_the_absolute_limit(client: Client) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _signed_in(client)
        for _ in range(6):  # 6 × 9 minutes = 54 minutes, always active
            traveller.shift(timedelta(minutes=9))
            assert client.get(reverse("core:home")).status_code == 200
        traveller.shift(timedelta(minutes=7))  # 61 minutes after sign-in
        response = client.get(reverse("core:home"), follow=True)
    assert b"maximum length" in response.content
    assert "_auth_user_id" not in client.session


def test_session_key_changes_again_when_sign_in_completes(client: Client) -> None:
    user = staff()
    secret = enrol_totp(user)
    password_step(client, user.username)
    pending_key = client.session.session_key
    from chancery.core.tests.identity_helpers import code

    client.post(reverse("core:login_totp"), {"code": code(secret)})
    assert client.session.session_key != pending_key


def test_sign_out_is_post_only_and_audited(client: Client) -> None:
    user = _signed_in(client)
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.get(reverse("core:home")).status_code == 200
    response = client.post(reverse("core:logout"), follow=True)
    assert b"You have signed out" in response.content
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEntry.objects.filter(action="auth.logout", actor=user).exists()


def test_signing_in_sets_the_preferred_language(client: Client) -> None:
    user = staff(language="fr")
    secret = enrol_totp(user)
    sign_in(client, user, secret)
    assert client.cookies["django_language"].value == "fr"
    assert client.get(reverse("core:profile"))["Content-Language"] == "fr"
