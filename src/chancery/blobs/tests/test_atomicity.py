"""A writer killed mid-way (SIGKILL: no cleanup code runs) leaves nothing under the address.

The write runs in a child process that stops at a chosen point and says so; the test then
kills it and looks at what a reader would see.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from chancery.blobs.backends import BlobBackend, shard
from chancery.blobs.backends.filesystem import FilesystemBackend
from chancery.blobs.backends.s3 import S3Backend
from chancery.blobs.constants import CHUNK_SIZE
from chancery.blobs.fsutil import is_temporary
from chancery.blobs.tests.conftest import RawStore

# The child builds the backend from JSON (no Django settings needed), stalls where told,
# prints READY and waits to be killed.
CHILD = textwrap.dedent(
    """
    import io, json, os, sys, time, traceback
    spec = json.loads(sys.argv[1])
    data = open(spec["data"], "rb").read()

    def stall():
        print("READY", flush=True)
        time.sleep(600)

    class StallingSource(io.BytesIO):
        '''Hands out the first chunk, then stalls while the rest is being written or sent.'''
        def read(self, size=-1):
            frames = [frame.filename for frame in traceback.extract_stack()]
            sending = spec["backend"] == "filesystem" or any("urllib3" in f for f in frames)
            if spec["when"] == "midway" and sending and self.tell() > 0:
                stall()
            return super().read(size)

    if spec["when"] == "rename":
        os.replace = lambda *args, **kwargs: stall()
    if spec["backend"] == "filesystem":
        from chancery.blobs.backends.filesystem import FilesystemBackend
        backend = FilesystemBackend(spec["root"])
    else:
        from chancery.blobs.backends.s3 import S3Backend, S3Config
        backend = S3Backend(S3Config(**spec["s3"]))
    backend.put(spec["address"], StallingSource(data))
    print("FINISHED", flush=True)
    """
)


def _kill_writer_at(backend: BlobBackend, when: str, data: bytes, scratch: Path) -> str:
    address = hashlib.sha256(data).hexdigest()
    source = scratch / "source.bin"
    source.write_bytes(data)
    spec: dict[str, object] = {"data": str(source), "address": address, "when": when}
    if isinstance(backend, S3Backend):
        spec |= {"backend": "s3", "s3": asdict(backend.config)}
    else:
        assert isinstance(backend, FilesystemBackend)
        spec |= {"backend": "filesystem", "root": str(backend.root)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(spec)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "READY"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return address


def test_a_writer_killed_midway_leaves_no_object_under_the_address(
    backend: BlobBackend, raw: RawStore, tmp_path: Path
) -> None:
    data = os.urandom(4 * CHUNK_SIZE)

    address = _kill_writer_at(backend, "midway", data, tmp_path)

    assert not backend.exists(address)
    assert address not in raw.names()
    assert list(backend.iter_stored()) == []


def test_a_writer_killed_between_fsync_and_rename_leaves_only_a_temp_file_that_gc_removes(
    tmp_path: Path,
) -> None:
    backend = FilesystemBackend(tmp_path / "blobs")
    data = os.urandom(2 * CHUNK_SIZE + 7)

    address = _kill_writer_at(backend, "rename", data, tmp_path)

    target = backend.root / shard(address)
    leftovers = list(target.parent.iterdir())
    assert not backend.exists(address)
    assert not target.exists()
    assert [is_temporary(p.name) for p in leftovers] == [True]
    assert leftovers[0].read_bytes() == data  # complete and synced, yet invisible
    assert list(backend.iter_stored()) == []

    recent = datetime.now(UTC) - timedelta(hours=1)
    assert backend.remove_stale_temporaries(recent) == 0  # a write in progress is spared
    assert backend.remove_stale_temporaries(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert list(target.parent.iterdir()) == []


def test_the_same_content_stores_normally_after_a_killed_attempt(
    backend: BlobBackend, tmp_path: Path
) -> None:
    data = os.urandom(3 * CHUNK_SIZE)
    address = _kill_writer_at(backend, "midway", data, tmp_path)

    backend.put(address, io.BytesIO(data))

    assert b"".join(backend.open(address)) == data
