"""SHA-256 of files, and copies that hash what they copy and land atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from chancery.lib.files import fsync_dir

CHUNK = 1024 * 1024

Progress = Callable[[int], object]


def _noop(_count: int) -> None:
    return None


def sha256_file(path: Path, progress: Progress = _noop) -> tuple[str, int]:
    """The hex SHA-256 and the size of ``path``, read once."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            progress(len(chunk))
    return digest.hexdigest(), size


def copy_hashed(source: Path, target: Path, progress: Progress = _noop) -> tuple[str, int]:
    """Copy ``source`` to ``target`` (temp file, fsync, rename) and return its SHA-256 and size.

    The mode bits follow the source (content-addressed blobs are read-only). A crash leaves
    either the old target or the complete new one, never half a file under the final name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, temp_name = tempfile.mkstemp(prefix=".restore-", suffix=".partial", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
                progress(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(source.stat().st_mode & 0o777)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
    return digest.hexdigest(), size
