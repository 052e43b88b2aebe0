"""The copy register under concurrency: numbers stay gapless when copies are made at once."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from django.db import connection

from chancery.core.service import Clearance, Role
from chancery.documents.actions.copies import register_copy
from chancery.documents.constants import CopyAction
from chancery.documents.models import CopyRecord, Document
from chancery.documents.tests.factories_records import completed_document, person


def _cleanup(document: Document, readers: list[Any]) -> None:
    CopyRecord.objects.filter(document=document).delete()
    unit, creator = document.unit, document.created_by
    document.distribution.clear()
    document.delete()
    for reader in readers:
        reader_unit = reader.unit
        reader.delete()
        reader_unit.delete()
    creator.delete()
    unit.delete()


def test_copy_numbers_stay_gapless_when_copies_are_made_at_once(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    # Threads need committed rows: made outside any test transaction, removed at the end.
    # (Not ``transaction=True``: flushing the tables after it fails on the search triggers.)
    with django_db_blocker.unblock():
        readers = [
            person(Role.SPECIALIST, clearance=Clearance.SECRET, username=f"r{uuid.uuid4().hex[:8]}")
            for _ in range(6)
        ]
        document = completed_document(classification=Clearance.SECRET)
        document.distribution.set(readers)
    barrier = threading.Barrier(len(readers))
    errors: list[BaseException] = []

    def copy(user: object) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                register_copy(user, document, CopyAction.PRINT)  # type: ignore[arg-type]
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with django_db_blocker.unblock():
        try:
            threads = [threading.Thread(target=copy, args=(user,)) for user in readers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            numbers = sorted(
                CopyRecord.objects.filter(document=document).values_list("copy_number", flat=True)
            )
        finally:
            _cleanup(document, readers)

    assert errors == []
    assert numbers == list(range(1, 19))
