"""X's two-hour access tokens are renewed with the stored refresh token (OAuth 2.0, rotating
refresh tokens), before they expire and when X refuses one early; the pair is kept sealed;
``chancery portal-x-token`` connects the account and refuses a bad token without keeping it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chancery.portal.fakes.x import FakeX
from chancery.portal.models import SocialToken
from chancery.portal.social import PermanentFailure, TemporaryFailure, network, tokens
from chancery.portal.social.x import XAccount

pytestmark = pytest.mark.django_db

LINK = "https://mofa.test/en/news/talks/"
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def x(settings: Any) -> Iterator[FakeX]:
    with FakeX(token="first-access", client_id="chancery-app") as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


def _connect(fake: FakeX, *, expires_in: dt.timedelta) -> None:
    tokens.store(
        "x",
        access_token=fake.token,
        refresh_token=fake.refresh_token,
        expires_at=timezone.now() + expires_in,
    )


def _account() -> XAccount:
    account = network("x")
    assert isinstance(account, XAccount)
    return account


def test_a_token_that_still_holds_is_used_as_it_is(x: FakeX) -> None:
    _connect(x, expires_in=dt.timedelta(hours=1))

    assert _account().post("Talks", LINK, "en")
    assert x.renewals == 0


def test_a_token_about_to_expire_is_renewed_first_and_the_new_pair_kept_sealed(x: FakeX) -> None:
    _connect(x, expires_in=dt.timedelta(minutes=2))  # within the margin

    assert _account().post("Talks", LINK, "en")
    assert x.renewals == 1
    row = SocialToken.objects.get(network="x")
    assert row.expires_at > timezone.now() + dt.timedelta(hours=1)
    # the pair is stored sealed: neither token is in the row as written
    for secret in (x.token, x.refresh_token):
        assert secret.encode() not in bytes(row.access_token) + bytes(row.refresh_token)
    assert tokens.access_token("x") == x.token  # and the next post uses the new token as it is
    assert x.renewals == 1


def test_a_token_refused_before_its_time_is_renewed_and_the_call_made_again(x: FakeX) -> None:
    _connect(x, expires_in=dt.timedelta(hours=1))
    x.expire_token()  # revoked, or expired early

    assert _account().find_post(LINK, since=SINCE) is None
    assert _account().post("Talks", LINK, "en")
    assert x.renewals == 1
    assert len(x.posts) == 1


def test_a_refused_token_another_worker_has_renewed_already_is_not_renewed_again(x: FakeX) -> None:
    _connect(x, expires_in=dt.timedelta(hours=1))
    refused = x.token
    x.expire_token()
    assert tokens.access_token("x", refused=refused) == x.token  # the first worker renews
    assert x.renewals == 1

    # The second worker was refused the same token: it gets the new one without renewing.
    assert tokens.access_token("x", refused=refused) == x.token
    assert x.renewals == 1


def test_a_spent_refresh_token_is_a_permanent_failure_that_says_what_to_do(x: FakeX) -> None:
    _connect(x, expires_in=dt.timedelta(minutes=1))
    x.refresh_token = "rotated-elsewhere"

    with pytest.raises(PermanentFailure) as failure:
        _account().post("Talks", LINK, "en")
    assert "invalid_request" in str(failure.value)
    assert "portal-x-token" in str(failure.value)
    assert x.posts == []


def test_an_unreachable_token_endpoint_is_a_temporary_failure(x: FakeX) -> None:
    _connect(x, expires_in=dt.timedelta(minutes=1))
    x.fail_next(1, status=503)

    with pytest.raises(TemporaryFailure):
        _account().post("Talks", LINK, "en")
    assert x.renewals == 0
    assert _account().post("Talks", LINK, "en")  # the next try renews and posts
    assert x.renewals == 1


def test_a_confidential_client_renews_with_its_secret(settings: Any) -> None:
    with FakeX(client_id="chancery-app", client_secret="app-secret") as fake:
        settings.CHANCERY_PORTAL_X_API_URL = fake.api_url
        settings.CHANCERY_PORTAL_X_TOKEN_URL = fake.token_url
        settings.CHANCERY_PORTAL_X_CLIENT_ID = "chancery-app"
        settings.CHANCERY_PORTAL_X_CLIENT_SECRET = "wrong"
        _connect(fake, expires_in=dt.timedelta(0))
        with pytest.raises(PermanentFailure) as failure:
            tokens.access_token("x")
        assert "wrong" not in str(failure.value)

        settings.CHANCERY_PORTAL_X_CLIENT_SECRET = "app-secret"
        assert tokens.access_token("x") == fake.token
        assert fake.renewals == 1


def test_the_command_connects_the_account_and_renews_it_at_once(
    x: FakeX, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{x.refresh_token}\n"))
    out = io.StringIO()
    call_command("portal-x-token", stdout=out)

    assert "X account connected" in out.getvalue()
    assert x.renewals == 1
    assert tokens.access_token("x") == x.token
    assert _account().renewable

    call_command("portal-x-token", "--forget", stdout=out)
    assert not SocialToken.objects.exists()
    assert network("x") is None  # no stored pair and no token in the settings


def test_the_command_keeps_no_refused_token(x: FakeX, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("not-a-token\n"))
    with pytest.raises(CommandError, match="not stored"):
        call_command("portal-x-token", stdout=io.StringIO())
    assert not SocialToken.objects.exists()
