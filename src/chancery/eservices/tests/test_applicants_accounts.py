"""Applicant accounts: sign-up with a confirmed address, sign-in with lockout, password reset,
profile; nothing tells a visitor whether an address has an account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from chancery.eservices.applicants import actions, tokens
from chancery.eservices.applicants.session import SESSION_KEY
from chancery.eservices.exceptions import InvalidSubmission
from chancery.eservices.models import Applicant, ApplicantToken, Notice
from chancery.eservices.tests.factories import APPLICANT_PASSWORD, ApplicantFactory
from chancery.eservices.tests.factories_applicants import last_notice, link_in

pytestmark = pytest.mark.django_db

SIGNUP = {
    "full_name": "Lê Thị Hoa",
    "email": "Hoa.Le@Example.test",
    "password": APPLICANT_PASSWORD,
    "kind": "citizen",
    "language": "vi",
    "organisation": "",
    "tax_code": "",
    "phone": "",
}


@pytest.fixture
def client() -> Client:
    """A visitor whose browser asks for English pages."""
    return Client(headers={"Accept-Language": "en"})


def _page(response: object, *emails: str) -> str:
    """The page as a visitor sees it, without the per-response CSRF token and the address."""
    text = re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())  # type: ignore[attr-defined]
    for email in emails:
        text = text.replace(email, "X")
    return text


def _signed_in(client: Client) -> int | None:
    return client.session.get(SESSION_KEY)


def test_signing_up_creates_an_unconfirmed_account_and_the_mailed_link_confirms_it(
    client: Client,
) -> None:
    response = client.post(reverse("services:signup"), SIGNUP)

    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    applicant = Applicant.objects.get(email="hoa.le@example.test")
    assert not applicant.is_verified
    notice = last_notice(applicant, "verify_email")
    assert notice.language == "vi"
    link = link_in(notice)
    # Mail scanners open links: the GET asks for a click and confirms nothing.
    assert client.get(link).status_code == 200
    applicant.refresh_from_db()
    assert not applicant.is_verified
    response = client.post(link)
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.is_verified
    assert client.post(link).status_code == 400  # the link works once


def test_signing_up_with_a_known_address_mails_its_owner_and_shows_the_same_page(
    client: Client,
) -> None:
    owner = ApplicantFactory(email="hoa.le@example.test")
    fresh = client.post(reverse("services:signup"), {**SIGNUP, "email": "new@example.test"})

    again = client.post(reverse("services:signup"), SIGNUP)  # other case, same address

    assert again.status_code == fresh.status_code == 200
    assert _page(again, SIGNUP["email"]) == _page(fresh, "new@example.test")
    assert Applicant.objects.filter(email__iexact="hoa.le@example.test").count() == 1
    assert last_notice(owner, "already_registered") is not None
    assert not Notice.objects.filter(applicant=owner, kind="verify_email").exists()


def test_a_weak_password_is_refused_next_to_its_field_and_nothing_is_stored(
    client: Client,
) -> None:
    response = client.post(reverse("services:signup"), {**SIGNUP, "password": "short"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_password"' in page
    assert "at least 12 characters" in page
    assert not Applicant.objects.exists()
    assert not Notice.objects.exists()


def test_a_business_must_name_its_organisation() -> None:
    with pytest.raises(InvalidSubmission) as refused:
        actions.register_applicant(**{**SIGNUP, "kind": "business"})
    assert "organisation" in refused.value.errors


def test_signing_in_follows_a_same_site_next_and_ignores_another_site(client: Client) -> None:
    applicant = ApplicantFactory(email="an@example.test")
    signin = reverse("services:signin")

    response = client.post(
        signin,
        {"email": "AN@example.test", "password": APPLICANT_PASSWORD, "next": "/services/track/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/services/track/"
    assert _signed_in(client) == applicant.pk

    other = Client(headers={"Accept-Language": "en"})
    for hostile in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = other.post(
            signin, {"email": "an@example.test", "password": APPLICANT_PASSWORD, "next": hostile}
        )
        assert response["Location"] == reverse("services:my_dossiers")


def test_an_unconfirmed_address_is_refused_with_a_way_to_get_a_new_link(client: Client) -> None:
    applicant = ApplicantFactory(email="new@example.test", email_verified_at=None)

    response = client.post(
        reverse("services:signin"), {"email": "new@example.test", "password": APPLICANT_PASSWORD}
    )

    assert response.status_code == 400
    assert "Confirm your e-mail address first" in response.content.decode()
    assert "Send me a new confirmation link" in response.content.decode()
    assert _signed_in(client) is None
    client.post(reverse("services:resend_verification"), {"email": "new@example.test"})
    assert last_notice(applicant, "verify_email") is not None


@override_settings(CHANCERY_APPLICANT_MAX_FAILURES=3, CHANCERY_APPLICANT_LOCK_SECONDS=900)
def test_repeated_failures_lock_the_address_and_an_unknown_address_looks_the_same(
    client: Client,
) -> None:
    ApplicantFactory(email="an@example.test")
    signin = reverse("services:signin")
    pages = {}
    for email in ("an@example.test", "nobody@example.test"):
        for _attempt in range(3):
            client.post(signin, {"email": email, "password": "wrong password 123"})
        # Locked now: even the right password is refused, with the same words as a wrong one.
        response = client.post(signin, {"email": email, "password": APPLICANT_PASSWORD})
        assert response.status_code == 400
        assert _signed_in(client) is None
        pages[email] = _page(response, email)
    assert pages["an@example.test"] == pages["nobody@example.test"]
    assert Applicant.objects.get(email="an@example.test").locked_until is not None

    later = timezone.now() + timedelta(seconds=901)
    import time_machine

    with time_machine.travel(later, tick=False):
        response = client.post(signin, {"email": "an@example.test", "password": APPLICANT_PASSWORD})
    assert response.status_code == 302


def test_resetting_the_password_through_the_mailed_link(client: Client) -> None:
    applicant = ApplicantFactory(email="an@example.test")

    response = client.post(reverse("services:password_reset"), {"email": "AN@example.test"})
    assert response.status_code == 200
    link = link_in(last_notice(applicant, "password_reset"))

    weak = client.post(link, {"password": "an@example.test"})
    assert weak.status_code == 400  # refused; the link stays usable
    response = client.post(link, {"password": "a brand new passphrase 77"})
    assert response.status_code == 302
    assert client.post(link, {"password": "another new passphrase 88"}).status_code == 400

    with pytest.raises(actions.SigninRefused):
        actions.authenticate("an@example.test", APPLICANT_PASSWORD)
    assert actions.authenticate("an@example.test", "a brand new passphrase 77") == applicant


def test_a_reset_for_an_unknown_address_sends_nothing_and_shows_the_same_page(
    client: Client,
) -> None:
    ApplicantFactory(email="an@example.test")
    known = client.post(reverse("services:password_reset"), {"email": "an@example.test"})
    unknown = client.post(reverse("services:password_reset"), {"email": "zz@example.test"})

    assert _page(known, "an@example.test") == _page(unknown, "zz@example.test")
    assert not Notice.objects.filter(recipient="zz@example.test").exists()


def test_the_account_page_saves_details_and_refuses_sms_without_a_phone(client: Client) -> None:
    applicant = ApplicantFactory(email="an@example.test")
    client.post(
        reverse("services:signin"), {"email": applicant.email, "password": APPLICANT_PASSWORD}
    )
    account = reverse("services:account")
    form = {"full_name": "Trần An", "phone": "", "language": "fr", "sms_opt_in": "on"}

    refused = client.post(account, form)
    assert refused.status_code == 400
    assert "Enter a mobile number" in refused.content.decode()

    assert client.post(account, {**form, "phone": "0901234567"}).status_code == 302
    applicant.refresh_from_db()
    assert (applicant.full_name, applicant.language, applicant.sms_opt_in) == (
        "Trần An",
        "fr",
        True,
    )


def test_account_and_signout_need_a_signed_in_applicant(client: Client) -> None:
    response = client.get(reverse("services:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("services:signin"))
    assert client.get(reverse("services:signout")).status_code == 405


@override_settings(CHANCERY_APPLICANT_ACTIONS_PER_HOUR=2)
def test_sign_ups_and_resets_from_one_address_are_rate_limited(client: Client) -> None:
    for _ in range(2):
        assert (
            client.post(reverse("services:password_reset"), {"email": "a@example.test"}).status_code
            == 200
        )
    response = client.post(reverse("services:password_reset"), {"email": "a@example.test"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_a_token_is_stored_as_its_digest_and_serves_one_purpose_once() -> None:
    applicant = ApplicantFactory()
    raw = tokens.issue(applicant, ApplicantToken.Purpose.RESUME, ttl=timedelta(hours=1))

    assert not ApplicantToken.objects.filter(digest=raw).exists()
    with pytest.raises(tokens.InvalidToken):
        tokens.consume(raw, ApplicantToken.Purpose.RESET)
    assert tokens.consume(raw, ApplicantToken.Purpose.RESUME).applicant == applicant
    with pytest.raises(tokens.InvalidToken):
        tokens.consume(raw, ApplicantToken.Purpose.RESUME)

    expired = tokens.issue(applicant, "resume", ttl=timedelta(seconds=-1))
    with pytest.raises(tokens.InvalidToken) as refused:
        tokens.consume(expired, "resume")
    assert "Ask for a new one" in str(refused.value.message)


def test_signing_in_stays_within_a_query_budget(
    client: Client, django_assert_max_num_queries: object
) -> None:
    applicant = ApplicantFactory(email="an@example.test")
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        response = client.post(
            reverse("services:signin"), {"email": applicant.email, "password": APPLICANT_PASSWORD}
        )
    assert response.status_code == 302


def test_old_counters_are_pruned_and_locks_kept() -> None:
    from chancery.eservices.applicants import throttle
    from chancery.eservices.applicants.tasks import purge_signin_throttle
    from chancery.eservices.models import SigninThrottle

    throttle.register_failure("signin:old@example.test", limit=5, seconds=60)
    throttle.register_failure("signin:locked@example.test", limit=1, seconds=10 * 86400)
    SigninThrottle.objects.update(window_start=timezone.now() - timedelta(days=3))

    purge_signin_throttle(0)

    assert list(SigninThrottle.objects.values_list("key", flat=True)) == [
        "signin:locked@example.test"
    ]
