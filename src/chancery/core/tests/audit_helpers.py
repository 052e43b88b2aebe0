"""Helpers for the audit chain tests: a private key and checkpoint directory, a chain of
entries, and tampering with rows the database otherwise refuses to change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from chancery.core.audit import record
from chancery.core.models import AuditEntry, User


@dataclass(frozen=True)
class AuditPaths:
    checkpoints: Path
    key: Path


@pytest.fixture
def isolated_audit_files(settings: Any, tmp_path: Path) -> None:
    """A signing key location and checkpoint directory of this test's own."""
    settings.CHANCERY_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.CHANCERY_AUDIT_SIGNING_KEY = tmp_path / "keys" / "audit-ed25519.pem"
    settings.CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE = True


def audit_paths() -> AuditPaths:
    from django.conf import settings

    return AuditPaths(
        Path(settings.CHANCERY_AUDIT_CHECKPOINT_DIR), Path(settings.CHANCERY_AUDIT_SIGNING_KEY)
    )


def make_chain(count: int, actor: User | None = None) -> list[AuditEntry]:
    return [
        record(
            actor,
            "test.event",
            object_type="test.thing",
            object_id=str(number),
            object_label=f"Thing №{number}",
            data={"number": number, "note": "ghi chú"},
        )
        for number in range(1, count + 1)
    ]


@contextmanager
def tampering() -> Iterator[Any]:
    """A cursor that may change the audit tables, as an attacker with table rights could."""
    tables = ("core_auditentry", "core_auditcheckpoint")
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def run_verify(*args: str) -> tuple[int, str]:
    """``chancery audit verify``: its exit status and what it printed."""
    from io import StringIO

    out = StringIO()
    try:
        with translation.override("en"):
            call_command("audit", "verify", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()
