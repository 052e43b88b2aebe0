"""Fifty issues at once in one register: fifty consecutive numbers, no gap, no duplicate; an
issue whose signature fails (a wrong PIN, in the middle) consumes no number, and its wrong PIN
is still counted. Real threads, each with its own database connection."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from chancery.core.models import AuditEntry
from chancery.documents.actions import drafting
from chancery.documents.actions.issuing import SigningFailed, issue_document
from chancery.documents.constants import Status
from chancery.documents.models import Document, Register
from chancery.documents.tests.factories_drafting import (  # noqa: F401
    PIN,
    Office,
    hierarchy,
    pki_dir,
    pki_port,
    signing_office,
)

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = 50
FAILING = 25


def approved_batch(office: Office) -> list[Document]:
    documents = []
    for _n in range(COUNT):
        document = office.draft()
        drafting.submit_for_approval(
            office.drafter, document, unit_head=office.head, version=document.version
        )
        document.refresh_from_db()
        drafting.approve(office.head, document, version=document.version)
        document.refresh_from_db()
        documents.append(document)
    return documents


def test_fifty_concurrent_issues_take_fifty_consecutive_numbers_and_a_failure_takes_none(
    signing_office: Office,  # noqa: F811
) -> None:
    office = signing_office
    documents = approved_batch(office)
    certificate = office.certificates["hoa.le"]
    start = threading.Barrier(COUNT)

    def issue(position: int) -> str:
        try:
            start.wait()
            pin = "000000" if position == FAILING else PIN
            issue_document(office.head, documents[position], certificate=certificate, pin=pin)
            return "issued"
        except SigningFailed:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=COUNT) as pool:
        outcomes = list(pool.map(issue, range(COUNT)))

    assert outcomes.count("refused") == 1
    assert outcomes[FAILING] == "refused"
    register = Register.objects.get(unit=office.unit, direction="out")
    numbers = sorted(
        n or 0 for n in Document.objects.filter(register=register).values_list("number", flat=True)
    )
    assert numbers == list(range(1, COUNT))  # 49 issued: 1..49, no gap, no duplicate
    assert register.last_number == COUNT - 1
    symbols = set(
        Document.objects.filter(register=register).values_list("number_symbol", flat=True)
    )
    assert len(symbols) == COUNT - 1
    refused = Document.objects.get(pk=documents[FAILING].pk)
    assert refused.status == Status.APPROVED
    assert refused.number is None
    assert AuditEntry.objects.filter(action="signing.pin_failed").count() == 1
    assert AuditEntry.objects.filter(action="documents.issued").count() == COUNT - 1
