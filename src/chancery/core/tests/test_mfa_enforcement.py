"""No staff page is reachable before the whole sign-in, MFA included, is done."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.tests import identity_helpers
from chancery.core.tests.identity_helpers import (
    code,
    enrol_totp,
    password_step,
    staff,
)
from chancery.testing.auth import unverified_login

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

STAFF_PAGES = ["core:home", "core:profile", "core:mfa", "core:password", "core:delegations"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client: Client, name: str) -> None:
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:login')}?next={url}"


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_password_alone_reaches_no_staff_page(client: Client, name: str) -> None:
    user = staff()
    enrol_totp(user)
    password_step(client, user.username)
    assert client.get(reverse(name))["Location"] == reverse("core:login_totp")


def test_admin_pages_need_the_same_sign_in(client: Client) -> None:
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("core:login"))


def test_session_authenticated_without_mfa_is_signed_out(client: Client) -> None:
    user = staff()
    unverified_login(client, user)
    response = client.get(reverse("core:home"))
    assert response["Location"].startswith(reverse("core:login"))
    assert "_auth_user_id" not in client.session


def test_unenrolled_user_cannot_skip_enrolment(client: Client) -> None:
    user = staff()
    password_step(client, user.username)
    assert client.get(reverse("core:home"))["Location"] == reverse("core:login_enrol_totp")
    # Jumping to the code step does not help either.
    assert client.get(reverse("core:login_totp"))["Location"] == reverse("core:login_enrol_totp")
    assert client.post(reverse("core:login_continue"))["Location"] == reverse(
        "core:login_enrol_totp"
    )


def test_cleared_user_must_register_a_key_after_the_code(client: Client) -> None:
    user = staff(cleared=True)
    secret = enrol_totp(user)
    password_step(client, user.username)
    response = client.post(reverse("core:login_totp"), {"code": code(secret)})
    assert response["Location"] == reverse("core:login_enrol_webauthn")
    assert client.get(reverse("core:home"))["Location"] == reverse("core:login_enrol_webauthn")
    assert client.post(reverse("core:login_continue"))["Location"] == reverse(
        "core:login_enrol_webauthn"
    )
    assert "_auth_user_id" not in client.session


def test_public_paths_stay_open(client: Client) -> None:
    assert client.post("/i18n/setlang/", {"language": "fr"}).status_code == 302
    assert client.post("/i18n/setlang/", {"language": "fr"})["Location"] != reverse("core:login")
    api = client.get("/api/v1/does-not-exist")
    assert not api.has_header("Location")
    assert client.get(reverse("core:login")).status_code == 200


def test_htmx_requests_are_told_to_redirect(client: Client) -> None:
    response = client.get(reverse("core:home"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("core:login")


def test_abandoned_sign_in_expires(client: Client) -> None:
    import time_machine
    from django.utils import timezone

    user = staff()
    secret = enrol_totp(user)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        password_step(client, user.username)
        traveller.shift(11 * 60)
        response = client.post(reverse("core:login_totp"), {"code": code(secret)})
    assert response["Location"] == reverse("core:login")
