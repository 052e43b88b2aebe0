"""The audit log page: administrators only, filtered, paged by seq, audited, cleared."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.audit import record
from chancery.core.constants import Clearance
from chancery.core.models import AuditEntry, User
from chancery.core.queries.audit import AuditFilters, search_entries
from chancery.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("core:audit-log")


def _seqs(response: Any) -> list[int]:
    return [entry.seq for entry in response.context["page"].entries]


@pytest.fixture
def admin(client: Client) -> User:
    user = UserFactory(admin=True, username="auditor", clearance=Clearance.CONFIDENTIAL)
    client.force_login(user)
    return user


def test_people_without_the_admin_role_are_refused(client: Client) -> None:
    assert client.get(LOG)["Location"].startswith(reverse("core:login"))
    client.force_login(UserFactory())
    assert client.get(LOG).status_code == 403
    assert client.get(reverse("core:audit-entry", args=[1])).status_code == 403


def test_filters_by_actor_action_object_and_time(client: Client, admin: User) -> None:
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    record(alice, "document.read", object_type="documents.document", object_id="7")
    record(bob, "document.read", object_type="documents.document", object_id="8")
    record(alice, "login.succeeded")
    record(bob, "login.failed")
    now = timezone.localtime()  # the form reads times in the user's time zone

    def seqs(**params: str) -> list[int]:
        return _seqs(client.get(LOG, params))

    assert seqs(actor="alice") == [3, 1]
    assert seqs(action="document.read") == [2, 1]
    assert seqs(action="login.*") == [4, 3]
    assert seqs(object_type="documents.document", object_id="8") == [2]
    future = (now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    past = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert seqs(since=future) == []
    assert len(seqs(since=past, until=future, actor="bob")) == 2


def test_entries_above_the_viewers_clearance_are_simply_absent(client: Client, admin: User) -> None:
    record(None, "cable.read", classification=Clearance.CONFIDENTIAL)
    secret = record(None, "cable.read", classification=Clearance.SECRET)

    response = client.get(LOG, {"action": "cable.read"})

    assert _seqs(response) == [1]
    assert reverse("core:audit-entry", args=[secret.seq]) not in response.content.decode()
    assert client.get(reverse("core:audit-entry", args=[secret.seq])).status_code == 404


def test_searching_is_itself_recorded_with_its_filters(client: Client, admin: User) -> None:
    client.get(LOG, {"actor": "alice", "action": "login.*", "object_id": ""})

    entry = AuditEntry.objects.get(action="audit.search")
    assert entry.actor_id == admin.pk
    assert entry.data == {"filters": {"actor": "alice", "action": "login.*"}}


def test_pages_go_back_and_forth_by_seq(client: Client, admin: User) -> None:
    for number in range(7):
        record(None, "test.page", object_id=str(number))
    filters = AuditFilters(action="test.page")

    first = search_entries(admin, filters, page_size=3)
    second = search_entries(admin, filters, before=first.older, page_size=3)
    last = search_entries(admin, filters, before=second.older, page_size=3)
    back = search_entries(admin, filters, after=second.newer, page_size=3)

    assert [e.seq for e in first.entries] == [7, 6, 5]
    assert first.newer is None
    assert [e.seq for e in second.entries] == [4, 3, 2]
    assert [e.seq for e in last.entries] == [1]
    assert last.older is None
    assert [e.seq for e in back.entries] == [7, 6, 5]
    html = client.get(LOG, {"action": "test.page", "before": "3"}).content.decode()
    assert "after=2&amp;action=test.page" in html


def test_an_invalid_search_reads_nothing_and_records_nothing(client: Client, admin: User) -> None:
    record(None, "test.event")

    response = client.get(LOG, {"since": "2026-02-01T00:00", "until": "2026-01-01T00:00"})

    assert _seqs(response) == []
    assert "until" in response.context["form"].errors
    assert not AuditEntry.objects.filter(action="audit.search").exists()


def test_the_entry_page_shows_hashes_and_records_the_reading(client: Client, admin: User) -> None:
    first = record(None, "test.first")
    second = record(admin, "test.second", data={"why": "pour voir"})

    html = client.get(reverse("core:audit-entry", args=[second.seq])).content.decode()

    assert second.hash in html
    assert first.hash in html  # the previous entry's hash, as this entry's link
    assert "pour voir" in html
    view = AuditEntry.objects.get(action="audit.view")
    assert (view.object_type, view.object_id) == ("core.auditentry", str(second.seq))


def test_the_search_page_query_count_does_not_grow_with_results(
    client: Client, admin: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(60):
        record(admin, "test.many", object_id=str(number))

    # Session, user, the shell (delegations, notifications), one search, the append (5).
    with django_assert_max_num_queries(16):
        response = client.get(LOG)

    assert len(_seqs(response)) == 50


def test_the_admin_shows_entries_read_only(client: Client, admin: User) -> None:
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    entry = record(None, "test.admin")

    changelist = client.get(reverse("admin:core_auditentry_changelist"))
    detail = client.get(reverse("admin:core_auditentry_change", args=[entry.pk]))

    assert changelist.status_code == 200
    assert detail.status_code == 200
    assert client.get(reverse("admin:core_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:core_auditentry_delete", args=[entry.pk])).status_code == 403
    assert b'name="_save"' not in detail.content


def test_a_classified_entry_is_shown_under_its_classification_banner(
    client: Client, admin: User
) -> None:
    plain = record(admin, "test.plain")
    secret = record(admin, "test.confidential", classification=Clearance.CONFIDENTIAL)

    plain_html = client.get(reverse("core:audit-entry", args=[plain.seq])).content.decode()
    secret_html = client.get(reverse("core:audit-entry", args=[secret.seq])).content.decode()
    listing = client.get(LOG).content.decode()

    assert "MẬT" not in plain_html
    assert "MẬT" in secret_html
    assert "MẬT" in listing  # the list shows the confidential entry too
