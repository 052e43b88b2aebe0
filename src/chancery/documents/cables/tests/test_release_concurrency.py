"""Releases at once from one post: consecutive numbers, no gap, no duplicate; a release whose
signature fails (a wrong PIN, in the middle) takes no number. Real threads, each with its own
database connection."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from chancery.documents.cables.actions.release import ReleaseFailed, release
from chancery.documents.cables.tests.factories import PIN, CableOffice
from chancery.documents.models import Cable, CableSeries

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = 10
FAILING = 4


def test_concurrent_releases_take_consecutive_numbers_and_a_failure_takes_none(
    signing_cable_office: CableOffice,
) -> None:
    office = signing_cable_office
    cables = [office.cleared(clearers=0) for _n in range(COUNT)]
    certificate = office.certificates["approver"]
    start = threading.Barrier(COUNT)

    def run(position: int) -> str:
        try:
            start.wait()
            pin = "000000" if position == FAILING else PIN
            release(office.approver, cables[position], certificate=certificate, pin=pin)
            return "released"
        except ReleaseFailed:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=COUNT) as pool:
        outcomes = list(pool.map(run, range(COUNT)))

    assert outcomes.count("refused") == 1
    assert outcomes[FAILING] == "refused"
    numbers = sorted(n or 0 for n in Cable.objects.values_list("number", flat=True) if n)
    assert numbers == list(range(1, COUNT))
    assert CableSeries.objects.get(post=office.ministry).last_number == COUNT - 1
    assert Cable.objects.get(pk=cables[FAILING].pk).reference == ""
