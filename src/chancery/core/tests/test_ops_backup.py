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
from chancery.core.backup import create_backup, verify_backup
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


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    """MEDIA_ROOT in the test's folder: never the installation's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


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


# The portal's media files: Wagtail's original images, their renditions, documents.
MEDIA_FILES = {
    "original_images/harbour.jpg": b"\xff\xd8 a photograph " * 5000,
    "images/harbour.width-800.jpg": b"\xff\xd8 a rendition " * 800,
    "documents/hướng-dẫn-thị-thực.pdf": b"%PDF-1.7 visa guide " * 300,
}


@pytest.fixture
def media(media_root: Path) -> dict[str, bytes]:
    for name, content in MEDIA_FILES.items():
        path = media_root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return MEDIA_FILES


def _tables(name: str) -> int:
    with psycopg.connect(**_params(name)) as conn:
        row = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    assert row is not None
    return int(row[0])


def _manifest(backup: Path) -> dict[str, Any]:
    return dict(json.loads((backup / "manifest.json").read_text(encoding="utf-8")))


def _rewrite_manifest(backup: Path, manifest: dict[str, Any]) -> None:
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize("archive", ["folder", "backup.tar"])
def test_media_files_restore_byte_for_byte_into_an_empty_media_root(
    installation: list[Path],
    media: dict[str, bytes],
    empty_database: str,
    tmp_path: Path,
    settings: Any,
    archive: str,
) -> None:
    # Given an installation with portal images, a rendition and a document
    backup = tmp_path / archive
    call_command("backup", str(backup))
    # When it is restored on a machine whose MEDIA_ROOT is empty
    settings.CHANCERY_BLOB_ROOT = tmp_path / "new-store"
    settings.MEDIA_ROOT = tmp_path / "new-media"
    output = io.StringIO()
    with _database(empty_database), translation.override("en"):
        call_command("restore", str(backup), stdout=output)

    # Then every media file is back, byte for byte, and the operator is told so
    assert _blobs_under(tmp_path / "new-media") == media
    assert "Media files: 3 copied, 0 already present." in output.getvalue()
    assert "Audit chain intact." in output.getvalue()


def test_manifest_lists_each_media_file_with_the_checksum_of_its_content(
    installation: list[Path], media: dict[str, bytes], tmp_path: Path
) -> None:
    backup = tmp_path / "b"

    call_command("backup", str(backup))

    manifest = _manifest(backup)
    listed = {e["path"]: e for e in manifest["files"] if e["path"].startswith("media/")}
    assert listed == {
        f"media/{name}": {
            "path": f"media/{name}",
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
        }
        for name, content in media.items()
    }
    assert manifest["format"] == 2
    assert manifest["media_storage"].endswith("FileSystemStorage")
    assert (backup / "media" / "original_images" / "harbour.jpg").read_bytes() == media[
        "original_images/harbour.jpg"
    ]


def test_restore_keeps_media_files_already_there_with_the_same_content(
    installation: list[Path], media: dict[str, bytes], empty_database: str, tmp_path: Path
) -> None:
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    (media_file := tmp_path / "media" / "documents" / "hướng-dẫn-thị-thực.pdf").unlink()
    output = io.StringIO()

    with _database(empty_database), translation.override("en"):
        call_command("restore", str(backup), stdout=output)

    assert "Media files: 1 copied, 2 already present." in output.getvalue()
    assert media_file.read_bytes() == media["documents/hướng-dẫn-thị-thực.pdf"]


def test_tampered_media_file_is_refused_before_anything_is_written(
    installation: list[Path],
    media: dict[str, bytes],
    empty_database: str,
    tmp_path: Path,
    settings: Any,
) -> None:
    # Given a backup whose copy of a document was altered after the backup
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    tampered = backup / "media" / "documents" / "hướng-dẫn-thị-thực.pdf"
    tampered.write_bytes(tampered.read_bytes().replace(b"visa", b"VISA", 1))
    settings.CHANCERY_BLOB_ROOT = tmp_path / "new-store"
    settings.MEDIA_ROOT = tmp_path / "new-media"

    # When it is restored, Then it is refused, naming the file
    with _database(empty_database), pytest.raises(CommandError, match="corrupted") as refused:
        call_command("restore", str(backup))

    assert "media/documents/hướng-dẫn-thị-thực.pdf: checksum mismatch" in str(refused.value)
    # And nothing was written: no table, no blob, no media file
    assert _tables(empty_database) == 0
    assert not (tmp_path / "new-store").exists()
    assert not (tmp_path / "new-media").exists()


@pytest.mark.parametrize(
    "path", ["media/../escaped.pdf", "media/documents/../../../escaped.pdf", "/tmp/escaped.pdf"]
)
def test_manifest_path_leaving_media_root_is_refused(
    installation: list[Path],
    media: dict[str, bytes],
    empty_database: str,
    tmp_path: Path,
    settings: Any,
    path: str,
) -> None:
    # Given a backup whose manifest was edited to write a file outside MEDIA_ROOT
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    manifest = _manifest(backup)
    content = b"planted"
    manifest["files"].append(
        {"path": path, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    )
    _rewrite_manifest(backup, manifest)
    settings.MEDIA_ROOT = tmp_path / "new-media"

    with _database(empty_database), pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(backup))

    assert _tables(empty_database) == 0
    assert not (tmp_path / "new-media").exists()
    assert not (tmp_path / "escaped.pdf").exists()


def test_media_folder_linked_outside_media_root_is_refused(
    installation: list[Path],
    media: dict[str, bytes],
    empty_database: str,
    tmp_path: Path,
    settings: Any,
) -> None:
    # Given a MEDIA_ROOT whose documents/ folder is a symbolic link to another folder
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    settings.MEDIA_ROOT = tmp_path / "new-media"
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "new-media").mkdir()
    (tmp_path / "new-media" / "documents").symlink_to(tmp_path / "elsewhere")

    # When the backup is restored, Then it is refused before the database is touched
    with _database(empty_database), pytest.raises(CommandError, match="outside"):
        call_command("restore", str(backup))

    assert _tables(empty_database) == 0
    assert list((tmp_path / "elsewhere").iterdir()) == []
    assert list((tmp_path / "new-media").iterdir()) == [tmp_path / "new-media" / "documents"]


def test_backup_of_the_format_before_media_still_restores(
    installation: list[Path],
    blob_root: Path,
    empty_database: str,
    tmp_path: Path,
    settings: Any,
) -> None:
    # Given a backup as Chancery wrote it before media files were included (format 1)
    backup = tmp_path / "b"
    original_blobs = _blobs_under(blob_root)
    original_rows = _snapshot(settings.DATABASES["default"]["NAME"])
    call_command("backup", str(backup))
    manifest = _manifest(backup)
    del manifest["media_storage"]
    manifest["format"] = 1
    _rewrite_manifest(backup, manifest)
    assert not (backup / "media").exists()

    # When it is restored
    settings.CHANCERY_BLOB_ROOT = tmp_path / "new-store"
    settings.MEDIA_ROOT = tmp_path / "new-media"
    output = io.StringIO()
    with _database(empty_database), translation.override("en"):
        call_command("restore", str(backup), stdout=output)

    # Then the database and the blobs are back, and no media file was expected
    assert _snapshot(empty_database) == original_rows
    assert _blobs_under(tmp_path / "new-store") == original_blobs
    assert "Media files: 0 copied, 0 already present." in output.getvalue()


def test_backup_of_an_unknown_format_is_refused(installation: list[Path], tmp_path: Path) -> None:
    backup = tmp_path / "b"
    call_command("backup", str(backup))
    _rewrite_manifest(backup, {**_manifest(backup), "format": 3})

    with pytest.raises(CommandError, match="unknown backup format 3"):
        call_command("restore", str(backup))


def test_media_file_changing_during_the_copy_is_listed_as_copied(
    installation: list[Path], media_root: Path, tmp_path: Path
) -> None:
    # Given a large media file that an editor replaces while the backup copies it
    large = media_root / "documents" / "annual-report.pdf"
    large.parent.mkdir(parents=True)
    large.write_bytes(b"A" * (3 * 1024 * 1024))
    stages: list[str] = []

    def progress(_count: int) -> None:
        if stages[-1] == "media" and large.read_bytes()[:1] == b"A":
            large.write_bytes(b"B" * (3 * 1024 * 1024))

    # When the backup is made
    manifest = create_backup(tmp_path / "b", progress, stages.append)

    # Then the manifest describes the bytes in the backup, whatever they are, and verifies
    copy = tmp_path / "b" / "media" / "documents" / "annual-report.pdf"
    [entry] = [e for e in manifest.files if e["path"] == "media/documents/annual-report.pdf"]
    assert (entry["sha256"], entry["size"]) == (
        hashlib.sha256(copy.read_bytes()).hexdigest(),
        copy.stat().st_size,
    )
    assert copy.read_bytes()[:1] == b"A"  # the copy started before the change
    verify_backup(tmp_path / "b", lambda _count: None)


def test_media_kept_in_an_object_store_is_said_to_be_missing_from_the_backup(
    installation: list[Path], media: dict[str, bytes], tmp_path: Path, settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    backup = tmp_path / "b"
    output = io.StringIO()

    call_command("backup", str(backup), stdout=output)

    manifest = _manifest(backup)
    assert not [e for e in manifest["files"] if e["path"].startswith("media/")]
    assert manifest["media_storage"] == "django.core.files.storage.memory.InMemoryStorage"
    assert "media files are not in this backup" in output.getvalue()
    assert any("media files are not in this backup" in note for note in manifest["notes"])
