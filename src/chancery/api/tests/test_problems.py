"""Every failure an API client can meet arrives as RFC 9457 problem details."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, override_settings
from django.utils import translation

from chancery.api.tests.helpers import assert_problem, bearer
from chancery.core.models import User
from chancery.core.tests.factories import UnitFactory, UserFactory, issue_token

pytestmark = pytest.mark.django_db


def test_missing_credentials_is_401_with_a_bearer_challenge(client: Client) -> None:
    response = client.get("/api/v1/units")
    body = assert_problem(response, 401)
    assert "Bearer" in response["WWW-Authenticate"]
    assert body["type"] == "about:blank"


def test_unknown_token_is_401_invalid_token(client: Client) -> None:
    response = client.get("/api/v1/units", **bearer("chy_0123456789ab_" + "x" * 40))
    body = assert_problem(response, 401)
    assert body["type"] == "urn:chancery:problem:invalid-token"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_missing_scope_is_403_naming_the_scope(client: Client, member: User) -> None:
    secret = issue_token(member, "read:tokens")
    body = assert_problem(client.get("/api/v1/units", **bearer(secret)), 403)
    assert body["type"] == "urn:chancery:problem:scope-missing"
    assert "read:org" in body["detail"]


def test_unknown_path_is_404_problem(client: Client) -> None:
    assert_problem(client.get("/api/v1/no-such-thing"), 404)


def test_missing_object_is_404_problem(client: Client, member: User) -> None:
    secret = issue_token(member)
    assert_problem(client.get("/api/v1/units/atlantis", **bearer(secret)), 404)


def test_wrong_method_is_405_problem_with_allow(client: Client, member: User) -> None:
    secret = issue_token(member)
    response = client.put("/api/v1/units", **bearer(secret))
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_malformed_json_is_400_problem(client: Client, member: User) -> None:
    secret = issue_token(member, "write:tokens")
    response = client.post(
        "/api/v1/tokens", "{not json", content_type="application/json", **bearer(secret)
    )
    body = assert_problem(response, 400)
    assert body["type"] == "urn:chancery:problem:malformed-request"


def test_non_json_body_is_415_problem(client: Client, member: User) -> None:
    secret = issue_token(member, "write:tokens")
    response = client.post("/api/v1/tokens", "name=x", content_type="text/plain", **bearer(secret))
    assert_problem(response, 415)


def test_schema_violation_is_422_problem_listing_fields(client: Client, member: User) -> None:
    secret = issue_token(member, "write:tokens")
    response = client.post(
        "/api/v1/tokens",
        {"name": "", "scopes": []},
        content_type="application/json",
        **bearer(secret),
    )
    body = assert_problem(response, 422)
    assert body["type"] == "urn:chancery:problem:validation-error"
    fields = {tuple(error["loc"]) for error in body["errors"]}
    assert {("body", "name"), ("body", "scopes"), ("body", "expires_at")} <= fields
    assert all({"loc", "msg", "type"} <= set(error) for error in body["errors"])


def test_refused_action_is_422_problem_on_the_field(client: Client, member: User) -> None:
    secret = issue_token(member, "write:tokens")
    response = client.post(
        "/api/v1/tokens",
        {"name": "audit", "scopes": ["read:audit"], "expires_at": "2099-01-01T00:00:00Z"},
        content_type="application/json",
        **bearer(secret),
    )
    body = assert_problem(response, 422)
    locations = {tuple(error["loc"]) for error in body["errors"]}
    assert ("body", "scopes") in locations
    assert ("body", "expires_at") in locations


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_oversized_body_is_413_problem(client: Client, member: User) -> None:
    secret = issue_token(member, "write:tokens")
    payload = '{"name": "' + "x" * 4096 + '"}'
    response = client.post(
        "/api/v1/tokens", payload, content_type="application/json", **bearer(secret)
    )
    assert_problem(response, 413)


def test_unexpected_error_is_500_problem_without_internals(
    client: Client, member: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals: SELECT * FROM core_user")

    monkeypatch.setattr("chancery.core.api.units_for", broken)
    secret = issue_token(member)
    with caplog.at_level(logging.ERROR, logger="chancery.api"):
        response = client.get("/api/v1/units", **bearer(secret))
    body = assert_problem(response, 500)
    assert "secret internals" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert body["detail"]
    assert any("secret internals" in str(record.exc_info) for record in caplog.records)


def test_titles_follow_the_request_language(client: Client) -> None:
    english = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["title"] == "Not found"
    for language in ("vi", "fr"):
        response = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_LANGUAGE=language)
        with translation.override(language):
            assert response.json()["title"] == translation.gettext("Not found")


def test_denied_and_missing_objects_are_indistinguishable(client: Client) -> None:
    owner = UserFactory(unit=UnitFactory())
    other = UserFactory()
    secret = issue_token(other, "write:tokens")
    foreign = issue_token(owner, "read:org")
    foreign_id = owner.api_tokens.get(prefix=foreign.split("_")[1]).pk
    denied = client.delete(f"/api/v1/tokens/{foreign_id}", **bearer(secret))
    missing = client.delete("/api/v1/tokens/999999999", **bearer(secret))
    assert_problem(denied, 404)
    assert_problem(missing, 404)
    assert denied.json()["detail"] == missing.json()["detail"]
