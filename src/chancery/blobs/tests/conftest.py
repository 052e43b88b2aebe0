"""Fixtures for the blobs tests: both backends (the S3 one on a loopback moto server)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, cast

import boto3
import pytest
from moto.server import ThreadedMotoServer

from chancery.blobs.backends import BlobBackend, get_backend, shard
from chancery.blobs.backends.filesystem import FilesystemBackend
from chancery.blobs.backends.s3 import S3Backend
from chancery.core.service import User
from chancery.core.tests.factories import UserFactory

BACKENDS = ["filesystem", "s3"]


def person(**fields: Any) -> User:
    """A staff member from the shared factory, typed for mypy."""
    return cast("User", UserFactory(**fields))


class RawStore(Protocol):
    """Direct access to what a backend holds, bypassing every check (to corrupt or inspect)."""

    def read(self, address: str) -> bytes: ...
    def write(self, address: str, data: bytes) -> None: ...
    def names(self) -> list[str]: ...


class FilesystemRaw:
    def __init__(self, backend: FilesystemBackend) -> None:
        self.root = backend.root

    def read(self, address: str) -> bytes:
        return (self.root / shard(address)).read_bytes()

    def write(self, address: str, data: bytes) -> None:
        path = self.root / shard(address)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.chmod(0o600)
        path.write_bytes(data)

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.rglob("*") if p.is_file())


class S3Raw:
    def __init__(self, backend: S3Backend) -> None:
        self.client = backend.client
        self.bucket = backend.bucket
        self.prefix = backend.prefix

    def read(self, address: str) -> bytes:
        response = self.client.get_object(Bucket=self.bucket, Key=self.prefix + shard(address))
        return response["Body"].read()

    def write(self, address: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + shard(address), Body=data)

    def names(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"].rsplit("/", 1)[-1] for item in listing.get("Contents", []))


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def blob_settings(settings: Any, tmp_path: Path) -> None:
    """A private keyring and blob root per test, the isolated profile, the default limit."""
    settings.CHANCERY_PROFILE = "isolated"
    settings.CHANCERY_BLOB_KEYRING = None
    settings.CHANCERY_BLOB_KEYRING_PATH = tmp_path / "keys" / "blob-keyring.json"
    settings.CHANCERY_BLOB_KEYRING_AUTOCREATE = True
    settings.CHANCERY_BLOB_BACKEND = "filesystem"
    settings.CHANCERY_BLOB_ROOT = tmp_path / "blobs"
    settings.CHANCERY_BLOB_SPOOL_DIR = str(tmp_path)


@pytest.fixture(params=BACKENDS)
def backend_name(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> str:
    """Runs the test once per backend; the S3 one gets a fresh bucket on the moto server."""
    name: str = request.param
    settings.CHANCERY_BLOB_BACKEND = name
    if name == "s3":
        endpoint = request.getfixturevalue("moto_endpoint")
        bucket = f"chancery-test-{uuid.uuid4().hex[:16]}"
        key_id, secret = "test-key", "test-secret"
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
        ).create_bucket(Bucket=bucket)
        settings.CHANCERY_S3_BUCKET = bucket
        settings.CHANCERY_S3_ENDPOINT_URL = endpoint
        settings.CHANCERY_S3_REGION = "us-east-1"
        settings.CHANCERY_S3_ACCESS_KEY_ID = key_id
        settings.CHANCERY_S3_SECRET_ACCESS_KEY = secret
        settings.CHANCERY_S3_PREFIX = "blobs/"
        settings.CHANCERY_S3_ADDRESSING_STYLE = "path"
    return name


@pytest.fixture
def backend(backend_name: str) -> BlobBackend:
    return get_backend()


@pytest.fixture
def raw(backend: BlobBackend) -> RawStore:
    if isinstance(backend, S3Backend):
        return S3Raw(backend)
    assert isinstance(backend, FilesystemBackend)
    return FilesystemRaw(backend)
