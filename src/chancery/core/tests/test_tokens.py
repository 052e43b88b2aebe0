"""Personal API tokens: creation, refusals, revocation, authentication, and the staff page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from chancery.core.actions.tokens import create_token, revoke_token
from chancery.core.constants import Role
from chancery.core.models import ApiToken, AuditEntry, User
from chancery.core.tests.factories import UserFactory, issue_token

pytestmark = pytest.mark.django_db


def _soon(days: int = 30) -> Any:
    return timezone.now() + timedelta(days=days)


def _auth(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _token(secret: str) -> ApiToken:
    return ApiToken.objects.get(prefix=secret.split("_")[1])


def test_created_token_secret_is_shown_once_and_only_its_hash_is_stored() -> None:
    owner = UserFactory()
    created = create_token(owner, "deploy", ["read:org"], _soon())
    assert re.fullmatch(r"chy_[0-9a-f]{12}_[0-9A-Za-z]{40}", created.secret)
    secret_part = created.secret.split("_")[2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM core_apitoken t")
        stored = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT row_to_json(a)::text FROM core_auditentry a")
        audited = " ".join(row[0] for row in cursor.fetchall())
    assert secret_part not in stored
    assert secret_part not in audited
    assert created.token.secret_hash in stored


def test_creation_and_revocation_are_audited() -> None:
    owner = UserFactory()
    created = create_token(owner, "deploy", ["read:org"], _soon())
    revoke_token(owner, created.token)
    actions = list(
        AuditEntry.objects.filter(object_id=str(created.token.pk)).values_list("action", flat=True)
    )
    assert sorted(actions) == ["token.create", "token.revoke"]


@pytest.mark.parametrize(
    ("name", "scopes", "days", "field"),
    [
        ("", ["read:org"], 30, "name"),
        ("x", [], 30, "scopes"),
        ("x", ["read:everything"], 30, "scopes"),
        ("x", ["read:audit"], 30, "scopes"),
        ("x", ["read:org"], -1, "expires_at"),
        ("x", ["read:org"], 400, "expires_at"),
    ],
)
def test_creation_refuses_bad_input(name: str, scopes: list[str], days: int, field: str) -> None:
    owner = UserFactory()
    with pytest.raises(ValidationError) as refused:
        create_token(owner, name, scopes, _soon(days))
    assert field in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_administrators_may_grant_the_audit_scope() -> None:
    admin = UserFactory(admin=True)
    assert create_token(admin, "siem", ["read:audit"], _soon()).token.scopes == ["read:audit"]


def test_a_token_cannot_mint_a_stronger_or_longer_lived_token() -> None:
    owner = UserFactory()
    parent = _token(issue_token(owner, "read:org", "write:tokens", days=10))
    with pytest.raises(ValidationError) as refused:
        create_token(owner, "child", ["read:org", "read:tokens"], _soon(5), via=parent)
    assert "scopes" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        create_token(owner, "child", ["read:org"], _soon(20), via=parent)
    assert "expires_at" in refused.value.message_dict
    assert create_token(owner, "child", ["read:org"], _soon(5), via=parent).token.pk


def test_only_the_owner_or_an_administrator_may_revoke() -> None:
    owner, stranger, admin = UserFactory(), UserFactory(), UserFactory(admin=True)
    token = _token(issue_token(owner))
    with pytest.raises(PermissionDenied):
        revoke_token(stranger, token)
    assert revoke_token(admin, token).revoked_at is not None


def test_revoking_twice_changes_nothing_the_second_time() -> None:
    owner = UserFactory()
    token = _token(issue_token(owner))
    first = revoke_token(owner, token).revoked_at
    assert revoke_token(owner, token).revoked_at == first
    assert AuditEntry.objects.filter(action="token.revoke").count() == 1


def test_the_database_refuses_a_token_living_over_a_year() -> None:
    from django.db import IntegrityError

    owner = UserFactory()
    with pytest.raises(IntegrityError):
        ApiToken.objects.create(
            owner=owner,
            name="forever",
            prefix="0123456789ab",
            secret_hash="0" * 64,
            scopes=["read:org"],
            expires_at=timezone.now() + timedelta(days=400),
        )


def test_expired_revoked_and_disabled_tokens_are_refused(client: Client) -> None:
    owner = UserFactory()
    expired, revoked, disabled = (issue_token(owner, days=1) for _ in range(3))
    revoke_token(owner, _token(revoked))
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = client.get("/api/v1/units", HTTP_ACCEPT_LANGUAGE="en", **_auth(expired))
        assert response.status_code == 401
        assert "expired" in response.json()["detail"]
    assert client.get("/api/v1/units", **_auth(revoked)).status_code == 401
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get("/api/v1/units", **_auth(disabled)).status_code == 401


def test_a_wrong_secret_with_a_real_prefix_is_refused(client: Client) -> None:
    secret = issue_token(UserFactory())
    forged = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert client.get("/api/v1/units", **_auth(forged)).status_code == 401


def test_a_token_never_grants_more_than_its_owner_currently_has(client: Client) -> None:
    admin = UserFactory(admin=True)
    secret = issue_token(admin, "read:org", "read:audit")
    me = client.get("/api/v1/me", **_auth(secret)).json()
    assert "read:audit" in me["scopes"]
    User.objects.filter(pk=admin.pk).update(roles=[Role.SPECIALIST.value])
    me = client.get("/api/v1/me", **_auth(secret)).json()
    assert "read:audit" not in me["scopes"]
    assert [role["code"] for role in me["roles"]] == ["specialist"]


def test_last_used_is_written_at_most_once_a_minute(client: Client) -> None:
    secret = issue_token(UserFactory())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/units", **_auth(secret))
        first = _token(secret).last_used_at
        with time_machine.travel(start + timedelta(seconds=30), tick=False):
            client.get("/api/v1/units", **_auth(secret))
            assert _token(secret).last_used_at == first
        with time_machine.travel(start + timedelta(seconds=61), tick=False):
            client.get("/api/v1/units", **_auth(secret))
            assert _token(secret).last_used_at == start + timedelta(seconds=61)
    assert first == start


def test_the_tokens_page_creates_a_token_and_shows_its_secret_once(client: Client) -> None:
    owner = UserFactory()
    client.force_login(owner)
    response = client.post(
        "/account/tokens/", {"name": "laptop script", "scopes": ["read:org"], "expires_in": "30"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    shown = re.search(r"chy_[0-9a-f]{12}_[0-9A-Za-z]{40}", html)
    assert shown is not None
    assert client.get("/api/v1/units", **_auth(shown.group(0))).status_code == 200
    again = client.get("/account/tokens/").content.decode()
    assert "laptop script" in again
    assert shown.group(0) not in again


def test_the_tokens_page_offers_only_scopes_the_user_may_grant(client: Client) -> None:
    client.force_login(UserFactory())
    html = client.get("/account/tokens/").content.decode()
    assert 'value="read:org"' in html
    assert 'value="read:audit"' not in html
    refused = client.post(
        "/account/tokens/", {"name": "x", "scopes": ["read:audit"], "expires_in": "30"}
    )
    assert "usa-error-message" in refused.content.decode()
    assert not ApiToken.objects.exists()


def test_the_tokens_page_revokes_without_javascript(client: Client) -> None:
    owner = UserFactory()
    secret = issue_token(owner)
    client.force_login(owner)
    response = client.post(f"/account/tokens/{_token(secret).pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert _token(secret).revoked_at is not None
    assert client.get("/api/v1/units", **_auth(secret)).status_code == 401


def test_nobody_revokes_someone_elses_token_from_the_page(client: Client) -> None:
    secret = issue_token(UserFactory())
    client.force_login(UserFactory())
    response = client.post(f"/account/tokens/{_token(secret).pk}/revoke/")
    assert response.status_code == 404
    assert _token(secret).revoked_at is None
