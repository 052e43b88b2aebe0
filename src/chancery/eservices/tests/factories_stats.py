"""A known set of dossiers for the statistics tests (figures worked out in the tests)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chancery.core.models import Unit
from chancery.eservices.constants import Channel, PaymentState, State, Timeliness
from chancery.eservices.models import Dossier, Payment
from chancery.eservices.tests.factories import (
    ApplicantFactory,
    dossier,
    hq_department,
    mission,
    procedure_version,
)

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@dataclass
class StatsWorld:
    hq: Unit
    mission: Unit
    dossiers: dict[str, Dossier]


def _at(day: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, 3, 0, tzinfo=dt.UTC)


def _paid(row: Dossier, provider: str, state: str = PaymentState.SUCCESS) -> None:
    Payment.objects.create(
        dossier=row,
        provider=provider,
        amount=row.fee,
        state=state,
        reference=f"STATS-{row.pk}-{provider}-{state}",
    )


def build_stats_world() -> StatsWorld:
    """Six dossiers received in March 2026 (four at headquarters, two at a mission) and one in
    February; two procedures; payments online (vnpay) and by bank transfer; three ratings."""
    hq, embassy = hq_department(), mission()
    legalisation = procedure_version(code="1.005129", units=[hq, embassy])
    passport = procedure_version(code="2.000001", units=[hq])
    applicant = ApplicantFactory()

    def make(
        key: str, version: Any, unit: Unit, channel: str, timeliness: str, day: int, **more: Any
    ) -> Dossier:
        state = State.RESULT_ISSUED if timeliness else State.PROCESSING
        row = dossier(
            version,
            applicant,
            unit=unit,
            state=state,
            code=f"{unit.code}-{key}",
            channel=channel,
            timeliness=timeliness,
            **more,
        )
        Dossier.objects.filter(pk=row.pk).update(submitted_at=_at(day, more.get("month", 3)))
        return row

    rows = {
        "d1": make("d1", legalisation, hq, Channel.ONLINE, Timeliness.EARLY, 2, rating=5),
        "d2": make("d2", legalisation, hq, Channel.IN_PERSON, Timeliness.LATE, 3, rating=3),
        "d3": make("d3", passport, hq, Channel.ONLINE, Timeliness.ON_TIME, 4),
        "d4": make("d4", passport, hq, Channel.ONLINE, "", 5),
        "m1": make("m1", legalisation, embassy, Channel.ONLINE, Timeliness.ON_TIME, 6, rating=4),
        "m2": make("m2", legalisation, embassy, Channel.POST, Timeliness.LATE, 7),
    }
    february = make("f1", legalisation, hq, Channel.ONLINE, Timeliness.EARLY, 2, rating=1)
    Dossier.objects.filter(pk=february.pk).update(submitted_at=_at(20, 2))
    rows["f1"] = february
    _paid(rows["d1"], "vnpay")
    _paid(rows["d2"], "bank_transfer")
    _paid(rows["d3"], "vnpay", PaymentState.FAILED)
    _paid(rows["m1"], "vnpay")
    _paid(rows["f1"], "vnpay")
    return StatsWorld(hq=hq, mission=embassy, dossiers=rows)
