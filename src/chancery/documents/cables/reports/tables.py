"""The whole cable report, and its figures as plain tables for CSV export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chancery.documents.cables.reports.acknowledgement import AckRow, acknowledgement_times
from chancery.documents.cables.reports.common import ReportFilters
from chancery.documents.cables.reports.volumes import (
    MonthCount,
    Tally,
    monthly_volumes,
    volumes_by_post,
    volumes_by_precedence,
    volumes_by_tag,
)
from chancery.documents.queries.reports import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User


@dataclass(frozen=True)
class CableReport:
    filters: ReportFilters
    precedences: list[Tally]
    posts: list[Tally]
    tags: list[Tally]
    months: list[MonthCount]
    acknowledgement: list[AckRow]

    @property
    def total(self) -> int:
        return sum(month.count for month in self.months)


def cables_report(
    user: User | AnonymousUser, filters: ReportFilters, now: dt.datetime | None = None
) -> CableReport:
    """The whole report for ``user``, counted over the cables ``user`` may read only."""
    return CableReport(
        filters=filters,
        precedences=volumes_by_precedence(user, filters),
        posts=volumes_by_post(user, filters),
        tags=volumes_by_tag(user, filters),
        months=monthly_volumes(user, filters),
        acknowledgement=acknowledgement_times(user, filters, now),
    )


def _blank(value: float | None) -> object:
    return value if value is not None else ""


def report_tables(report: CableReport) -> list[Table]:
    """The report's figures as tables (precedences, posts, tags, months, acknowledgement)."""
    from django.utils.translation import gettext as _

    def tallies(key: str, title: str, code: str, rows: list[Tally]) -> Table:
        headers = [code, _("Name"), _("Cables")]
        return Table(key, title, headers, [[t.key, t.label, t.count] for t in rows])

    headers = [_("Precedence"), _("Target (minutes)"), _("Requiring acknowledgement")]
    headers += [_("Acknowledged"), _("Within target"), _("Pending"), _("Share within target")]
    headers += [_("Median (minutes)"), _("90th percentile (minutes)"), _("Alerts")]
    headers += [_("Escalations")]
    share = [
        round(r.within_share, 4) if r.within_share is not None else None
        for r in report.acknowledgement
    ]
    return [
        tallies("precedence", _("Cables by precedence"), _("Precedence"), report.precedences),
        tallies("posts", _("Cables by originating post"), _("Post code"), report.posts),
        tallies("tags", _("Cables by tag"), _("Tag"), report.tags),
        Table(
            "months",
            _("Cables by month"),
            [_("Month"), _("Cables")],
            [[m.month, m.count] for m in report.months],
        ),
        Table(
            "acknowledgement",
            _("Acknowledgement times"),
            headers,
            [
                [
                    *(r.code, r.target_minutes, r.required, r.acknowledged, r.within_target),
                    *(r.pending, _blank(rate), _blank(r.median_minutes)),
                    *(_blank(r.p90_minutes), r.alerts, r.escalations),
                ]
                for r, rate in zip(report.acknowledgement, share, strict=True)
            ],
        ),
    ]
