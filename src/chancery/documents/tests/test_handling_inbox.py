"""The personal inbox: what each tab holds, strict access filtering of rows and counts,
deadline marks, pagination and the query-count ceiling."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import CompartmentFactory, UserFactory
from chancery.documents.actions.handling import Routing, add_comment, assign_document, sub_assign
from chancery.documents.models import Assignment, Document
from chancery.documents.queries.handling import inbox, inbox_counts
from chancery.documents.tests.factories import AssignmentFactory
from chancery.documents.tests.factories_handling import Office, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def o() -> Office:
    return office()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _assign(o: Office, document: Document, **routing: Any) -> Assignment:
    return assign_document(
        o.leader, document, Routing(lead=o.lead, **routing), version=document.version
    )[0]


def test_tabs_hold_my_work_what_i_follow_and_what_i_am_told(o: Office) -> None:
    document = o.document()
    lead = _assign(o, document, information=[o.other])

    assert list(inbox(o.head, "handle")) == [document]
    assert list(inbox(o.leader, "follow")) == [document]
    assert list(inbox(o.clerk, "follow")) == [document]  # created it
    assert list(inbox(o.other_specialist, "information")) == [document]
    assert list(inbox(o.specialist, "handle")) == []

    sub_assign(o.head, lead, o.specialist, version=document.version + 1)

    assert list(inbox(o.specialist, "handle")) == [document]
    assert list(inbox(o.head, "handle")) == []  # sub-assigned: the specialist handles it
    assert list(inbox(o.head, "follow")) == [document]  # the head assigned the specialist
    assert inbox_counts(o.specialist) == {"handle": 1, "follow": 0, "information": 0}


def test_users_without_clearance_compartment_or_distribution_never_see_it(o: Office) -> None:
    compartment = CompartmentFactory()
    cleared_head = o.head
    cleared_head.compartments.add(compartment)
    document = o.document(
        classification=Clearance.SECRET, compartments=[compartment], distribution=[o.leader]
    )
    o.leader.compartments.add(compartment)
    _assign(o, document)
    add_comment(o.leader, document, "Secret remark")
    uncleared = UserFactory(unit=o.lead, roles=[Role.UNIT_HEAD.value])
    no_compartment = UserFactory(
        unit=o.lead, roles=[Role.UNIT_HEAD.value], clearance=Clearance.TOP_SECRET
    )
    # The clerk registered it but is neither on its distribution nor in an assigned unit.
    off_distribution = o.clerk

    assert inbox_counts(cleared_head)["handle"] == 1
    for user in (uncleared, no_compartment, off_distribution):
        assert inbox_counts(user) == {"handle": 0, "follow": 0, "information": 0}, user
        page = _client(user).get(reverse("documents:inbox") + "?tab=follow").content.decode()
        assert document.subject not in page
        assert "Secret remark" not in page
        detail = _client(user).get(reverse("documents:detail", kwargs={"pk": document.pk}))
        assert detail.status_code == 404


def test_rows_show_deadline_marks_and_the_counts(o: Office) -> None:
    overdue = o.document(subject="Overdue letter")
    AssignmentFactory(
        document=overdue, unit=o.lead, due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    soon = o.document(subject="Letter due today")
    AssignmentFactory(document=soon, unit=o.lead, due_date=timezone.localdate())

    response = _client(o.head).get(reverse("documents:inbox"))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert page.index("Overdue letter") < page.index("Letter due today")  # earliest first
    assert 'data-count="handle">2<' in page
    assert "Overdue" in page
    assert "Due soon" in page
    assert reverse("documents:dashboard") in page


def test_the_inbox_paginates_in_a_bounded_number_of_queries(
    o: Office, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        AssignmentFactory(document=o.document(), unit=o.lead)
    client = _client(o.head)
    client.get(reverse("documents:inbox"))  # warm the session and calendar caches

    with django_assert_max_num_queries(11):
        first = client.get(reverse("documents:inbox"))
    second = client.get(reverse("documents:inbox") + "?tab=handle&page=2")

    assert first.content.decode().count('<th scope="row"') == 25
    assert second.content.decode().count('<th scope="row"') == 5


def test_an_unknown_tab_falls_back_to_work_to_handle(o: Office) -> None:
    response = _client(o.head).get(reverse("documents:inbox") + "?tab=nope")

    assert response.status_code == 200
    assert 'aria-current="page" data-tab="handle"' in response.content.decode()
