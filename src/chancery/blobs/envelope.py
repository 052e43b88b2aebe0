"""Envelope encryption of ``Blob`` rows: seal on store, open on read, re-wrap on rotation."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from typing import IO

from chancery.blobs import crypto
from chancery.blobs.exceptions import BlobTampered
from chancery.blobs.keyring import Keyring, load_keyring
from chancery.blobs.models import Blob
from chancery.blobs.spooling import new_spool
from chancery.blobs.streams import iter_chunks


def binding_of(blob: Blob) -> crypto.Binding:
    return crypto.Binding(
        blob_id=str(blob.id),
        level=int(blob.classification),
        object_type=blob.aad_object_type,
        object_id=blob.aad_object_id,
        object_version=int(blob.aad_object_version),
    )


@contextlib.contextmanager
def sealed(blob: Blob, plaintext: IO[bytes]) -> Iterator[IO[bytes]]:
    """Encrypt ``plaintext`` for ``blob`` into a spool; fill in the blob's address and key fields.

    ``blob`` must already carry its id, classification and bound owner: they are authenticated.
    """
    version, kek = load_keyring().current(int(blob.classification))
    data_key = crypto.new_data_key()
    nonce_prefix = crypto.new_nonce_prefix()
    binding = binding_of(blob)
    digest = hashlib.sha256()
    size = 0
    with new_spool() as spool:
        plaintext.seek(0)
        for piece in crypto.encrypt_stream(
            iter_chunks(plaintext), data_key=data_key, nonce_prefix=nonce_prefix, binding=binding
        ):
            digest.update(piece)
            size += len(piece)
            spool.write(piece)
        spool.seek(0)
        blob.address = digest.hexdigest()
        blob.stored_size = size
        blob.encryption_scheme = crypto.SCHEME
        blob.wrapped_key = crypto.wrap_key(data_key, kek, binding, version)
        blob.key_version = version
        blob.nonce = nonce_prefix
        yield spool


def plaintext_of(blob: Blob, ciphertext: Iterator[bytes]) -> Iterator[bytes]:
    """The decrypted content of ``blob``. The data key is unwrapped now, so a wrong keyring,
    level or binding is refused before the first byte is read."""
    data_key = _data_key(blob, load_keyring())
    return crypto.decrypt_stream(
        ciphertext,
        data_key=data_key,
        nonce_prefix=bytes(blob.nonce or b""),
        binding=binding_of(blob),
    )


def rewrap(blob: Blob, keyring: Keyring) -> None:
    """Wrap the blob's data key with the level's current KEK; the content is not touched."""
    version, kek = keyring.current(int(blob.classification))
    data_key = _data_key(blob, keyring)
    blob.wrapped_key = crypto.wrap_key(data_key, kek, binding_of(blob), version)
    blob.key_version = version


def _data_key(blob: Blob, keyring: Keyring) -> bytes:
    if blob.wrapped_key is None or blob.key_version is None or blob.nonce is None:
        raise BlobTampered
    kek = keyring.key(int(blob.classification), int(blob.key_version))
    return crypto.unwrap_key(bytes(blob.wrapped_key), kek, binding_of(blob), int(blob.key_version))
