"""Durable file-system writes: a file is either absent or complete, even after a power cut."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from chancery.lib.files import fsync_dir, write_atomic

__all__ = [
    "fsync_dir",
    "is_temporary",
    "make_dirs",
    "publish",
    "temporary_sibling",
    "write_atomically",
]

TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".partial"


def make_dirs(path: Path, mode: int = 0o750) -> None:
    """Create ``path`` and its missing parents, syncing each new entry into its parent."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for directory in reversed(missing):
        with contextlib.suppress(FileExistsError):  # a concurrent writer made it first
            directory.mkdir(mode=mode)
        fsync_dir(directory.parent)


class TempFile:
    """A temp file being written; ``fd`` is closed exactly once, by ``publish`` or on error."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path
        self.closed = False

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            os.close(self.fd)


@contextlib.contextmanager
def temporary_sibling(target: Path) -> Iterator[TempFile]:
    """An open temp file next to ``target`` (same directory, so the final rename is atomic).

    Removed on any error; the caller renames it into place with :func:`publish`. A process
    killed before that leaves a ``.tmp-*.partial`` file which garbage collection removes later.
    """
    fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=target.parent)
    temp = TempFile(fd, Path(name))
    try:
        yield temp
    except BaseException:
        temp.close()
        with contextlib.suppress(FileNotFoundError):
            temp.path.unlink()
        raise


def publish(temp: TempFile, target: Path, mode: int) -> None:
    """Flush ``temp`` to disk, close it and rename it onto ``target``, durably."""
    os.fchmod(temp.fd, mode)
    os.fsync(temp.fd)
    temp.close()
    os.replace(temp.path, target)
    fsync_dir(target.parent)


def write_atomically(target: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``target`` with ``data`` so that readers see the old or the new file, never half."""
    make_dirs(target.parent, mode=0o700)
    write_atomic(target, data, mode=mode)


def is_temporary(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
