"""Password rules (OWASP ASVS 4.0 L2, V2.1) and the change-password page."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from chancery.core.models import AuditEntry, User
from chancery.core.tests import identity_helpers
from chancery.core.tests.factories import TEST_PASSWORD
from chancery.core.tests.identity_helpers import staff

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",  # exactly 12, lower case only: no composition rules
        "mật khẩu tiếng việt dài",  # Unicode
        "密码密码密码密码密码密码",  # 12 CJK characters
        "x7" * 32,  # 64 characters
        "a" * 127 + "b",  # 128 characters
    ],
)
def test_acceptable_passwords(password: str) -> None:
    password_validation.validate_password(password, User(username="someone"))


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short pass1", "password_too_short"),  # 11
        ("ab    cd    ef", "password_too_short"),  # 14 typed, 8 once spaces are combined
        ("q" * 129, "password_too_long"),
        ("password1234", "password_too_common"),
    ],
)
def test_refused_passwords(password: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, User(username="someone"))
    assert code in [error.code for error in refused.value.error_list]


def test_password_like_the_username_is_refused() -> None:
    with pytest.raises(ValidationError):
        password_validation.validate_password("nguyen.van.an", User(username="nguyen.van.an"))


def test_change_needs_the_current_password(client: Client) -> None:
    user = staff()
    client.force_login(user)
    response = client.post(
        reverse("core:password"),
        {
            "current_password": "not my password!",
            "new_password": "a fresh long passphrase",
            "confirm_password": "a fresh long passphrase",
        },
    )
    assert response.status_code == 200
    assert b'href="#id_current_password"' in response.content
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)


def test_change_refuses_a_mismatch_and_a_weak_password(client: Client) -> None:
    user = staff()
    client.force_login(user)
    mismatch = client.post(
        reverse("core:password"),
        {
            "current_password": TEST_PASSWORD,
            "new_password": "a fresh long passphrase",
            "confirm_password": "another long passphrase",
        },
    )
    assert b'href="#id_confirm_password"' in mismatch.content
    weak = client.post(
        reverse("core:password"),
        {"current_password": TEST_PASSWORD, "new_password": "short", "confirm_password": "short"},
    )
    assert b'href="#id_new_password"' in weak.content


def test_change_keeps_this_session_ends_others_and_is_audited(client: Client) -> None:
    user = staff()
    client.force_login(user)
    other = Client()
    other.force_login(user)
    response = client.post(
        reverse("core:password"),
        {
            "current_password": TEST_PASSWORD,
            "new_password": "a fresh long passphrase",
            "confirm_password": "a fresh long passphrase",
        },
    )
    assert response["Location"] == reverse("core:password")
    user.refresh_from_db()
    assert user.check_password("a fresh long passphrase")
    assert client.get(reverse("core:home")).status_code == 200
    assert other.get(reverse("core:home")).status_code == 302
    assert AuditEntry.objects.filter(action="auth.password_changed", actor=user).exists()


def test_profile_saves_name_and_switches_language(client: Client) -> None:
    user = staff()
    client.force_login(user)
    response = client.post(reverse("core:profile"), {"full_name": "Trần Thị B", "language": "fr"})
    assert response.cookies["django_language"].value == "fr"
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Trần Thị B", "fr")
    assert AuditEntry.objects.filter(action="account.profile_changed").exists()
