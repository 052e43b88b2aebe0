"""Key-encryption keys (KEKs): one series per classification level, each key versioned.

The keyring is JSON::

    {"format": 1,
     "levels": {"1": {"current": 2, "keys": {"1": "<base64 32 bytes>", "2": "<...>"}},
                "2": {...}, "3": {...}}}

It comes from ``CHANCERY_BLOB_KEYRING`` (the JSON itself, or ``CHANCERY_BLOB_KEYRING_FILE``,
e.g. a mounted secret) or else from the file at ``CHANCERY_BLOB_KEYRING_PATH``. In development
that file is generated on first use (``var/keys/``, mode 0600). New data keys are wrapped with
the level's ``current`` version; older versions stay until ``rotate-keys`` has re-wrapped every
data key that uses them.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from chancery.blobs.exceptions import KeyNotAvailable, KeyringError
from chancery.blobs.fsutil import fsync_dir, make_dirs, temporary_sibling, write_atomically

KEY_BYTES = 32
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class LevelKeys:
    current: int
    keys: dict[int, bytes]


@dataclass(frozen=True)
class Keyring:
    levels: dict[int, LevelKeys]

    def current(self, level: int) -> tuple[int, bytes]:
        """The version and key new data keys of ``level`` are wrapped with."""
        entry = self.levels.get(level)
        if entry is None:
            raise KeyNotAvailable(level=level, version="current")
        return entry.current, self.key(level, entry.current)

    def key(self, level: int, version: int) -> bytes:
        entry = self.levels.get(level)
        if entry is None or version not in entry.keys:
            raise KeyNotAvailable(level=level, version=version)
        return entry.keys[version]

    def with_new_version(self, level: int) -> Keyring:
        """A copy with a fresh random key for ``level``, made current."""
        entry = self.levels.get(level, LevelKeys(0, {}))
        version = max(entry.keys, default=0) + 1
        keys = {**entry.keys, version: secrets.token_bytes(KEY_BYTES)}
        return Keyring({**self.levels, level: LevelKeys(version, keys)})

    def to_json(self) -> str:
        levels = {
            str(level): {
                "current": entry.current,
                "keys": {str(v): base64.b64encode(k).decode() for v, k in entry.keys.items()},
            }
            for level, entry in sorted(self.levels.items())
        }
        return json.dumps({"format": 1, "levels": levels}, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        try:
            data: Any = json.loads(text)
            levels: dict[int, LevelKeys] = {}
            for level, entry in data["levels"].items():
                keys = {
                    int(version): base64.b64decode(material, validate=True)
                    for version, material in entry["keys"].items()
                }
                if any(len(key) != KEY_BYTES for key in keys.values()):
                    raise KeyringError(_("Every key in the keyring must be 32 bytes."))
                if int(entry["current"]) not in keys:
                    raise KeyringError(_("The keyring's current version has no key."))
                levels[int(level)] = LevelKeys(int(entry["current"]), keys)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
            raise KeyringError(_("The keyring is not valid JSON of the expected shape.")) from exc
        return cls(levels)

    @classmethod
    def generate(cls) -> Keyring:
        keyring = cls({})
        for level in LEVELS:
            keyring = keyring.with_new_version(level)
        return keyring


def load_keyring() -> Keyring:
    """The configured keyring; generates the development file if allowed and missing."""
    if settings.CHANCERY_BLOB_KEYRING:
        return Keyring.from_json(settings.CHANCERY_BLOB_KEYRING)
    path = Path(settings.CHANCERY_BLOB_KEYRING_PATH)
    if not path.exists():
        if not settings.CHANCERY_BLOB_KEYRING_AUTOCREATE:
            raise KeyringError(
                _("No keyring: set CHANCERY_BLOB_KEYRING_FILE or CHANCERY_BLOB_KEYRING_PATH.")
            )
        _create(path, Keyring.generate())
    return Keyring.from_json(_read_private(path))


def add_key_version(level: int) -> int:
    """Add a new current key for ``level`` to the keyring file; return its version.

    Only for a keyring kept in a file: a keyring given in the environment is managed by
    whoever provisions that secret.
    """
    if settings.CHANCERY_BLOB_KEYRING:
        raise KeyringError(
            _("The keyring comes from the environment; add the key where that secret is kept.")
        )
    keyring = load_keyring().with_new_version(level)
    write_atomically(Path(settings.CHANCERY_BLOB_KEYRING_PATH), keyring.to_json().encode())
    return keyring.levels[level].current


def _create(path: Path, keyring: Keyring) -> None:
    """Create the file with its full content, unless another process created it first.

    Two processes starting at once must not each generate (and use) their own keys, and neither
    may read a half-written file: the keyring is written to a temp file and hard-linked into
    place, which fails if the name already exists.
    """
    make_dirs(path.parent, mode=0o700)
    with temporary_sibling(path) as temp:
        temp.write(keyring.to_json().encode())
        os.fsync(temp.fd)
        temp.close()
        try:
            os.link(temp.path, path)
        except FileExistsError:
            pass
        finally:
            temp.path.unlink()
        fsync_dir(path.parent)


def _read_private(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyringError(
            _("The keyring file %(path)s must be readable by its owner only (chmod 600)."),
            path=str(path),
        )
    text = path.read_text(encoding="utf-8")
    if not text.strip():
        raise KeyringError(_("The keyring file %(path)s is empty."), path=str(path))
    return text
