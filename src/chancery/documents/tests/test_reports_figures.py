"""Report figures on a known set: volumes, timeliness, access filtering, query count."""

from __future__ import annotations

from typing import Any

import pytest

from chancery.core.tests.factories import UserFactory
from chancery.documents.constants import Direction
from chancery.documents.queries.reports import ReportFilters, documents_report
from chancery.documents.tests.factories_reports import TODAY, YEAR, build_report_world

pytestmark = pytest.mark.django_db


def _months(report: Any) -> dict[int, tuple[int, int]]:
    return {m.month: (m.incoming, m.outgoing) for m in report.months if m.total}


def test_volumes_count_registered_incoming_and_issued_outgoing_by_month() -> None:
    world = build_report_world()
    report = documents_report(world.plain, ReportFilters(YEAR), TODAY)
    assert _months(report) == {3: (2, 1), 4: (1, 0), 5: (1, 1), 12: (1, 0)}
    assert (report.incoming, report.outgoing) == (5, 2)
    assert len(report.months) == 12
    by_unit = {u.code: (u.incoming, u.outgoing, u.is_mission) for u in report.units}
    assert by_unit == {"hq": (4, 1, False), "mi": (1, 1, True)}


def test_timeliness_separates_on_time_late_overdue_and_pending() -> None:
    world = build_report_world()
    report = documents_report(world.plain, ReportFilters(YEAR), TODAY)
    rows = {row.code: row for row in report.timeliness}
    hq = rows["hq"]
    # Completed at 23:30 on the deadline day (local time) is on time; the next morning is late.
    assert (hq.on_time, hq.late, hq.overdue, hq.pending) == (1, 1, 1, 0)
    assert hq.on_time_rate == pytest.approx(1 / 3)
    assert hq.overdue_rate == pytest.approx(2 / 3)
    assert (rows["mi"].on_time, rows["mi"].on_time_rate) == (1, 1.0)
    assert (report.totals.on_time, report.totals.late, report.totals.overdue) == (2, 1, 1)


def test_a_deadline_not_yet_reached_is_pending_not_overdue() -> None:
    world = build_report_world()
    report = documents_report(world.plain, ReportFilters(YEAR + 1), TODAY)
    (row,) = report.timeliness
    assert (row.pending, row.overdue, row.on_time_rate) == (1, 0, None)


def test_cleared_reader_counts_classified_and_compartmented_documents() -> None:
    world = build_report_world()
    report = documents_report(world.cleared, ReportFilters(YEAR), TODAY)
    assert _months(report) == {3: (3, 1), 4: (1, 0), 5: (2, 1), 12: (1, 0)}
    rows = {row.code: row for row in report.timeliness}
    assert (rows["hq"].overdue, rows["mi"].late) == (2, 1)


def test_reader_without_clearance_or_compartment_counts_none_of_those_documents() -> None:
    world = build_report_world()
    cleared_elsewhere = UserFactory(clearance=3)  # Top secret, other unit, no compartment
    for reader in (world.plain, cleared_elsewhere):
        report = documents_report(reader, ReportFilters(YEAR), TODAY)
        assert report.incoming == 5
        rows = {row.code: row for row in report.timeliness}
        assert rows["hq"].overdue == 1
        assert rows["mi"].late == 0


def test_filters_narrow_to_a_unit_and_a_direction() -> None:
    world = build_report_world()
    mission = documents_report(world.plain, ReportFilters(YEAR, unit_id=world.mission.pk), TODAY)
    assert _months(mission) == {5: (1, 1)}
    outgoing = documents_report(world.plain, ReportFilters(YEAR, direction=Direction.OUTGOING))
    assert (outgoing.incoming, outgoing.outgoing) == (0, 2)
    assert outgoing.timeliness == []


def test_report_is_three_queries_however_many_documents(
    django_assert_max_num_queries: Any,
) -> None:
    world = build_report_world()
    with django_assert_max_num_queries(3):
        documents_report(world.cleared, ReportFilters(YEAR), TODAY)


def test_anonymous_reader_gets_an_empty_report() -> None:
    from django.contrib.auth.models import AnonymousUser

    build_report_world()
    report = documents_report(AnonymousUser(), ReportFilters(YEAR), TODAY)
    assert (report.incoming, report.outgoing, report.timeliness) == (0, 0, [])
