"""The cables demo: a year of traffic, as docs/cables.md describes it, idempotent and fast."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core import demo as core_demo
from chancery.core.models import User
from chancery.core.service import Clearance
from chancery.documents.cables.constants import CableStatus, ClearanceStatus
from chancery.documents.cables.demo import HISTORY, LIVE, cable_id, load_cables_demo
from chancery.documents.cables.demo.live import ROSTER_DAYS, ROSTER_UNITS
from chancery.documents.cables.reports import ReportFilters, acknowledgement_times
from chancery.documents.models import (
    Cable,
    CableDelivery,
    CableEvent,
    CableParagraph,
    CableSeries,
    DutyShift,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Core's demo organisation, then the cables demo twice, once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        core_demo.load(only=())  # the organisation only: not the documents demo
        started = time.monotonic()
        first = load_cables_demo()
        seconds = time.monotonic() - started
        second = load_cables_demo()
        yield {"first": first, "second": second, "seconds": seconds}
        transaction.set_rollback(True)


def test_demo_creates_the_documented_cables_and_nothing_the_second_time(
    loaded: dict[str, Any],
) -> None:
    assert Cable.objects.count() == HISTORY + LIVE
    assert Cable.objects.released().count() == HISTORY + 1
    assert loaded["second"] == 0
    shifts = DutyShift.objects.count()
    assert shifts == len(ROSTER_UNITS) * (ROSTER_DAYS + ROSTER_DAYS // 7)  # 192, as documented
    assert loaded["first"] == HISTORY + LIVE + shifts
    print(f"cables demo loaded in {loaded['seconds']:.1f} s")  # noqa: T201 - measured, not asserted


def test_demo_precedence_mix_is_mostly_routine_with_rare_flash(loaded: dict[str, Any]) -> None:
    mix = dict(Cable.objects.values_list("precedence__code").annotate(n=Count("pk")))
    # docs/cables.md: about 76 % ROUTINE, 20 % PRIORITY, 4 % IMMEDIATE, 1 % FLASH
    assert mix["ROUTINE"] > HISTORY * 0.7
    assert HISTORY * 0.005 < mix["FLASH"] < HISTORY * 0.02
    assert mix["IMMEDIATE"] > mix["FLASH"]


def test_demo_paragraph_markings_never_exceed_the_cable_and_reach_it(
    loaded: dict[str, Any],
) -> None:
    tops = Cable.objects.annotate(top=Max("paragraphs__classification"))
    assert not tops.filter(top__gt=F("classification")).exists()
    assert not tops.filter(top__lt=F("classification")).exists()
    assert Cable.objects.filter(classification=Clearance.SECRET).count() > 100
    assert CableParagraph.objects.filter(classification=0).count() > HISTORY


def test_demo_numbers_run_per_post_and_year_without_gaps(loaded: dict[str, Any]) -> None:
    released = Cable.objects.released()
    for series in CableSeries.objects.all():
        rows = released.filter(post=series.post, year=series.year)
        numbers = sorted(n for n in rows.values_list("number", flat=True) if n is not None)
        assert numbers == list(range(1, series.last_number + 1))


def test_demo_historical_cables_say_they_were_imported_unsigned(loaded: dict[str, Any]) -> None:
    imported = CableEvent.objects.filter(kind="imported", data__signed=False)
    assert imported.count() == HISTORY + 1
    assert not Cable.objects.filter(signed_document__isnull=False).exists()


def test_demo_search_vectors_are_built(loaded: dict[str, Any]) -> None:
    assert not Cable.objects.released().filter(search_vector__isnull=True).exists()
    assert (
        Cable.objects.filter(search_vector="ngoai giao").exists()
        or Cable.objects.filter(body_text__icontains="ngoại giao").exists()
    )


def test_demo_acknowledgements_are_mostly_within_target_with_some_alerts(
    loaded: dict[str, Any],
) -> None:
    urgent = CableDelivery.objects.filter(ack_due_at__isnull=False, cable__number__isnull=False)
    assert urgent.filter(acknowledged_at__lte=F("ack_due_at")).count() > urgent.count() * 0.7
    assert urgent.filter(alerted_at__isnull=False).exists()
    assert urgent.filter(escalated_at__isnull=False).exists()
    admin = User.objects.get(username="admin")
    rows = acknowledgement_times(admin, ReportFilters(year=timezone.localdate().year))
    assert {row.code for row in rows} == {"FLASH", "IMMEDIATE"}


def test_demo_accounts_have_cables_to_clear_release_and_acknowledge(
    loaded: dict[str, Any],
) -> None:
    truongvu, lanhdao, chuyenvien = (
        User.objects.get(username=name) for name in ("truongvu", "lanhdao", "chuyenvien")
    )
    clearing = Cable.objects.visible_to(truongvu).get(pk=cable_id("live-clearing"))
    assert clearing.status == CableStatus.CLEARING
    assert clearing.clearers.get().status == ClearanceStatus.PENDING
    assert clearing.created_by == chuyenvien
    waiting = Cable.objects.visible_to(lanhdao).get(pk=cable_id("live-release"))
    assert (waiting.status, waiting.approver) == (CableStatus.AWAITING_RELEASE, lanhdao)
    urgent = CableDelivery.objects.get(cable_id=cable_id("live-immediate"), role="action")
    assert urgent.acknowledged_at is None
    assert urgent.ack_due_at is not None
    assert urgent.ack_due_at > timezone.now()
    assert Cable.objects.visible_to(truongvu).filter(pk=urgent.cable_id).exists()


def test_demo_roster_covers_the_demo_units_for_the_coming_weeks(loaded: dict[str, Any]) -> None:
    now = timezone.now()
    on_duty = DutyShift.objects.filter(starts_at__lte=now, ends_at__gt=now, level=1)
    assert set(on_duty.values_list("unit__code", flat=True)) == set(ROSTER_UNITS)
    later = now + dt.timedelta(days=ROSTER_DAYS - 2)
    assert DutyShift.objects.filter(starts_at__lte=later, ends_at__gt=later).exists()


def test_demo_access_matches_addressees_and_clearance(loaded: dict[str, Any]) -> None:
    chuyenvien = User.objects.get(username="chuyenvien")  # Europe, Unclassified
    seen = Cable.objects.visible_to(chuyenvien)
    assert seen.count() > 50
    assert not seen.filter(classification__gt=0).exists()
    assert not seen.exclude(
        Q(assigned_units=chuyenvien.unit_id) | Q(distribution=chuyenvien)
    ).exists()


def test_demo_year_shows_in_the_reports_page(loaded: dict[str, Any], client: Client) -> None:
    client.force_login(User.objects.get(username="truongvu.toimat"))  # Europe, Secret
    response = client.get(reverse("cables:reports"))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total > 100
    assert {tally.key for tally in report.posts} >= {"mofa", "emb-fr"}
    assert any(row.required for row in report.acknowledgement)
