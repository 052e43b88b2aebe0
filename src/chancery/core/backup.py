"""Backups: the database (``pg_dump -Fc``), the blob store, the media files (the portal's
images and documents), and a manifest that proves them all.

A backup is a directory (or the same directory in an uncompressed ``.tar``)::

    manifest.json       format, Chancery version, time, migrations, every file's SHA-256 and size
    database.dump       pg_dump custom format (already compressed)
    blobs/ab/cd/<sha>   the filesystem blob store, same layout as CHANCERY_BLOB_ROOT
    media/<path>        the default storage's files, same layout as MEDIA_ROOT

The manifest is written last: a backup without one is unfinished and ``restore`` refuses it.
Files are read once each and hashed while copied, so the manifest describes the bytes that were
written even if a file changes during the copy; a content-addressed blob whose hash is not its
name is reported as corrupted in the store.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection

from chancery.lib import pgclient
from chancery.lib.checksums import copy_hashed, sha256_file

# Format 2 added the media files (``media/`` entries and ``media_storage``). Format 1 backups,
# which have neither, are still read; a Chancery that only knows format 1 refuses format 2
# instead of silently leaving the media files behind.
FORMAT = 2
READABLE_FORMATS = frozenset({1, 2})
MANIFEST = "manifest.json"
DUMP = "database.dump"
BLOBS = "blobs"
MEDIA = "media"
_ADDRESS = re.compile(r"^[0-9a-f]{64}$")
_TEMPORARY = re.compile(r"^\.(tmp|restore)-.*\.partial$")

Progress = Callable[[int], object]


class BackupError(Exception):
    """The backup cannot be made, or a backup is unusable; the message says why."""


@dataclass
class Manifest:
    created_at: str
    chancery_version: str
    database: dict[str, Any]
    migrations: dict[str, list[str]]
    blob_backend: str
    # The default storage's class; empty in format 1 backups, made before media were included.
    media_storage: str = ""
    files: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    format: int = FORMAT

    def as_json(self) -> str:
        return json.dumps(vars(self), indent=2, ensure_ascii=False, sort_keys=True)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (OSError, ValueError, TypeError) as exc:
            raise BackupError(f"{path} is missing or unreadable: {exc}") from exc
        if manifest.format not in READABLE_FORMATS:
            raise BackupError(f"unknown backup format {manifest.format!r}")
        return manifest


def chancery_version() -> str:
    try:
        return version("chancery")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    if "django_migrations" not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, id")
        rows = cursor.fetchall()
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def safe_relative(name: str) -> PurePosixPath:
    """A manifest path, refused if it could point outside the backup, the blob root or
    MEDIA_ROOT (absolute, with ``..``, or empty)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"unsafe path in manifest: {name!r}")
    return path


def stored_files(root: Path) -> Iterator[Path]:
    """Every regular file under ``root`` (the blob root or MEDIA_ROOT), sorted.

    Temp files of writes in progress are left out, and so are symbolic links: their target is
    not part of the store, and could be anything on the machine.
    """
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and not path.is_symlink()
            and not _TEMPORARY.match(path.name)
            and not path.name.startswith(".readyz-")
        ):
            yield path


def blob_root() -> Path | None:
    """The filesystem blob store, or ``None`` when blobs live in an object store."""
    if settings.CHANCERY_BLOB_BACKEND == "filesystem":
        return Path(settings.CHANCERY_BLOB_ROOT)
    return None


def media_storage() -> str:
    storage = storages["default"]
    return f"{type(storage).__module__}.{type(storage).__qualname__}"


def media_root() -> Path | None:
    """Where the default storage (Wagtail's images, renditions, documents) keeps its files:
    MEDIA_ROOT, or ``None`` when it is not a folder on this machine (S3 in production)."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def backup_bytes() -> int:
    """The bytes of every blob and media file a backup would copy: the progress bar's total."""
    total = 0
    for root in (blob_root(), media_root()):
        for path in stored_files(root) if root is not None else ():
            # A media file may be deleted by an editor between the listing and this look.
            with contextlib.suppress(FileNotFoundError):
                total += path.stat().st_size
    return total


def create_backup(target: Path, progress: Progress, stage: Callable[[str], object]) -> Manifest:
    """Write a backup of the configured database and blob store to ``target`` (dir or .tar).

    Refuses a target that already exists. Returns the manifest; ``manifest.problems`` lists
    blobs found corrupted in the store (they are copied as they are, and reported).
    """
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new name")
    as_tar = target.suffix == ".tar"
    work = (
        Path(tempfile.mkdtemp(prefix=".chancery-backup-", dir=target.parent)) if as_tar else target
    )
    work.mkdir(parents=True, exist_ok=True)
    finished = False
    try:
        manifest = _write_backup(work, progress, stage)
        if as_tar:
            stage("tar")
            with tarfile.open(target, "w") as archive:
                for path in sorted(work.rglob("*")):
                    archive.add(path, arcname=str(path.relative_to(work)), recursive=False)
        finished = True
    finally:
        # Never leave half a backup under the name an operator would trust.
        if as_tar or not finished:
            shutil.rmtree(work, ignore_errors=True)
        if as_tar and not finished:
            target.unlink(missing_ok=True)
    return manifest


def _write_backup(work: Path, progress: Progress, stage: Callable[[str], object]) -> Manifest:
    settings_dict = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    manifest = Manifest(
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        chancery_version=chancery_version(),
        database={"name": settings_dict["NAME"], "server_version": server_version},
        migrations=applied_migrations(),
        blob_backend=str(settings.CHANCERY_BLOB_BACKEND),
        media_storage=media_storage(),
    )
    stage("database")
    pgclient.dump(settings_dict, work / DUMP)
    digest, size = sha256_file(work / DUMP)
    manifest.files.append({"path": DUMP, "sha256": digest, "size": size})
    root = blob_root()
    if root is not None:
        stage("blobs")
        for source, digest in _copy_tree(root, work, BLOBS, manifest, progress):
            if _ADDRESS.match(source.name) and digest != source.name:
                manifest.problems.append(f"blob {source.name} is corrupted in the store")
    else:
        manifest.notes.append(
            "blobs are not in this backup: the object store is backed up with its own tools"
        )
    root = media_root()
    if root is not None:
        stage("media")
        _copy_tree(root, work, MEDIA, manifest, progress)
    else:
        manifest.notes.append(
            f"media files are not in this backup: the default storage ({manifest.media_storage})"
            " is backed up with its own tools"
        )
    (work / MANIFEST).write_text(manifest.as_json(), encoding="utf-8")
    return manifest


def _copy_tree(
    root: Path, work: Path, prefix: str, manifest: Manifest, progress: Progress
) -> list[tuple[Path, str]]:
    """Copy every stored file under ``root`` to ``work/prefix`` and list it in the manifest.

    The SHA-256 is of the bytes written to the backup, so a file that changes during the copy
    is listed as it was copied, never as it is afterwards. A file removed between the listing
    and its copy (a media file deleted by an editor) is noted and left out.
    """
    copied = []
    for source in stored_files(root):
        relative = source.relative_to(root)
        path = f"{prefix}/{relative.as_posix()}"
        try:
            digest, size = copy_hashed(source, work / prefix / relative, progress)
        except FileNotFoundError:
            manifest.notes.append(f"{path} was removed during the backup and is not in it")
            continue
        manifest.files.append({"path": path, "sha256": digest, "size": size})
        copied.append((source, digest))
    return copied


def verify_backup(folder: Path, progress: Progress) -> Manifest:
    """Check every file the manifest lists (size and SHA-256); refuse at the first doubt.

    Raises ``BackupError`` naming every damaged or missing file.
    """
    manifest = Manifest.load(folder / MANIFEST)
    damaged = []
    for entry in manifest.files:
        path = folder / safe_relative(entry["path"])
        if not path.is_file():
            damaged.append(f"{entry['path']}: missing")
            continue
        digest, size = sha256_file(path, progress)
        if (digest, size) != (entry["sha256"], entry["size"]):
            damaged.append(f"{entry['path']}: checksum mismatch")
    if not any(entry["path"] == DUMP for entry in manifest.files):
        damaged.append(f"{DUMP}: not listed in the manifest")
    if damaged:
        shown = "; ".join(damaged[:10])
        more = f" (and {len(damaged) - 10} more)" if len(damaged) > 10 else ""
        raise BackupError(f"the backup is corrupted, nothing was restored: {shown}{more}")
    return manifest
