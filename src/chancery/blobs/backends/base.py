"""The contract every storage backend honours.

A backend stores opaque bytes under their SHA-256 address. It knows nothing of metadata,
encryption or permissions: those live in the database and in ``actions``/``queries``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, ClassVar, Self

from chancery.blobs.constants import ADDRESS_RE
from chancery.blobs.exceptions import BlobCorrupted, InvalidAddress
from chancery.blobs.streams import verified


@dataclass(frozen=True)
class StoredObject:
    """One object found in the backend, as listed for garbage collection."""

    address: str
    size: int
    modified: datetime


def check_address(address: str) -> str:
    """Refuse anything but 64 lowercase hex digits (this also rules out path traversal)."""
    if not isinstance(address, str) or not ADDRESS_RE.match(address):
        raise InvalidAddress
    return address


def shard(address: str) -> str:
    """``ab/cd/abcd…``: two levels of 256 directories keep every directory small."""
    return f"{address[:2]}/{address[2:4]}/{address}"


class BlobBackend(ABC):
    """Content-addressed byte storage. Implementations register in ``backends.BACKENDS``."""

    #: The value of ``CHANCERY_BLOB_BACKEND`` that selects this backend.
    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def config_from_settings(cls) -> Hashable:
        """Everything the backend needs from settings, as one hashable value."""

    @classmethod
    @abstractmethod
    def from_config(cls, config: Hashable) -> Self:
        """Build an instance from what :meth:`config_from_settings` returned."""

    @abstractmethod
    def put(self, address: str, source: IO[bytes]) -> None:
        """Store the bytes of the seekable file ``source`` (from its start) under ``address``.

        Atomic: a reader sees the complete object or nothing, even if the process dies midway.
        Refuses (:class:`BlobCorrupted`) if the bytes do not hash to ``address``. Storing an
        address that already exists is harmless.
        """

    @abstractmethod
    def open_raw(self, address: str) -> Iterator[bytes]:
        """The stored bytes in chunks, unchecked. Raises ``BlobNotFound`` immediately."""

    @abstractmethod
    def exists(self, address: str) -> bool: ...

    @abstractmethod
    def delete(self, address: str) -> None:
        """Remove the object; removing a missing object is not an error (idempotent)."""

    @abstractmethod
    def iter_stored(self) -> Iterator[StoredObject]:
        """Every complete object, in no particular order (temporary files excluded)."""

    @abstractmethod
    def remove_stale_temporaries(self, older_than: datetime, *, dry_run: bool = False) -> int:
        """Remove leftovers of interrupted writes started before ``older_than``; count them."""

    def open(self, address: str) -> Iterator[bytes]:
        """The stored bytes in chunks, checked against the address while they stream."""
        check_address(address)
        return verified(self.open_raw(address), address, lambda: BlobCorrupted(address=address))
