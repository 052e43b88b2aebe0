"""A small world of released cables for the report tests, with known figures.

In ``YEAR``, visible to ``reader`` (headquarters unit ``hq``, Unclassified):

- 3 ROUTINE cables from the mission ``emb``, tagged FR and PREL, sent to ``hq``;
- 3 IMMEDIATE cables from ``hq`` tagged FR and ECON, each with an action delivery to ``hq``:
  acknowledged after 30 minutes (within the 60-minute target), after 90 minutes (late,
  alerted) and never (alerted and escalated);
- released in March (ROUTINE) and in July (IMMEDIATE).

Not counted for ``reader``: a Secret FLASH cable of ``hq`` (``cleared`` sees it), a cable of
the year before, a draft, a cable under a caption the reader does not satisfy and a cable
addressed to another unit only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from chancery.core.service import Clearance, Unit, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import AddresseeRole, CableStatus
from chancery.documents.cables.tests.factories_archive import CableFactory, precedence
from chancery.documents.models import Cable, CableAddressee, CableDelivery, Caption

YEAR = 2025


@dataclass
class ReportWorld:
    hq: Unit
    emb: Unit
    reader: User
    cleared: User
    outsider: User
    immediate: list[Cable]


def _at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour))


def _deliver(
    cable: Cable, unit: Unit, ack_after: int | None, alerted: bool, escalated: bool
) -> None:
    addressee = CableAddressee.objects.get(cable=cable, unit=unit)
    delivered = cable.released_at or timezone.now()
    CableDelivery.objects.create(
        cable=cable,
        addressee=addressee,
        role=AddresseeRole.ACTION,
        unit=unit,
        delivered_at=delivered,
        ack_due_at=delivered + dt.timedelta(minutes=60),
        acknowledged_at=delivered + dt.timedelta(minutes=ack_after) if ack_after else None,
        alerted_at=delivered + dt.timedelta(minutes=60) if alerted else None,
        escalated_at=delivered + dt.timedelta(minutes=120) if escalated else None,
    )


def build_report_world() -> ReportWorld:
    hq = UnitFactory(code="hq-reports", name_vi="Vụ Thử nghiệm", name_en="Test Department")
    emb = UnitFactory(code="emb-rp", mission=True, name_en="Embassy in Testland")
    other = UnitFactory(code="other-reports")
    reader = UserFactory(username="report.reader", unit=hq)
    cleared = UserFactory(username="report.cleared", unit=hq, clearance=Clearance.SECRET)
    outsider = UserFactory(username="report.outsider", unit=other)
    routine, immediate = precedence("ROUTINE"), precedence("IMMEDIATE")
    for day in (3, 4, 5):
        CableFactory(
            post=emb,
            precedence=routine,
            tags=["FR", "PREL"],
            released_at=_at(3, day),
            year=YEAR,
            addressed=[hq],
        )
    urgent: list[Cable] = [
        CableFactory(
            post=hq,
            precedence=immediate,
            tags=["FR", "ECON"],
            released_at=_at(7, day),
            year=YEAR,
            addressed=[hq],
        )
        for day in (1, 2, 3)
    ]
    _deliver(urgent[0], hq, 30, alerted=False, escalated=False)
    _deliver(urgent[1], hq, 90, alerted=True, escalated=False)
    _deliver(urgent[2], hq, None, alerted=True, escalated=True)
    CableFactory(
        post=hq,
        precedence=precedence("FLASH"),
        tags=["FR"],
        released_at=_at(7, 9),
        year=YEAR,
        classification=Clearance.SECRET,
        addressed=[hq],
    )
    CableFactory(
        post=emb,
        precedence=routine,
        released_at=_at(3, 1) - dt.timedelta(days=365),
        year=YEAR - 1,
        addressed=[hq],
    )
    CableFactory(
        post=emb,
        precedence=routine,
        status=CableStatus.DRAFT,
        released_at=None,
        number=None,
        year=None,
        addressed=[hq],
    )
    leaders = Caption.objects.create(code="LEADERS-ONLY-RP", name_vi="Lãnh đạo", roles=["leader"])
    CableFactory(
        post=emb,
        precedence=routine,
        released_at=_at(3, 6),
        year=YEAR,
        addressed=[hq],
        captions=[leaders],
    )
    CableFactory(
        post=emb,
        precedence=routine,
        released_at=_at(3, 7),
        year=YEAR,
        addressed=[other],
        tags=["XX"],
    )
    return ReportWorld(hq, emb, reader, cleared, outsider, urgent)
