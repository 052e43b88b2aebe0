"""The documents demo: loads a realistic year, idempotent, gapless registers, access kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Max, Min
from django.urls import reverse

from chancery.core import demo as core_demo
from chancery.core.models import User
from chancery.core.service import Clearance
from chancery.documents.constants import Direction, Status
from chancery.documents.demo import load_documents_demo
from chancery.documents.models import Assignment, Document, DocumentFile, Register
from chancery.documents.queries.documents import documents_visible_to

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The organisation and the documents demo, once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        core_demo.load(only=("documents",))  # registered with core's demo by documents.apps
        yield {"created": Document.objects.count()}
        transaction.set_rollback(True)


def test_demo_creates_a_year_of_documents_with_files(loaded: dict[str, Any]) -> None:
    documents = Document.objects.all()
    assert 600 <= loaded["created"] == documents.count() <= 900
    directions = dict(documents.values_list("direction").annotate(n=Count("pk")))
    assert directions[Direction.INCOMING] > 300
    assert directions[Direction.OUTGOING] > 200
    assert DocumentFile.objects.count() == loaded["created"]
    assert set(documents.values_list("urgency", flat=True)) == {0, 1, 2, 3}
    assert documents.filter(classification__gt=0).exists()
    assert documents.exclude(content_text="").count() == loaded["created"]


def test_demo_deadlines_include_on_time_late_and_overdue(loaded: dict[str, Any]) -> None:
    from django.db.models import F
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    with_deadline = Document.objects.filter(due_date__isnull=False).annotate(
        done=TruncDate("completed_at")
    )
    assert with_deadline.filter(done__lte=F("due_date")).count() > 100
    assert with_deadline.filter(done__gt=F("due_date")).count() > 10
    overdue = with_deadline.filter(completed_at__isnull=True, due_date__lt=timezone.localdate())
    assert overdue.count() > 10
    # Statuses agree with the assignments
    assert not Document.objects.filter(status=Status.COMPLETED, completed_at__isnull=True).exists()
    assert not Assignment.objects.filter(
        document__status=Status.COMPLETED, completed_at__isnull=True
    ).exists()
    assert not Document.objects.filter(
        status__in=(Status.ASSIGNED, Status.IN_PROGRESS), assignments__isnull=True
    ).exists()


def test_demo_numbers_are_gapless_per_register_and_in_date_order(
    loaded: dict[str, Any],
) -> None:
    registers = Register.objects.annotate(
        n=Count("documents"), low=Min("documents__number"), high=Max("documents__number")
    )
    assert registers.count() > 20
    for register in registers:
        assert (register.low, register.high, register.n) == (1, register.last_number, register.n)
        assert register.high == register.n
        numbers = list(
            register.documents.order_by("received_at", "issued_at", "number").values_list(
                "number", flat=True
            )
        )
        assert numbers == sorted(n for n in numbers if n is not None)
    outgoing = Document.objects.filter(direction=Direction.OUTGOING, number__isnull=False)
    assert all("/" in symbol for symbol in outgoing.values_list("number_symbol", flat=True))


def test_second_load_creates_nothing(loaded: dict[str, Any]) -> None:
    before = Document.objects.count(), DocumentFile.objects.count(), Assignment.objects.count()
    assert load_documents_demo() == 0
    after = Document.objects.count(), DocumentFile.objects.count(), Assignment.objects.count()
    assert before == after


def test_unclassified_demo_account_sees_no_classified_document(loaded: dict[str, Any]) -> None:
    specialist = User.objects.get(username="chuyenvien")
    assert specialist.clearance == Clearance.UNCLASSIFIED
    visible = documents_visible_to(specialist)
    assert visible.count() > 500
    assert not visible.filter(classification__gt=0).exists()


def test_cleared_demo_accounts_see_their_units_classified_documents(
    loaded: dict[str, Any],
) -> None:
    for username in ("chuyenvien.mat", "truongvu.toimat", "daisu.paris"):
        person = User.objects.get(username=username)
        classified = documents_visible_to(person).filter(classification__gt=0)
        assert classified.exists(), username
        assert not classified.filter(classification__gt=person.clearance).exists()


def test_demo_document_pages_open_in_every_state(loaded: dict[str, Any], client: Any) -> None:
    leader = User.objects.get(username="lanhdao.tuyetmat")
    client.force_login(leader)
    states = Document.objects.order_by().values_list("direction", "status").distinct()
    assert 7 <= len(states) <= 12
    assert {("in", "received"), ("in", "registered")} <= set(states)
    for direction, status in states:
        document = Document.objects.filter(direction=direction, status=status).first()
        assert document is not None
        response = client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
        assert response.status_code == 200, (direction, status)
