"""Acknowledgement times of urgent cables against their precedence's target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Aggregate, Count, DurationField, F, Q
from django.utils import timezone

from chancery.documents.cables.constants import AddresseeRole
from chancery.documents.cables.reports.common import ReportFilters, counted_cables
from chancery.documents.models import CableDelivery, PrecedenceLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User


class Percentile(Aggregate):
    """PostgreSQL's ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)``."""

    function = "percentile_cont"
    name = "Percentile"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


@dataclass(frozen=True)
class AckRow:
    """Acknowledgement by action addressees of one precedence level's cables."""

    code: str
    label: str
    target_minutes: int
    required: int
    acknowledged: int
    within_target: int
    pending: int
    alerts: int
    escalations: int
    median_minutes: float | None
    p90_minutes: float | None

    @property
    def judged(self) -> int:
        return self.required - self.pending

    @property
    def within_share(self) -> float | None:
        """Share of judged deliveries acknowledged within target (0..1); None: none judged."""
        return self.within_target / self.judged if self.judged else None

    @property
    def missed(self) -> int:
        return self.judged - self.within_target


def _minutes(value: dt.timedelta | None) -> float | None:
    return round(value.total_seconds() / 60, 1) if value is not None else None


def acknowledgement_times(
    user: User | AnonymousUser, filters: ReportFilters, now: dt.datetime | None = None
) -> list[AckRow]:
    """One row per precedence level that requires acknowledgement, most urgent first."""
    now = now or timezone.now()
    took = F("acknowledged_at") - F("delivered_at")
    timed = Q(acknowledged_at__isnull=False, delivered_at__isnull=False)
    rows = (
        CableDelivery.objects.filter(
            cable__in=counted_cables(user, filters).values("pk"),
            role=AddresseeRole.ACTION,
            ack_due_at__isnull=False,
        )
        .order_by()
        .values("cable__precedence_id")
        .annotate(
            required=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            within=Count("pk", filter=Q(acknowledged_at__lte=F("ack_due_at"))),
            pending=Count("pk", filter=Q(acknowledged_at__isnull=True, ack_due_at__gt=now)),
            alerts=Count("pk", filter=Q(alerted_at__isnull=False)),
            escalations=Count("pk", filter=Q(escalated_at__isnull=False)),
            median=Percentile(took, 0.5, filter=timed),
            p90=Percentile(took, 0.9, filter=timed),
        )
    )
    found: dict[int, dict[str, Any]] = {row["cable__precedence_id"]: dict(row) for row in rows}
    levels = PrecedenceLevel.objects.filter(
        Q(active=True, ack_minutes__isnull=False) | Q(pk__in=list(found))
    ).order_by("rank")
    result = []
    for level in levels:
        row = found.get(level.pk, {})
        result.append(
            AckRow(
                code=level.code,
                label=level.name,
                target_minutes=level.ack_minutes or 0,
                required=row.get("required", 0),
                acknowledged=row.get("acknowledged", 0),
                within_target=row.get("within", 0),
                pending=row.get("pending", 0),
                alerts=row.get("alerts", 0),
                escalations=row.get("escalations", 0),
                median_minutes=_minutes(row.get("median")),
                p90_minutes=_minutes(row.get("p90")),
            )
        )
    return result
