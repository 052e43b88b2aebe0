from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connections
from django.test import Client
from django.utils import timezone

from chancery.api import idempotency
from chancery.api.models import IdempotencyRecord
from chancery.api.tasks import purge_expired
from chancery.api.tests.helpers import assert_problem, bearer
from chancery.core.models import ApiToken, User
from chancery.core.tests.factories import issue_token

pytestmark = pytest.mark.django_db


def _create(client: Client, secret: str, key: str | None, name: str = "ci") -> Any:
    payload = {
        "name": name,
        "scopes": ["read:org"],
        "expires_at": (timezone.now() + timedelta(days=10)).isoformat(),
    }
    headers: dict[str, Any] = {**bearer(secret)}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(
        "/api/v1/tokens", json.dumps(payload), content_type="application/json", **headers
    )


def _payload(name: str, expires: str) -> str:
    return json.dumps({"name": name, "scopes": ["read:org"], "expires_at": expires})


def test_a_retry_replays_the_first_response_and_creates_nothing(
    client: Client, member: User
) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    body = _payload("deploy", (timezone.now() + timedelta(days=10)).isoformat())
    headers = {**bearer(secret), "HTTP_IDEMPOTENCY_KEY": "k-1"}
    first = client.post("/api/v1/tokens", body, content_type="application/json", **headers)
    retry = client.post("/api/v1/tokens", body, content_type="application/json", **headers)
    assert first.status_code == retry.status_code == 201
    assert "Idempotent-Replayed" not in first
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    assert ApiToken.objects.filter(owner=member, name="deploy").count() == 1


def test_a_replay_never_carries_the_secret(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    body = _payload("deploy", (timezone.now() + timedelta(days=10)).isoformat())
    headers = {**bearer(secret), "HTTP_IDEMPOTENCY_KEY": "k-secret"}
    first = client.post("/api/v1/tokens", body, content_type="application/json", **headers)
    retry = client.post("/api/v1/tokens", body, content_type="application/json", **headers)
    shown = first.json()["secret"]
    assert shown.startswith("chy_")
    assert retry.json()["secret"] is None
    stored = bytes(IdempotencyRecord.objects.get(key="k-secret").body)
    assert shown.encode() not in stored
    assert shown.split("_")[2].encode() not in stored


def test_the_same_key_with_another_body_is_refused(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    assert _create(client, secret, "k-2", name="one").status_code == 201
    body = assert_problem(_create(client, secret, "k-2", name="two"), 422)
    assert body["type"] == "urn:chancery:problem:idempotency-key-reused"
    assert not ApiToken.objects.filter(name="two").exists()


def test_keys_belong_to_their_caller(client: Client, member: User) -> None:
    first = issue_token(member, "read:org", "write:tokens")
    second = issue_token(member, "read:org", "write:tokens")
    assert _create(client, first, "shared", name="a").status_code == 201
    other = _create(client, second, "shared", name="a")
    assert other.status_code == 201
    assert "Idempotent-Replayed" not in other
    assert ApiToken.objects.filter(name="a").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_retry_while_the_first_is_running_is_a_409(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    token = ApiToken.objects.get(prefix=secret.split("_")[1])
    # Another web process holding the key: its transaction owns the advisory lock.
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)",
                [idempotency.lock_id(f"token:{token.pk}", "busy")],
            )
        response = _create(client, secret, "busy")
        body = assert_problem(response, 409)
        assert body["type"] == "urn:chancery:problem:idempotency-in-progress"
        assert response["Retry-After"]
    finally:
        other.rollback()
        other.close()
    assert _create(client, secret, "busy").status_code == 201


def test_a_failed_request_is_not_stored_and_may_be_corrected(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    too_late = (timezone.now() + timedelta(days=900)).isoformat()
    refused = client.post(
        "/api/v1/tokens",
        _payload("x", too_late),
        content_type="application/json",
        **bearer(secret),
        HTTP_IDEMPOTENCY_KEY="k-3",
    )
    assert refused.status_code == 422
    assert not IdempotencyRecord.objects.filter(key="k-3").exists()
    assert _create(client, secret, "k-3", name="x").status_code == 201


def test_a_server_error_rolls_back_what_the_request_wrote(
    client: Client, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chancery.core.actions import tokens as token_actions

    real = token_actions.create_token

    def create_then_fail(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr("chancery.core.api.create_token", create_then_fail)
    secret = issue_token(member, "read:org", "write:tokens")
    response = _create(client, secret, "k-4", name="half")
    assert response.status_code == 500
    assert not ApiToken.objects.filter(name="half").exists()
    assert not IdempotencyRecord.objects.filter(key="k-4").exists()


def test_records_expire_after_a_day_and_are_purged(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    assert _create(client, secret, "k-5", name="old").status_code == 201
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert purge_expired(timestamp=0)["idempotency_records"] == 1
        fresh = _create(client, secret, "k-5", name="new")
    assert fresh.status_code == 201
    assert "Idempotent-Replayed" not in fresh


def test_a_malformed_key_is_a_400(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    assert_problem(_create(client, secret, "x" * 300), 400)


def test_requests_without_a_key_are_not_deduplicated(client: Client, member: User) -> None:
    secret = issue_token(member, "read:org", "write:tokens")
    assert _create(client, secret, None, name="twice").status_code == 201
    assert _create(client, secret, None, name="twice").status_code == 201
    assert ApiToken.objects.filter(name="twice").count() == 2
