"""The database itself refuses to change or remove audit entries and checkpoints."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from chancery.core.actions.audit import create_checkpoint
from chancery.core.models import AuditCheckpoint, AuditEntry
from chancery.core.tests.audit_helpers import isolated_audit_files, make_chain  # noqa: F401

pytestmark = pytest.mark.django_db


def _refused(sql: str, *params: Any) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, list(params))
    return str(error.value)


def test_saving_a_changed_entry_through_the_orm_is_refused() -> None:
    entry = make_chain(1)[0]
    entry.action = "test.innocent"

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()

    assert AuditEntry.objects.get(seq=1).action == "test.event"


def test_orm_update_and_delete_are_refused() -> None:
    make_chain(2)

    with pytest.raises(DatabaseError, match="UPDATE is refused"), transaction.atomic():
        AuditEntry.objects.filter(seq=1).update(object_label="changed")
    with pytest.raises(DatabaseError, match="DELETE is refused"), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()

    assert AuditEntry.objects.count() == 2


def test_raw_sql_update_delete_and_truncate_are_refused() -> None:
    make_chain(2)

    assert "UPDATE is refused" in _refused("UPDATE core_auditentry SET action = 'x'")
    assert "DELETE is refused" in _refused("DELETE FROM core_auditentry WHERE seq = 1")
    with connection.cursor() as cursor:
        # Test connections allow TRUNCATE for pytest-django's flush; a real one does not.
        cursor.execute("SET LOCAL chancery.allow_audit_truncate = 'off'")
    assert "TRUNCATE is refused" in _refused("TRUNCATE core_auditentry")
    assert AuditEntry.objects.count() == 2


@pytest.mark.usefixtures("isolated_audit_files")
def test_checkpoints_cannot_be_changed_or_removed_either() -> None:
    make_chain(1)
    create_checkpoint()

    message = _refused("UPDATE core_auditcheckpoint SET head_hash = repeat('0', 64)")
    assert "append-only" in message
    assert "DELETE is refused" in _refused("DELETE FROM core_auditcheckpoint")
    assert AuditCheckpoint.objects.count() == 1
