"""Blobs as objects in an S3-compatible bucket (AWS, MinIO, Ceph RGW): ``prefix/ab/cd/<sha256>``.

Atomicity: a single S3 PUT is atomic; the object appears complete or not at all, and an
interrupted upload leaves nothing under the key. We therefore upload straight to the final,
content-addressed key instead of uploading to a temporary key and copying: the copy would
double the transfer, CopyObject is limited to 5 GiB, and the address of a given content never
changes, so there is no "old version" a reader could be confused with. ``ChecksumSHA256`` is
sent with every PUT so that the server itself refuses bytes damaged in transit (the digest is
the address, which we verify locally before sending). Multipart uploads are not used: uploads
are limited far below the 5 GiB single-PUT ceiling; stale multipart uploads left by other tools
under our prefix are aborted by garbage collection all the same.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, Literal, Self

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chancery.blobs.backends.base import BlobBackend, StoredObject, check_address, shard
from chancery.blobs.constants import ADDRESS_RE, CHUNK_SIZE
from chancery.blobs.exceptions import BackendError, BlobCorrupted, BlobNotFound
from chancery.blobs.streams import hash_file

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

MAX_SINGLE_PUT = 5 * 1024**3
AddressingStyle = Literal["auto", "virtual", "path"]
ADDRESSING_STYLES: tuple[AddressingStyle, ...] = ("auto", "virtual", "path")
_MISSING = {"404", "NoSuchKey", "NotFound"}


@dataclass(frozen=True)
class S3Config:
    bucket: str
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = field(default=None, repr=False)
    prefix: str = "blobs/"
    addressing_style: AddressingStyle = "auto"


class S3Backend(BlobBackend):
    name = "s3"

    def __init__(self, config: S3Config) -> None:
        if not config.bucket:
            raise BackendError(_("CHANCERY_S3_BUCKET is not set."))
        self.config = config
        self.bucket = config.bucket
        self.prefix = config.prefix.strip("/") + "/" if config.prefix.strip("/") else ""
        self.client: S3Client = boto3.session.Session().client(
            "s3",
            endpoint_url=config.endpoint_url,
            region_name=config.region,
            aws_access_key_id=config.access_key_id,
            aws_secret_access_key=config.secret_access_key,
            config=Config(
                s3={"addressing_style": config.addressing_style},
                retries={"mode": "standard", "max_attempts": 5},
                connect_timeout=10,
                read_timeout=60,
            ),
        )

    @classmethod
    def config_from_settings(cls) -> Hashable:
        style = next(
            (s for s in ADDRESSING_STYLES if s == settings.CHANCERY_S3_ADDRESSING_STYLE), None
        )
        if style is None:
            raise ImproperlyConfigured("CHANCERY_S3_ADDRESSING_STYLE must be auto, virtual or path")
        return S3Config(
            bucket=settings.CHANCERY_S3_BUCKET or "",
            endpoint_url=settings.CHANCERY_S3_ENDPOINT_URL,
            region=settings.CHANCERY_S3_REGION,
            access_key_id=settings.CHANCERY_S3_ACCESS_KEY_ID,
            secret_access_key=settings.CHANCERY_S3_SECRET_ACCESS_KEY,
            prefix=settings.CHANCERY_S3_PREFIX or "",
            addressing_style=style,
        )

    @classmethod
    def from_config(cls, config: Hashable) -> Self:
        assert isinstance(config, S3Config)
        return cls(config)

    def key_for(self, address: str) -> str:
        return self.prefix + shard(check_address(address))

    def put(self, address: str, source: IO[bytes]) -> None:
        key = self.key_for(address)
        digest, size = hash_file(source)
        if digest != address:
            raise BlobCorrupted(address=address)
        if size > MAX_SINGLE_PUT:
            raise BackendError(_("Objects above 5 GiB cannot be stored in S3 in one request."))
        if self.exists(address):
            return
        with _translated_errors():
            self.client.put_object(
                Bucket=self.bucket,
                Key=key,
                Body=source,
                ContentLength=size,
                ContentType="application/octet-stream",
                ChecksumSHA256=base64.b64encode(bytes.fromhex(address)).decode("ascii"),
            )

    def open_raw(self, address: str) -> Iterator[bytes]:
        key = self.key_for(address)
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _is_missing(exc):
                raise BlobNotFound from exc
            raise BackendError from exc
        except BotoCoreError as exc:
            raise BackendError from exc
        return _read_and_close(response["Body"])

    def exists(self, address: str) -> bool:
        key = self.key_for(address)
        try:
            self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if _is_missing(exc):
                return False
            raise BackendError from exc
        except BotoCoreError as exc:
            raise BackendError from exc
        return True

    def delete(self, address: str) -> None:
        with _translated_errors():
            self.client.delete_object(Bucket=self.bucket, Key=self.key_for(address))

    def iter_stored(self) -> Iterator[StoredObject]:
        paginator = self.client.get_paginator("list_objects_v2")
        with _translated_errors():
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
                for item in page.get("Contents", []):
                    address = item["Key"][len(self.prefix) :].rsplit("/", 1)[-1]
                    if ADDRESS_RE.match(address) and item["Key"] == self.key_for(address):
                        yield StoredObject(address, item["Size"], item["LastModified"])

    def remove_stale_temporaries(self, older_than: datetime, *, dry_run: bool = False) -> int:
        removed = 0
        paginator = self.client.get_paginator("list_multipart_uploads")
        with _translated_errors():
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
                for upload in page.get("Uploads", []):
                    if upload["Initiated"] >= older_than:
                        continue
                    if not dry_run:
                        self.client.abort_multipart_upload(
                            Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                        )
                    removed += 1
        return removed


def _is_missing(exc: ClientError) -> bool:
    return str(exc.response.get("Error", {}).get("Code", "")) in _MISSING


@contextlib.contextmanager
def _translated_errors() -> Iterator[None]:
    """Turn boto errors into ``BackendError`` so callers handle one exception family."""
    try:
        yield
    except (ClientError, BotoCoreError) as exc:
        raise BackendError from exc


def _read_and_close(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK_SIZE)
    except (ClientError, BotoCoreError) as exc:
        raise BackendError from exc
    finally:
        body.close()
