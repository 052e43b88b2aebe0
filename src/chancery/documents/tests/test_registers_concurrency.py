"""Fifty clerks registering at once in one incoming register: numbers 1..50, no gap, no twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from chancery.core.tests.factories import UserFactory
from chancery.documents.actions.intake import Registration, register_incoming
from chancery.documents.constants import Direction, Status
from chancery.documents.models import Document, Register
from chancery.documents.tests.factories import DocumentFactory, document_type
from chancery.documents.tests.factories_intake import ensure_document_types

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _document_types() -> None:
    ensure_document_types()


CLERKS = 50


def test_fifty_concurrent_registrations_get_numbers_one_to_fifty_without_gap_or_duplicate() -> None:
    clerk = UserFactory(clerk=True)
    documents = [
        DocumentFactory(unit=clerk.unit, status=Status.RECEIVED, created_by=clerk)
        for _ in range(CLERKS)
    ]
    data = Registration(document_type=document_type("cong-van"), subject="Hợp tác")
    start = threading.Barrier(CLERKS)
    errors: list[BaseException] = []

    def register(document: Document) -> None:
        try:
            start.wait()  # every thread on its own connection, all at the same moment
            register_incoming(clerk, document, data, document.version)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    numbers = sorted(
        n for n in Document.objects.filter(unit=clerk.unit).values_list("number", flat=True) if n
    )
    assert numbers == list(range(1, CLERKS + 1))
    the_register = Register.objects.get(unit=clerk.unit, direction=Direction.INCOMING)
    assert the_register.last_number == CLERKS
