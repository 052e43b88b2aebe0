"""Restoring a backup made by ``core.backup``, checked before and after.

Order matters: every checksum in the manifest, and every place a blob or media file would be
written, is checked before anything is written, so a damaged or hostile backup never
half-replaces a working installation. The dump is loaded in a single transaction. Blobs and
media files are copied next to their final name and renamed into place, then read back and
checked once more.
"""

from __future__ import annotations

import contextlib
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.db import connection, connections

from chancery.core.backup import (
    BLOBS,
    DUMP,
    MEDIA,
    BackupError,
    Manifest,
    blob_root,
    media_root,
    safe_relative,
    verify_backup,
)
from chancery.lib import pgclient
from chancery.lib.checksums import copy_hashed, sha256_file

Progress = Callable[[int], object]


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    blobs_restored: int
    blobs_already_present: int
    media_restored: int = 0
    media_already_present: int = 0


# A file to restore: where it is in the backup, where it goes, and its manifest entry.
Copy = tuple[Path, Path, dict[str, Any]]


def public_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [row[0] for row in cursor.fetchall()]


@contextlib.contextmanager
def opened(source: Path) -> Iterator[Path]:
    """The backup as a folder: itself, or a ``.tar`` unpacked to a temporary folder."""
    if source.is_dir():
        yield source
        return
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is neither a backup folder nor a .tar backup")
    with tempfile.TemporaryDirectory(prefix=".chancery-restore-", dir=source.parent) as temp:
        with tarfile.open(source) as archive:
            # The "data" filter refuses absolute paths, "..", links out of the folder, devices.
            archive.extractall(temp, filter="data")
        yield Path(temp)


def contained(root: Path, name: str, relative: PurePath) -> Path:
    """``root / relative``, refused if it would land outside ``root``.

    ``safe_relative`` already refuses absolute paths and ``..``; this also refuses a symbolic
    link on the way (a folder under ``root`` that points elsewhere, or the file itself), which
    would make the write land outside ``root``. ``root`` itself may be a link.
    """
    base = root.resolve()
    target = base / relative
    if target == base or not target.parent.resolve().is_relative_to(base) or target.is_symlink():
        raise BackupError(f"unsafe path in manifest: {name!r} would be written outside {root}")
    return target


def _plan(folder: Path, manifest: Manifest, prefix: str, root: Path | None) -> list[Copy]:
    """The files of the backup under ``prefix/`` and their targets under ``root``, every target
    checked; refused when there are some but nowhere on this machine to put them."""
    entries = [entry for entry in manifest.files if str(entry["path"]).startswith(f"{prefix}/")]
    if not entries:
        return []
    if root is None:
        raise BackupError(
            f"this backup holds {prefix} files but they are not kept on this machine's "
            f"filesystem (CHANCERY_BLOB_BACKEND, STORAGES['default']): copy the {prefix}/ "
            "folder into the object store with its own tools; nothing was restored"
        )
    plan = []
    for entry in entries:
        name = str(entry["path"])
        relative = safe_relative(name).relative_to(prefix)
        plan.append((folder / prefix / relative, contained(root, name, relative), entry))
    return plan


def restore_backup(
    source: Path, *, force: bool, progress: Progress, stage: Callable[[str], object]
) -> RestoreReport:
    """Replace the configured database (and blob store, and media files) with the backup.

    Refuses, before writing anything: a backup whose manifest is missing or whose files do not
    match their checksums; a manifest path that would land outside the blob root or
    MEDIA_ROOT (absolute, ``..``, through a symbolic link); blob or media files when this
    installation keeps them in an object store; a target database that has tables, unless
    ``force`` (its objects are then dropped and replaced). Raises ``BackupError`` when a
    restored blob or media file does not read back with its checksum.
    """
    with opened(source) as folder:
        stage("verify")
        manifest = verify_backup(folder, progress)
        blobs = _plan(folder, manifest, BLOBS, blob_root())
        media = _plan(folder, manifest, MEDIA, media_root())
        existing = public_tables()
        if existing and not force:
            raise BackupError(
                f"the database {connection.settings_dict['NAME']!r} is not empty "
                f"({len(existing)} tables): restore into an empty database, or pass --force "
                "to replace its contents"
            )
        stage("database")
        settings_dict = dict(connection.settings_dict)
        connections.close_all()
        pgclient.restore(settings_dict, folder / DUMP, clean=bool(existing))
        stage("blobs")
        blobs_restored, blobs_present = _copy_files(blobs, progress)
        stage("media")
        media_restored, media_present = _copy_files(media, progress)
    return RestoreReport(manifest, blobs_restored, blobs_present, media_restored, media_present)


def _copy_files(plan: list[Copy], progress: Progress) -> tuple[int, int]:
    """Copy each file into place (temp file, fsync, rename), keep those already there with the
    same content, then read every one back; returns (copied, already present)."""
    restored = present = 0
    for source, target, entry in plan:
        if target.is_file() and sha256_file(target)[0] == entry["sha256"]:
            present += 1
            continue
        copy_hashed(source, target, progress)
        restored += 1
    damaged = [
        str(entry["path"])
        for _source, target, entry in plan
        if sha256_file(target) != (entry["sha256"], entry["size"])
    ]
    if damaged:
        raise BackupError(
            "restored files do not read back with their checksums: " + ", ".join(damaged[:10])
        )
    return restored, present
