"""The denormalised access filter of search answers exactly like ``visible_to``."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from chancery.core.constants import Clearance
from chancery.core.models import Delegation, User
from chancery.core.tests.factories import CompartmentFactory, UnitFactory, UserFactory
from chancery.documents.models import Document
from chancery.documents.search.access import searchable_by
from chancery.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def _delegate(principal: User, delegate: User, *, days: int = 3, revoked: bool = False) -> None:
    today = timezone.localdate()
    Delegation.objects.create(
        principal=principal,
        delegate=delegate,
        start=today + timedelta(days=min(days, 0) - 5),
        end=today + timedelta(days=days),
        created_by=principal,
        revoked_at=timezone.now() if revoked else None,
    )


def test_searchable_by_equals_visible_to_over_random_worlds() -> None:
    rng = random.Random(5)
    units = [UnitFactory() for _ in range(4)]
    compartments = [CompartmentFactory() for _ in range(3)]
    users = []
    for n in range(12):
        user = UserFactory(
            unit=rng.choice(units),
            clearance=rng.choice(list(Clearance)),
            compartments=rng.sample(compartments, rng.randint(0, 2)),
            is_active=n != 11,
        )
        users.append(user)
    _delegate(users[0], users[1])
    _delegate(users[2], users[3], revoked=True)
    _delegate(users[4], users[5], days=-2)  # ended
    users[6].is_active = False
    users[6].save()
    _delegate(users[6], users[7])  # inactive principal
    for _ in range(80):
        DocumentFactory(
            unit=rng.choice(units),
            created_by=users[0],
            classification=rng.choice(list(Clearance)),
            compartments=rng.sample(compartments, rng.choice([0, 0, 1, 2])),
            distribution=rng.sample(users, rng.choice([0, 1, 2])),
            assigned_units=rng.sample(units, rng.choice([0, 0, 1])),
        )
    # Changes after creation go through the triggers too.
    moved = Document.objects.order_by("pk")[:10]
    for document in moved:
        document.distribution.clear()
        document.compartments.remove(*compartments[:1])
        document.assigned_units.add(units[0])
    checked = 0
    for user in users:
        expected = set(Document.objects.visible_to(user).values_list("pk", flat=True))
        assert set(searchable_by(user).values_list("pk", flat=True)) == expected, user
        checked += len(expected)
    assert checked > 50  # the worlds are not trivially empty


def test_access_columns_follow_the_through_tables() -> None:
    compartment = CompartmentFactory()
    reader = UserFactory()
    document = DocumentFactory(compartments=[compartment], distribution=[reader])
    document.refresh_from_db()
    assert document.access_compartments == [compartment.pk]
    assert document.access_readers == [reader.pk]
    document.compartments.clear()
    document.distribution.remove(reader)
    document.assigned_units.add(document.unit)
    document.refresh_from_db()
    assert document.access_compartments == []
    assert document.access_readers == []
    assert document.access_units == [document.unit_id]


def test_truncating_a_through_table_is_refused() -> None:
    from django.db import DatabaseError

    with connection.cursor() as cursor:
        # Test connections may truncate (conf/test.py, for pytest-django's flushes); this
        # transaction behaves like any other connection.
        cursor.execute("SET LOCAL chancery.allow_audit_truncate = 'off'")
        with pytest.raises(DatabaseError):
            cursor.execute("TRUNCATE documents_document_distribution")
