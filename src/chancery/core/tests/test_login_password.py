"""The password step: success, every refusal, lockout and throttling without enumeration."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.models import AuditEntry, LoginLock
from chancery.core.tests import identity_helpers
from chancery.core.tests.factories import TEST_PASSWORD
from chancery.core.tests.identity_helpers import (
    enrol_totp,
    password_step,
    staff,
    staff_batch,
)

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# CSRF tokens are masked per response (64 characters); nothing else may differ.
_CSRF = re.compile(rb"\b[A-Za-z0-9]{64}\b")
# Headers that differ between any two responses: the time and the request's own id.
_PER_REQUEST = {"set-cookie", "expires", "x-request-id"}


def _comparable(response: object) -> tuple[int, bytes, dict[str, str]]:
    headers = {
        k: v
        for k, v in response.headers.items()  # type: ignore[attr-defined]
        if k.lower() not in _PER_REQUEST
    }
    body = _CSRF.sub(b"csrf", response.content)  # type: ignore[attr-defined]
    return response.status_code, body, headers  # type: ignore[attr-defined]


def test_right_password_leads_to_the_second_factor_not_into_the_workspace(client: Client) -> None:
    user = staff()
    enrol_totp(user)
    response = password_step(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:login_totp")
    assert client.get(reverse("core:home"))["Location"] == reverse("core:login_totp")
    assert "_auth_user_id" not in client.session


def test_user_without_an_app_is_sent_to_enrolment(client: Client) -> None:
    user = staff()
    response = password_step(client, user.username)
    assert response["Location"] == reverse("core:login_enrol_totp")


def test_session_key_changes_when_the_password_is_accepted(client: Client) -> None:
    user = staff()
    client.get(reverse("core:login"))
    client.session.save()
    before = client.session.session_key
    password_step(client, user.username)
    assert client.session.session_key != before


@pytest.mark.parametrize(
    ("username", "password"),
    [("nobody", TEST_PASSWORD), ("KNOWN", "wrong password 123"), ("KNOWN", "")],
)
def test_wrong_credentials_are_refused_with_one_generic_message(
    client: Client, username: str, password: str
) -> None:
    user = staff()
    name = user.username if username == "KNOWN" else username
    response = password_step(client, name, password)
    assert response.status_code == 200
    if password:
        assert b"Sign-in failed" in response.content
    assert "chancery.signin" not in client.session


def test_inactive_account_is_refused_like_a_wrong_password(client: Client) -> None:
    user = staff(is_active=False)
    response = password_step(client, user.username)
    assert response.status_code == 200
    assert b"Sign-in failed" in response.content


def test_five_failures_lock_the_account_even_for_the_right_password(client: Client) -> None:
    user = staff()
    for _ in range(5):
        password_step(client, user.username, "not the password!!")
    assert LoginLock.objects.filter(username=user.username.casefold()).exists()
    response = password_step(client, user.username)
    assert response.status_code == 200
    assert b"Sign-in failed" in response.content
    assert AuditEntry.objects.filter(action="auth.login.locked", actor=user).count() == 1


def test_four_failures_do_not_lock(client: Client) -> None:
    user = staff()
    for _ in range(4):
        password_step(client, user.username, "not the password!!")
    assert password_step(client, user.username).status_code == 302


def test_lock_lifts_after_fifteen_minutes(client: Client) -> None:
    user = staff()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            password_step(client, user.username, "not the password!!")
        traveller.shift(timedelta(minutes=14, seconds=59))
        assert password_step(client, user.username).status_code == 200
        traveller.shift(timedelta(seconds=2))
        assert password_step(client, user.username).status_code == 302


def test_failures_older_than_the_window_do_not_count(client: Client) -> None:
    user = staff()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            password_step(client, user.username, "not the password!!")
        traveller.shift(timedelta(minutes=16))
        password_step(client, user.username, "not the password!!")
        assert password_step(client, user.username).status_code == 302


def test_unknown_known_and_locked_accounts_answer_byte_for_byte_the_same(client: Client) -> None:
    # The same request, three states of the world: no account, an account, a locked account.
    unknown = _comparable(password_step(Client(), "ghost.user", "guess-password-1"))
    user = staff(username="ghost.user")
    known = _comparable(password_step(Client(), "ghost.user", "guess-password-1"))
    for _ in range(5):
        password_step(Client(), "ghost.user", "guess-password-1")
    locked_wrong = _comparable(password_step(Client(), "ghost.user", "guess-password-1"))
    assert unknown == known == locked_wrong
    assert user.check_password(TEST_PASSWORD)


def test_unknown_usernames_are_locked_too(client: Client) -> None:
    for _ in range(5):
        password_step(client, "no.such.person", "whatever-password")
    assert LoginLock.objects.filter(username="no.such.person").exists()


def test_lockout_ignores_username_case(client: Client) -> None:
    user = staff(username="mai.anh")
    for _ in range(5):
        password_step(client, "MAI.ANH", "not the password!!")
    assert password_step(client, user.username).status_code == 200


def test_one_address_is_throttled_after_fifty_failures(client: Client, settings: object) -> None:
    settings.CHANCERY_LOGIN_IP_MAX_FAILURES = 6  # type: ignore[attr-defined]
    victims = staff_batch(2)
    for index in range(6):
        password_step(client, f"spray-{index}", "Password-2024!")
    # Each username failed once only, yet this address is now refused even the right password.
    assert password_step(client, victims[0].username).status_code == 200
    other_address = Client(REMOTE_ADDR="192.0.2.9")
    assert password_step(other_address, victims[1].username).status_code == 302


def test_every_failure_is_audited_with_the_typed_username(client: Client) -> None:
    user = staff()
    password_step(client, user.username, "not the password!!")
    password_step(client, "nobody", "not the password!!")
    failures = AuditEntry.objects.filter(action="auth.login.failed").order_by("seq")
    assert [entry.data["username"] for entry in failures] == [user.username, "nobody"]
    assert failures[0].actor_id == user.pk
    assert failures[1].actor_id is None


def test_next_is_kept_through_the_second_factor(client: Client) -> None:
    from chancery.core.tests.identity_helpers import code

    user = staff()
    secret = enrol_totp(user)
    client.post(
        reverse("core:login"),
        {"username": user.username, "password": TEST_PASSWORD, "next": "/account/"},
    )
    response = client.post(reverse("core:login_totp"), {"code": code(secret)})
    assert response["Location"] == "/account/"


def test_next_pointing_elsewhere_is_ignored(client: Client) -> None:
    from chancery.core.tests.identity_helpers import code

    user = staff()
    secret = enrol_totp(user)
    client.post(
        reverse("core:login"),
        {"username": user.username, "password": TEST_PASSWORD, "next": "https://evil.test/"},
    )
    response = client.post(reverse("core:login_totp"), {"code": code(secret)})
    assert response["Location"] == reverse("core:home")


def test_signed_in_user_visiting_the_login_page_goes_to_the_workspace(client: Client) -> None:
    client.force_login(staff())
    assert client.get(reverse("core:login"))["Location"] == reverse("core:home")


def test_login_form_is_accessible(client: Client) -> None:
    response = client.get(reverse("core:login"))
    html = response.content.decode()
    assert 'for="id_username"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    response = password_step(client, "", "")
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_username"' in html
    assert 'aria-describedby="id_username_error"' in html
    assert 'aria-invalid="true"' in html
