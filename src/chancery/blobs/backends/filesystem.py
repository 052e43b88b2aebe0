"""Blobs as files under ``CHANCERY_BLOB_ROOT``: ``root/ab/cd/<sha256>``.

Each write goes to a temp file in the blob's own directory, is flushed and fsynced, renamed
onto its address and the directory fsynced: after a crash the address holds the whole file or
nothing. Stored files are made read-only (0440) because content-addressed files never change.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Hashable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Self

from django.conf import settings

from chancery.blobs.backends.base import BlobBackend, StoredObject, check_address, shard
from chancery.blobs.constants import ADDRESS_RE, CHUNK_SIZE
from chancery.blobs.exceptions import BlobCorrupted, BlobNotFound
from chancery.blobs.fsutil import fsync_dir, is_temporary, make_dirs, publish, temporary_sibling
from chancery.blobs.streams import iter_chunks

FILE_MODE = 0o440


class FilesystemBackend(BlobBackend):
    name = "filesystem"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @classmethod
    def config_from_settings(cls) -> Hashable:
        return Path(settings.CHANCERY_BLOB_ROOT).resolve()

    @classmethod
    def from_config(cls, config: Hashable) -> Self:
        assert isinstance(config, Path)
        return cls(config)

    def path_for(self, address: str) -> Path:
        return self.root / shard(check_address(address))

    def put(self, address: str, source: IO[bytes]) -> None:
        target = self.path_for(address)
        if target.exists():
            return
        make_dirs(target.parent)
        source.seek(0)
        digest = hashlib.sha256()
        with temporary_sibling(target) as temp:
            for chunk in iter_chunks(source):
                digest.update(chunk)
                temp.write(chunk)
            if digest.hexdigest() != address:
                raise BlobCorrupted(address=address)
            publish(temp, target, FILE_MODE)

    def open_raw(self, address: str) -> Iterator[bytes]:
        try:
            handle = self.path_for(address).open("rb")
        except FileNotFoundError as exc:
            raise BlobNotFound from exc
        return _read_and_close(handle)

    def exists(self, address: str) -> bool:
        return self.path_for(address).is_file()

    def delete(self, address: str) -> None:
        path = self.path_for(address)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        fsync_dir(path.parent)

    def iter_stored(self) -> Iterator[StoredObject]:
        for path in self._files():
            if ADDRESS_RE.match(path.name) and path.parent.name == path.name[2:4]:
                with contextlib.suppress(FileNotFoundError):  # deleted while listing
                    stat = path.stat()
                    yield StoredObject(path.name, stat.st_size, _utc(stat.st_mtime))

    def remove_stale_temporaries(self, older_than: datetime, *, dry_run: bool = False) -> int:
        removed = 0
        for path in self._files():
            if not is_temporary(path.name):
                continue
            with contextlib.suppress(FileNotFoundError):
                if _utc(path.stat().st_mtime) < older_than:
                    if not dry_run:
                        path.unlink()
                    removed += 1
        return removed

    def _files(self) -> Iterator[Path]:
        """Files two directory levels down, the only place blobs and their temp files live."""
        if not self.root.is_dir():
            return
        for first in sorted(self.root.iterdir()):
            if first.is_dir() and len(first.name) == 2:
                for second in sorted(first.iterdir()):
                    if second.is_dir() and len(second.name) == 2:
                        yield from (entry for entry in second.iterdir() if entry.is_file())


def _read_and_close(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        yield from iter_chunks(handle, CHUNK_SIZE)


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)
