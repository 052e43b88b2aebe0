"""E-service statistics, aggregated in SQL over the dossiers the reader may see.

Per procedure, per unit, or headquarters departments against missions, over the dossiers
received (submitted) in a date range:
- received: dossiers submitted in the range;
- online-application rate: dossiers filed online / all received;
- on-time rate: dossiers completed early or on time / dossiers completed (judged);
- online-payment rate: successful payments through an online gateway / all successful
  payments of those dossiers (the payment providers say which are online);
- satisfaction: the average rating (1..5) and the number of ratings.

Two grouped queries per table (dossiers, then their payments), whatever the number of dossiers.
Scoped through ``eservices.queries.dossiers_for_staff``: an officer counts their unit's dossiers
only, a ministry leader all of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Avg, Case, CharField, Count, F, Q, QuerySet, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chancery.core.constants import MISSION_KINDS
from chancery.core.service import User
from chancery.eservices.constants import Channel, PaymentState, Timeliness
from chancery.eservices.models import Dossier, Payment
from chancery.eservices.queries import dossiers_for_staff

Dimension = Literal["procedure", "unit", "network"]
DIMENSIONS: tuple[Dimension, ...] = ("procedure", "unit", "network")
ON_TIME = (Timeliness.EARLY, Timeliness.ON_TIME)


@dataclass(frozen=True)
class StatsFilters:
    start: dt.date
    end: dt.date
    field_id: int | None = None
    unit_id: int | None = None


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class StatsRow:
    key: str
    label: str
    received: int = 0
    online: int = 0
    completed: int = 0
    on_time: int = 0
    payments: int = 0
    online_payments: int = 0
    ratings: int = 0
    rating_average: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def online_rate(self) -> float | None:
        return _rate(self.online, self.received)

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.completed)

    @property
    def online_payment_rate(self) -> float | None:
        return _rate(self.online_payments, self.payments)


def online_providers() -> list[str]:
    """Codes of the payment providers that are online gateways (``provider.online``)."""
    from chancery.eservices.payments.providers import online_codes

    return online_codes()


def scoped(user: User, filters: StatsFilters) -> QuerySet[Dossier]:
    """The dossiers counted: visible to ``user``, received in the range, matching filters."""
    dossiers = dossiers_for_staff(user).filter(
        submitted_at__date__gte=filters.start, submitted_at__date__lte=filters.end
    )
    if filters.field_id:
        dossiers = dossiers.filter(version__procedure__field_id=filters.field_id)
    if filters.unit_id:
        dossiers = dossiers.filter(unit_id=filters.unit_id)
    return dossiers


def _group(dimension: Dimension, prefix: str = "") -> dict[str, Any]:
    """The grouping columns of ``dimension``, read through ``prefix`` (``dossier__``)."""
    if dimension == "procedure":
        base = f"{prefix}version__procedure__"
        return {
            "g_key": F(f"{base}code"),
            "g_vi": F(f"{base}name_vi"),
            "g_en": F(f"{base}name_en"),
            "g_fr": F(f"{base}name_fr"),
        }
    if dimension == "unit":
        base = f"{prefix}unit__"
        return {
            "g_key": F(f"{base}code"),
            "g_vi": F(f"{base}name_vi"),
            "g_en": F(f"{base}name_en"),
            "g_fr": F(f"{base}name_fr"),
            "g_kind": F(f"{base}kind"),
        }
    network = Case(
        When(**{f"{prefix}unit__kind__in": MISSION_KINDS}, then=Value("missions")),
        default=Value("headquarters"),
        output_field=CharField(),
    )
    return {"g_key": network}


def _label(dimension: Dimension, row: dict[str, Any]) -> str:
    if dimension == "network":
        return _("Missions abroad") if row["g_key"] == "missions" else _("Headquarters")
    language = (get_language() or "vi")[:2]
    return str(row.get(f"g_{language}") or row.get("g_vi") or row["g_key"])


def stats_by(user: User, filters: StatsFilters, dimension: Dimension) -> list[StatsRow]:
    """One row per procedure, unit, or network (headquarters/missions), busiest first."""
    dossiers = scoped(user, filters)
    group = _group(dimension)
    rows: dict[str, StatsRow] = {}
    for values in (
        dossiers.order_by()
        .annotate(**group)
        .values(*group)
        .annotate(**_dossier_measures())
        .order_by("-received", "g_key")
    ):
        row = StatsRow(key=str(values["g_key"]), label=_label(dimension, values))
        _fill(row, values)
        if dimension == "unit":
            row.extra["is_mission"] = values["g_kind"] in MISSION_KINDS
        rows[row.key] = row
    pay_key = _group(dimension, "dossier__")["g_key"]
    paid: QuerySet[Any] = _payments(dossiers).annotate(g_key=pay_key).values("g_key")
    for values in paid.annotate(**_payment_measures()):
        found = rows.get(str(values["g_key"]))
        if found is not None:
            found.payments, found.online_payments = values["payments"], values["online_payments"]
    return list(rows.values())


def totals(user: User, filters: StatsFilters) -> StatsRow:
    """The same measures over every dossier counted."""
    dossiers = scoped(user, filters)
    row = StatsRow(key="total", label=_("All"))
    _fill(row, dossiers.order_by().aggregate(**_dossier_measures()))
    paid = _payments(dossiers).aggregate(**_payment_measures())
    row.payments, row.online_payments = paid["payments"], paid["online_payments"]
    return row


def _dossier_measures() -> dict[str, Any]:
    return {
        "received": Count("pk"),
        "online": Count("pk", filter=Q(channel=Channel.ONLINE)),
        "completed": Count("pk", filter=~Q(timeliness="")),
        "on_time": Count("pk", filter=Q(timeliness__in=ON_TIME)),
        "ratings": Count("rating"),
        "rating_average": Avg("rating"),
    }


def _payment_measures() -> dict[str, Any]:
    return {
        "payments": Count("pk"),
        "online_payments": Count("pk", filter=Q(provider__in=online_providers())),
    }


def _payments(dossiers: QuerySet[Dossier]) -> QuerySet[Payment]:
    return Payment.objects.filter(
        state=PaymentState.SUCCESS, dossier__in=dossiers.values("pk")
    ).order_by()


def _fill(row: StatsRow, values: dict[str, Any]) -> None:
    for name in ("received", "online", "completed", "on_time", "ratings"):
        setattr(row, name, values[name] or 0)
    average = values["rating_average"]
    row.rating_average = round(float(average), 2) if average is not None else None
