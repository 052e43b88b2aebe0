"""Connecting the ministry's X account from the CMS (Settings, "Social networks"): OAuth 2.0's
authorization code flow with PKCE against the fake X over real HTTP, for administrators only;
an answer that does not match the connection started here, a cancelled authorization or a
replayed code changes nothing; each connection and disconnection is in the audit trail."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from chancery.core.constants import Role
from chancery.core.models import AuditEntry
from chancery.core.tests.factories import UserFactory
from chancery.portal.fakes.x import FakeX
from chancery.portal.models import SocialToken
from chancery.portal.social import network, tokens

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/cms/portal/social/x/callback/"
SOCIAL = "/cms/portal/social/"


@pytest.fixture
def x(settings: Any) -> Iterator[FakeX]:
    with FakeX(token="unused", client_id="chancery-app", redirect_uri=CALLBACK) as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


@pytest.fixture
def admin() -> Client:
    client = Client()
    client.force_login(UserFactory(roles=[Role.ADMIN.value]))
    return client


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _consent(url: str) -> str:
    """Open X's consent screen (the fake approves at once) and answer where it sends back."""
    opener = urllib.request.build_opener(_NoRedirects)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(url, timeout=10)
    assert answer.value.code == 302, answer.value.read()
    return str(answer.value.headers["Location"])


def _start(admin: Client) -> str:
    started = admin.post(f"{SOCIAL}x/connect/")
    assert started.status_code == 302
    return str(started["Location"])


def _back_from_x(admin: Client, location: str) -> str:
    assert location.startswith(CALLBACK)
    back = admin.get(location.removeprefix("http://testserver"), follow=True)
    assert back.status_code == 200
    return back.content.decode()


def test_an_administrator_connects_the_account_and_the_adapter_posts_with_it(
    x: FakeX, admin: Client
) -> None:
    assert SOCIAL in admin.get("/cms/").content.decode()  # Settings, "Social networks"
    page = admin.get(SOCIAL).content.decode()
    assert 'data-x-status="none"' in page
    assert CALLBACK in page  # what to register at X

    # The administrator is sent to X with the app, the callback, the scopes and a PKCE challenge
    location = _start(admin)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert location.startswith(x.authorize_url)
    assert query["client_id"] == "chancery-app"
    assert query["redirect_uri"] == CALLBACK
    assert set(query["scope"].split()) >= {"tweet.write", "offline.access"}
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 32

    # approves there, and comes back
    page = _back_from_x(admin, _consent(location))

    assert "@mofa" in page
    assert 'data-x-status="connected"' in page
    assert tokens.access_token("x") == x.token
    row = SocialToken.objects.get(network="x")
    assert row.account == "@mofa"
    assert x.token.encode() not in bytes(row.access_token)  # sealed
    account = network("x")
    assert account is not None
    assert account.post("Talks", "https://mofa.test/en/talks/", "en")
    entry = AuditEntry.objects.get(action="portal.social.connect")
    assert entry.object_id == "x"
    assert entry.actor is not None
    assert entry.actor.has_role(Role.ADMIN.value)


def test_an_answer_that_does_not_match_the_connection_started_here_changes_nothing(
    x: FakeX, admin: Client
) -> None:
    location = _consent(_start(admin))
    forged = location.replace("state=", "state=x")
    page = _back_from_x(admin, forged)
    assert "does not belong to a connection started here" in page
    assert not tokens.stored("x")

    # The pending connection was used up: the genuine answer afterwards is refused as well.
    page = _back_from_x(admin, location)
    assert "does not belong to a connection started here" in page
    assert not tokens.stored("x")


def test_an_answer_that_comes_back_after_ten_minutes_changes_nothing(
    x: FakeX, admin: Client
) -> None:
    location = _consent(_start(admin))
    with time_machine.travel(dt.timedelta(minutes=11)):
        page = _back_from_x(admin, location)
    assert "does not belong to a connection started here" in page
    assert not tokens.stored("x")


def test_a_cancelled_authorization_and_a_replayed_code_change_nothing(
    x: FakeX, admin: Client
) -> None:
    x.deny_next()
    page = _back_from_x(admin, _consent(_start(admin)))
    assert "cancelled at X" in page
    assert not tokens.stored("x")

    location = _consent(_start(admin))
    _back_from_x(admin, location)
    assert tokens.stored("x")
    tokens.forget("x")
    # The same code once more, in a connection of its own: X refuses a spent code.
    state = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(_start(admin)).query))["state"]
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["code"]
    page = _back_from_x(
        admin, f"{CALLBACK}?{urllib.parse.urlencode({'state': state, 'code': code})}"
    )
    assert "X refused the connection" in page
    assert "invalid_request" in page
    assert code not in page
    assert not tokens.stored("x")


def test_disconnecting_forgets_the_tokens_and_is_audited(x: FakeX, admin: Client) -> None:
    _back_from_x(admin, _consent(_start(admin)))

    page = admin.post(f"{SOCIAL}x/disconnect/", follow=True).content.decode()

    assert "disconnected" in page
    assert not tokens.stored("x")
    assert AuditEntry.objects.filter(action="portal.social.disconnect", object_id="x").exists()


def test_only_administrators_see_and_use_the_accounts(x: FakeX) -> None:
    editor = Client()
    editor.force_login(UserFactory(roles=[Role.EDITOR.value]))

    assert editor.get("/cms/").status_code == 200
    assert SOCIAL not in editor.get("/cms/").content.decode()  # no menu item
    for method, path in (("get", SOCIAL), ("post", f"{SOCIAL}x/connect/")):
        response = getattr(editor, method)(path)
        assert response.status_code in (302, 403)
        assert not str(response.get("Location", "")).startswith(x.authorize_url)
    assert not tokens.stored("x")


def test_without_the_app_configured_the_page_says_what_to_set(settings: Any, admin: Client) -> None:
    settings.CHANCERY_PORTAL_X_CLIENT_ID = ""
    page = admin.get(SOCIAL).content.decode()
    assert "CHANCERY_PORTAL_X_CLIENT_ID" in page
    page = admin.post(f"{SOCIAL}x/connect/", follow=True).content.decode()
    assert "The X app is not configured" in page
