"""The browser's signed-in session works on the API, with CSRF protection on unsafe methods."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chancery.api.tests.helpers import assert_problem, bearer
from chancery.core.models import ApiToken, User
from chancery.core.tests.factories import UserFactory, issue_token
from chancery.testing.auth import unverified_login

pytestmark = pytest.mark.django_db


def _body() -> str:
    expires = (timezone.now() + timedelta(days=5)).isoformat()
    return json.dumps({"name": "from browser", "scopes": ["read:org"], "expires_at": expires})


def test_a_signed_in_session_reads_the_api(member: User) -> None:
    client = Client()
    client.force_login(member)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "member"
    assert response.json()["token"] is None


def test_a_session_without_mfa_is_not_accepted(member: User) -> None:
    client = Client()
    unverified_login(client, member)
    assert_problem(client.get("/api/v1/me"), 401)


def test_an_unsafe_request_without_the_csrf_token_is_refused(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/api/v1/tokens", _body(), content_type="application/json")
    body = assert_problem(response, 403)
    assert body["type"] == "urn:chancery:problem:csrf-failed"
    assert not ApiToken.objects.filter(name="from browser").exists()


def test_an_unsafe_request_with_the_csrf_token_is_accepted(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/account/tokens/")  # sets the CSRF cookie, as any workspace page does
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/tokens", _body(), content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201, response.content
    assert ApiToken.objects.filter(owner=member, name="from browser").exists()


def test_a_bearer_token_needs_no_csrf_token(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    secret = issue_token(member, "read:org", "write:tokens")
    response = client.post(
        "/api/v1/tokens", _body(), content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 201


def test_a_token_wins_over_the_session_it_is_sent_with(member: User) -> None:
    other = UserFactory(username="other")
    client = Client()
    client.force_login(member)
    response = client.get("/api/v1/me", **bearer(issue_token(other)))
    assert response.json()["username"] == "other"


def test_a_refused_token_does_not_fall_back_to_the_session(member: User) -> None:
    client = Client()
    client.force_login(member)
    assert_problem(client.get("/api/v1/me", **bearer("chy_bad")), 401)


def test_an_idempotent_replay_also_needs_the_csrf_token(member: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/account/tokens/")
    csrf = client.cookies["csrftoken"].value
    body = _body()
    first = client.post(
        "/api/v1/tokens",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
        HTTP_IDEMPOTENCY_KEY="browser-1",
    )
    assert first.status_code == 201
    forged = client.post(
        "/api/v1/tokens", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="browser-1"
    )
    assert_problem(forged, 403)
