"""The only module that reads ``os.environ``.

Every setting comes from an environment variable. A secret may instead be given as a file:
``NAME_FILE=/run/secrets/name`` wins over ``NAME`` so that secrets never have to sit in the
environment of every child process.
"""

from __future__ import annotations

import os
from pathlib import Path


class ImproperlyConfiguredEnv(RuntimeError):
    """A required variable is missing or malformed."""


def get(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfiguredEnv(f"{name}_FILE={file_path} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def require(name: str) -> str:
    value = get(name)
    if not value:
        raise ImproperlyConfiguredEnv(f"{name} (or {name}_FILE) must be set")
    return value


def get_bool(name: str, default: bool = False) -> bool:
    value = get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfiguredEnv(f"{name}={value!r} is not a boolean")


def get_int(name: str, default: int) -> int:
    value = get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name}={value!r} is not an integer") from exc


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    value = get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def project_root() -> Path:
    """The checkout (``src/chancery/conf/env.py`` → three levels up), or CHANCERY_HOME."""
    home = get("CHANCERY_HOME")
    if home:
        return Path(home).resolve()
    return Path(__file__).resolve().parents[3]


def var_dir() -> Path:
    """Where the embedded database, blobs and checkpoints live unless configured otherwise."""
    configured = get("CHANCERY_VAR_DIR")
    return Path(configured).resolve() if configured else project_root() / "var"
