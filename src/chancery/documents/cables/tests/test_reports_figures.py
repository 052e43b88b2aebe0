"""Cable report figures: only cables the reader may see, counted as docs/cables.md says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from chancery.documents.cables.reports import ReportFilters, cables_report
from chancery.documents.cables.tests.factories_reports import YEAR, build_report_world

pytestmark = pytest.mark.django_db


def _counts(tallies: list[Any]) -> dict[str, int]:
    return {tally.key: tally.count for tally in tallies if tally.count}


def test_volumes_count_only_released_cables_the_reader_may_read() -> None:
    world = build_report_world()
    report = cables_report(world.reader, ReportFilters(year=YEAR))
    assert report.total == 6
    assert _counts(report.precedences) == {"IMMEDIATE": 3, "ROUTINE": 3}
    assert _counts(report.posts) == {"hq-reports": 3, "emb-rp": 3}
    assert _counts(report.tags) == {"FR": 6, "PREL": 3, "ECON": 3}
    assert {m.month: m.count for m in report.months if m.count} == {3: 3, 7: 3}


def test_every_active_precedence_and_month_is_listed_even_without_cables() -> None:
    world = build_report_world()
    report = cables_report(world.reader, ReportFilters(year=YEAR))
    assert [t.key for t in report.precedences][:2] == ["FLASH", "IMMEDIATE"]
    assert len(report.months) == 12


def test_a_cleared_reader_counts_the_secret_flash_cable_too() -> None:
    world = build_report_world()
    report = cables_report(world.cleared, ReportFilters(year=YEAR))
    assert _counts(report.precedences)["FLASH"] == 1
    assert report.total == 7


def test_a_reader_not_addressed_sees_only_their_own_unit_cable() -> None:
    world = build_report_world()
    report = cables_report(world.outsider, ReportFilters(year=YEAR))
    assert report.total == 1
    assert _counts(report.tags) == {"XX": 1}
    assert all(row.required == 0 for row in report.acknowledgement)


def test_post_filter_narrows_every_figure_to_that_post() -> None:
    world = build_report_world()
    report = cables_report(world.reader, ReportFilters(year=YEAR, post_id=world.emb.pk))
    assert report.total == 3
    assert _counts(report.posts) == {"emb-rp": 3}
    assert all(row.required == 0 for row in report.acknowledgement)


def test_acknowledgement_times_against_the_immediate_target() -> None:
    world = build_report_world()
    report = cables_report(world.reader, ReportFilters(year=YEAR))
    rows = {row.code: row for row in report.acknowledgement}
    assert set(rows) == {"FLASH", "IMMEDIATE"}  # ROUTINE and PRIORITY need no acknowledgement
    immediate = rows["IMMEDIATE"]
    assert (immediate.target_minutes, immediate.required, immediate.acknowledged) == (60, 3, 2)
    assert immediate.median_minutes == 60.0  # of 30 and 90
    assert immediate.p90_minutes == 84.0  # 30 + 0.9 * (90 - 30)
    assert immediate.within_target == 1
    assert immediate.within_share == pytest.approx(1 / 3)
    assert (immediate.alerts, immediate.escalations) == (2, 1)


def test_unacknowledged_delivery_still_before_its_deadline_is_pending_not_missed() -> None:
    world = build_report_world()
    released = world.immediate[2].released_at
    assert released is not None
    report = cables_report(
        world.reader, ReportFilters(year=YEAR), now=released + dt.timedelta(minutes=5)
    )
    immediate = next(row for row in report.acknowledgement if row.code == "IMMEDIATE")
    assert immediate.pending == 1
    assert immediate.within_share == pytest.approx(1 / 2)


def test_report_of_a_year_without_cables_is_all_zeros() -> None:
    world = build_report_world()
    report = cables_report(world.reader, ReportFilters(year=timezone.localdate().year + 1))
    assert report.total == 0
    assert report.tags == []
    assert report.posts == []
    assert all(row.within_share is None for row in report.acknowledgement)


def test_report_takes_eight_queries_whatever_the_number_of_cables(
    django_assert_num_queries: Any,
) -> None:
    world = build_report_world()
    with django_assert_num_queries(8):
        cables_report(world.cleared, ReportFilters(year=YEAR))
