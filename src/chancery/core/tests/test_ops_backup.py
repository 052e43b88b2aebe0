"""``chancery backup`` and ``chancery restore``: a round trip into a fresh database, and the
refusals that protect an installation from a bad backup or an accidental overwrite."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import translation
from psycopg import sql

from chancery.core.audit import record
from chancery.core.tests import job_tasks
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.core.tests.jobs_helpers import unique_queue

pytestmark = pytest.mark.django_db(transaction=True)

COMPARED = (
    "SELECT username, email FROM core_user ORDER BY username",
    "SELECT code, name_en FROM core_unit ORDER BY code",
    "SELECT seq, action, hash FROM core_auditentry ORDER BY seq",
    "SELECT app, name FROM django_migrations ORDER BY app, name",
    "SELECT task_name, args::text FROM procrastinate_jobs ORDER BY id",
)


def _params(name: str) -> dict[str, Any]:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return {**params, "dbname": name}


def _snapshot(name: str) -> list[list[tuple[Any, ...]]]:
    with psycopg.connect(**_params(name)) as conn:
        return [conn.execute(query).fetchall() for query in COMPARED]


@contextlib.contextmanager
def _database(name: str) -> Iterator[None]:
    """Point Django at another database of the same server for the duration of the block."""
    original = settings.DATABASES["default"]["NAME"]
    connections.close_all()
    for alias in connections:
        connections[alias].settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name
    try:
        yield
    finally:
        connections.close_all()
        for alias in connections:
            connections[alias].settings_dict["NAME"] = original
        settings.DATABASES["default"]["NAME"] = original


@pytest.fixture
def empty_database() -> Iterator[str]:
    name = f"{settings.DATABASES['default']['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**_params("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(**_params("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture
def blob_root(settings: Any, tmp_path: Path) -> Path:
    settings.CHANCERY_BLOB_ROOT = tmp_path / "store"
    return Path(settings.CHANCERY_BLOB_ROOT)


def _store(root: Path, content: bytes) -> Path:
    address = hashlib.sha256(content).hexdigest()
    path = root / address[:2] / address[2:4] / address
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o440)
    return path


@pytest.fixture
def installation(blob_root: Path) -> list[Path]:
    """Some of everything a backup must carry: staff, units, audit entries, jobs, blobs."""
    clerk = UserFactory(clerk=True, unit=UnitFactory(code="consular"))
    admin = UserFactory(admin=True)
    record(admin, "test.backup.prepared", clerk, data={"note": "before the backup"})
    job_tasks.touch.configure(queue=unique_queue()).defer(path="/dev/null")
    return [_store(blob_root, f"document {n}".encode() * 1000) for n in range(3)]


def _blobs_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("archive", ["folder", "backup.tar"])
def test_backup_restores_into_an_empty_database_with_everything_in_it(
    installation: list[Path],
    blob_root: Path,
    empty_database: str,
    tmp_path: Path,
    settings: Any,
    archive: str,
) -> None:
    backup = tmp_path / archive
    original_blobs = _blobs_under(blob_root)
    original_rows = _snapshot(settings.DATABASES["default"]["NAME"])

    call_command("backup", str(backup))
    settings.CHANCERY_BLOB_ROOT = tmp_path / "new-store"
    output = io.StringIO()
    with _database(empty_database), translation.override("en"):
        call_command("restore", str(backup), stdout=output)

    assert _snapshot(empty_database) == original_rows
    assert "Audit chain intact." in output.getvalue()
    assert _blobs_under(tmp_path / "new-store") == original_blobs
    assert all(row for row in original_rows[:4])  # the comparison compared something


def test_manifest_lists_every_file_with_its_checksum_and_the_migration_state(
    installation: list[Path], tmp_path: Path
) -> None:
    backup = tmp_path / "b"

    call_command("backup", str(backup))

    manifest = json.loads((backup / "manifest.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == {"database.dump"} | {
        f"blobs/{p.parent.parent.name}/{p.parent.name}/{p.name}" for p in installation
    }
    for blob in installation:
        entry = listed[f"blobs/{blob.name[:2]}/{blob.name[2:4]}/{blob.name}"]
        assert (entry["sha256"], entry["size"]) == (blob.name, blob.stat().st_size)
    dump = backup / "database.dump"
    assert listed["database.dump"]["sha256"] == hashlib.sha256(dump.read_bytes()).hexdigest()
    assert "0001_initial" in manifest["migrations"]["core"]
    assert manifest["chancery_version"]
    assert manifest["created_at"]


def test_corrupted_backup_is_refused_before_anything_is_restored(
    installation: list[Path], empty_database: str, tmp_path: Path
) -> None:
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    damaged = next((backup / "blobs").rglob("*/*/*"))
    damaged.chmod(0o640)
    damaged.write_bytes(b"X" + damaged.read_bytes()[1:])

    with _database(empty_database), pytest.raises(CommandError, match="corrupted") as refused:
        call_command("restore", str(backup))

    assert "checksum mismatch" in str(refused.value)
    with psycopg.connect(**_params(empty_database)) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)


def test_truncated_database_dump_is_refused(
    installation: list[Path], empty_database: str, tmp_path: Path
) -> None:
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-100])

    with _database(empty_database), pytest.raises(CommandError, match=r"database\.dump"):
        call_command("restore", str(backup))


def test_restore_refuses_a_database_that_is_not_empty(
    installation: list[Path], tmp_path: Path
) -> None:
    backup = tmp_path / "b"
    call_command("backup", str(backup))

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))


def test_forced_restore_replaces_what_the_database_held(
    installation: list[Path], tmp_path: Path, settings: Any
) -> None:
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    before = _snapshot(settings.DATABASES["default"]["NAME"])
    UserFactory(username="hired-after-the-backup")

    call_command("restore", str(backup), "--force")

    assert _snapshot(settings.DATABASES["default"]["NAME"]) == before


def test_backup_refuses_to_overwrite_an_existing_target(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(tmp_path / "b"))
