"""Saved cable searches alert their owner once of a matching new cable they may read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.utils import translation

from chancery.core.constants import Clearance
from chancery.core.models import Notification
from chancery.core.tests.factories import UserFactory
from chancery.documents.actions.search import save_search
from chancery.documents.cables.search import alert_saved_searches
from chancery.documents.cables.search.alerts import KIND, check_cable
from chancery.documents.cables.search.jobs import alert_saved_searches_job
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.tests.factories_archive import CableFactory
from chancery.documents.models import SavedSearch
from chancery.documents.search.alerts import check_alerts
from chancery.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _jobs(cable_id: object) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs "
            "WHERE task_name = 'cables.alert_saved_searches' AND args->>'cable_id' = %s",
            [str(cable_id)],
        )
        return int(cursor.fetchone()[0])


def _saved(owner: object, q: str, *, alert: bool = True) -> SavedSearch:
    return save_search(owner, "Biển Đông", CableSearchParams(q=q), alert=alert, scope="cables")  # type: ignore[arg-type]


def test_alert_job_is_deferred_in_the_callers_transaction() -> None:
    cable = CableFactory()
    with transaction.atomic():
        alert_saved_searches(cable.pk)
    assert _jobs(cable.pk) == 1
    other = CableFactory()

    def delivery_that_fails() -> None:
        with transaction.atomic():
            alert_saved_searches(other.pk)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        delivery_that_fails()
    assert _jobs(other.pk) == 0


def test_a_matching_cable_the_owner_may_read_alerts_once_without_its_content() -> None:
    owner = UserFactory()
    saved = _saved(owner, "bien dong")
    cable = CableFactory(subject="Tình hình Biển Đông", addressed=[owner.unit])
    assert check_cable(cable.pk) == 1
    assert check_cable(cable.pk) == 0  # a retried job notifies nobody twice
    notes = list(Notification.objects.filter(recipient=owner, kind=KIND))
    assert len(notes) == 1
    # The title names the saved search, in the owner's language, and never the cable's text.
    assert "“Biển Đông”" in notes[0].title
    assert "Tình hình" not in notes[0].title + notes[0].body
    assert notes[0].url.startswith(f"/cables/archive/saved/{saved.pk}/")


@pytest.mark.parametrize("why", ["not addressed", "below its level", "alert off", "no match"])
def test_no_alert_for_a_cable_the_owner_may_not_read_or_that_does_not_match(why: str) -> None:
    owner = UserFactory()
    _saved(owner, "nghe ca" if why == "no match" else "bien dong", alert=why != "alert off")
    addressed = [] if why == "not addressed" else [owner.unit]
    level = Clearance.SECRET if why == "below its level" else Clearance.UNCLASSIFIED
    cable = CableFactory(
        subject="Tình hình Biển Đông",
        classification=level,
        paragraphs=[("Nội dung.", level)],
        addressed=addressed,
    )
    assert check_cable(cable.pk) == 0
    assert not Notification.objects.filter(recipient=owner).exists()


def test_documents_alerts_ignore_cable_saved_searches() -> None:
    owner = UserFactory()
    saved = _saved(owner, "bien dong")
    SavedSearch.objects.filter(pk=saved.pk).update(last_checked_at=None)
    DocumentFactory(subject="Tình hình Biển Đông")  # would alert a documents saved search
    assert check_alerts() == 0
    assert not Notification.objects.filter(recipient=owner).exists()


def test_the_job_notifies_the_owner_of_a_delivered_cable() -> None:
    owner = UserFactory()
    _saved(owner, "bien dong")
    cable = CableFactory(subject="Tình hình Biển Đông", addressed=[owner.unit])
    alert_saved_searches_job(cable_id=str(cable.pk))
    assert Notification.objects.filter(recipient=owner, kind=KIND).count() == 1
