"""Restoring a backup made by ``core.backup``, checked before and after.

Order matters: every checksum in the manifest is verified before anything is written, so a
damaged backup never half-replaces a working installation. The dump is loaded in a single
transaction. Blobs are copied next to their final name and renamed into place, then read back
and checked once more.
"""

from __future__ import annotations

import contextlib
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from chancery.core.backup import (
    BLOBS,
    DUMP,
    BackupError,
    Manifest,
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


def _blob_entries(manifest: Manifest) -> list[dict[str, object]]:
    return [entry for entry in manifest.files if str(entry["path"]).startswith(f"{BLOBS}/")]


def restore_backup(
    source: Path, *, force: bool, progress: Progress, stage: Callable[[str], object]
) -> RestoreReport:
    """Replace the configured database (and blob store) with the backup at ``source``.

    Refuses, before writing anything: a backup whose manifest is missing or whose files do not
    match their checksums; a target database that has tables, unless ``force`` (its objects
    are then dropped and replaced). Raises ``BackupError`` when a restored blob does not read
    back with its checksum.
    """
    with opened(source) as folder:
        stage("verify")
        manifest = verify_backup(folder, progress)
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
        restored, present = _restore_blobs(folder, manifest, progress)
    return RestoreReport(manifest, restored, present)


def _restore_blobs(folder: Path, manifest: Manifest, progress: Progress) -> tuple[int, int]:
    entries = _blob_entries(manifest)
    if not entries:
        return 0, 0
    if settings.CHANCERY_BLOB_BACKEND != "filesystem":
        raise BackupError(
            "this backup holds blob files but CHANCERY_BLOB_BACKEND is not 'filesystem': "
            "copy the blobs/ folder into the object store with its own tools"
        )
    root = Path(settings.CHANCERY_BLOB_ROOT)
    restored = present = 0
    for entry in entries:
        relative = safe_relative(str(entry["path"])).relative_to(BLOBS)
        target = root / relative
        if target.is_file() and sha256_file(target)[0] == entry["sha256"]:
            present += 1
            continue
        copy_hashed(folder / BLOBS / relative, target, progress)
        restored += 1
    damaged = [
        str(entry["path"])
        for entry in entries
        if sha256_file(root / safe_relative(str(entry["path"])).relative_to(BLOBS))
        != (entry["sha256"], entry["size"])
    ]
    if damaged:
        raise BackupError(
            "restored blobs do not read back with their checksums: " + ", ".join(damaged[:10])
        )
    return restored, present
