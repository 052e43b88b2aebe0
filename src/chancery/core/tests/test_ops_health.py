"""``/healthz``, ``/readyz`` and ``/metrics`` answer without a staff session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from chancery.core import health


@pytest.fixture
def fresh_migration_check() -> Iterator[None]:
    health._migrations_applied = False
    yield
    health._migrations_applied = False


def test_liveness_answers_without_touching_the_database(client: Client) -> None:
    # No database fixture: any query would fail this test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.usefixtures("fresh_migration_check")
def test_ready_when_database_migrations_and_blob_root_are_fine(
    client: Client, db: None, settings: Any, tmp_path: Path
) -> None:
    settings.CHANCERY_BLOB_ROOT = tmp_path / "blobs"

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {
        "database": {"ok": True, "detail": ""},
        "migrations": {"ok": True, "detail": ""},
        "blob_root": {"ok": True, "detail": ""},
    }
    assert not list((tmp_path / "blobs").iterdir())  # the probe file is gone


@pytest.mark.usefixtures("fresh_migration_check")
def test_not_ready_while_a_migration_is_not_applied(client: Client, db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = "
            "(SELECT min(id) FROM django_migrations WHERE app = 'core' AND name <> '0001_initial')"
        )

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "detail": "1 migration(s) not applied",
    }


def test_not_ready_when_the_blob_root_cannot_be_written(
    client: Client, db: None, settings: Any, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "blobs"
    not_a_folder.write_text("a file where the folder should be")
    settings.CHANCERY_BLOB_ROOT = not_a_folder

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["blob_root"] == {"ok": False, "detail": "FileExistsError"}


@pytest.mark.usefixtures("fresh_migration_check")
def test_not_ready_without_a_database_and_the_error_does_not_leak_details(
    client: Client, django_db_blocker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "NAME", "chancery_no_such_database")
        try:
            response = client.get("/readyz")
        finally:
            connection.close()

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "detail": "OperationalError"}
    assert checks["migrations"] == {"ok": False, "detail": "database unreachable"}
    assert "chancery_no_such_database" not in response.content.decode()


def _metrics(client: Client, **extra: Any) -> Any:
    return client.get(reverse("core:metrics"), **extra)


def test_metrics_from_loopback_count_requests_by_route_and_read_jobs_and_audit(
    client: Client, db: None
) -> None:
    client.get("/healthz")
    client.get("/healthz")

    response = _metrics(client)

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert 'chancery_http_requests_total{method="GET",route="core:healthz",status="200"}' in body
    assert 'chancery_http_request_duration_seconds_bucket{le="0.01",method="GET"' in body
    assert 'chancery_http_request_db_queries_bucket{le="0.0",route="core:healthz"}' in body
    assert 'chancery_jobs{status="failed"}' in body
    assert "chancery_audit_chain_length" in body
    assert "chancery_database_up 1.0" in body


def test_metrics_count_the_database_queries_of_a_request(client: Client, db: None) -> None:
    client.get("/readyz")

    body = _metrics(client).content.decode()

    # /readyz makes at least one query: its count lands above the zero bucket.
    assert 'chancery_http_request_db_queries_bucket{le="0.0",route="core:readyz"} 0.0' in body
    assert 'chancery_http_request_db_queries_count{route="core:readyz"}' in body


def test_metrics_refuse_remote_callers_when_no_token_is_configured(
    client: Client, settings: Any
) -> None:
    settings.CHANCERY_METRICS_TOKEN = ""

    response = _metrics(client, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 403


def test_metrics_ask_remote_callers_for_the_bearer_token(
    client: Client, db: None, settings: Any
) -> None:
    settings.CHANCERY_METRICS_TOKEN = "s3cret-token-for-prometheus"
    remote = {"REMOTE_ADDR": "203.0.113.7"}

    missing = _metrics(client, **remote)
    wrong = _metrics(client, headers={"Authorization": "Bearer nope"}, **remote)
    right = _metrics(
        client, headers={"Authorization": "Bearer s3cret-token-for-prometheus"}, **remote
    )

    assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)
    assert missing["WWW-Authenticate"].startswith("Bearer")


def test_metrics_relayed_by_a_local_proxy_need_the_token(client: Client, settings: Any) -> None:
    settings.CHANCERY_METRICS_TOKEN = "s3cret-token-for-prometheus"

    response = _metrics(client, headers={"X-Forwarded-For": "198.51.100.4"})

    assert response.status_code == 401
