"""The backend registry: ``CHANCERY_BLOB_BACKEND`` names one of ``BACKENDS``.

A backend is referenced by dotted path so that boto3 is only imported where S3 is used.
``register_backend`` adds one from another package; a dotted path in the setting works too.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from chancery.blobs.backends.base import BlobBackend, StoredObject, check_address, shard

BACKENDS: dict[str, str] = {
    "filesystem": "chancery.blobs.backends.filesystem.FilesystemBackend",
    "s3": "chancery.blobs.backends.s3.S3Backend",
}


def register_backend(name: str, dotted_path: str) -> None:
    """Make ``CHANCERY_BLOB_BACKEND=name`` select the class at ``dotted_path``."""
    BACKENDS[name] = dotted_path


def backend_class(name: str) -> type[BlobBackend]:
    path = BACKENDS.get(name, name if "." in name else "")
    if not path:
        raise ImproperlyConfigured(
            f"CHANCERY_BLOB_BACKEND={name!r} is not one of {sorted(BACKENDS)} nor a dotted path"
        )
    cls = import_string(path)
    if not (isinstance(cls, type) and issubclass(cls, BlobBackend)):
        raise ImproperlyConfigured(f"{path} is not a BlobBackend")
    return cls


@lru_cache(maxsize=8)
def _instance(cls: type[BlobBackend], config: Hashable) -> BlobBackend:
    return cls.from_config(config)


def get_backend() -> BlobBackend:
    """The configured backend. Instances are reused while the settings they read stay equal."""
    cls = backend_class(settings.CHANCERY_BLOB_BACKEND or "filesystem")
    return _instance(cls, cls.config_from_settings())


__all__ = [
    "BACKENDS",
    "BlobBackend",
    "StoredObject",
    "backend_class",
    "check_address",
    "get_backend",
    "register_backend",
    "shard",
]
