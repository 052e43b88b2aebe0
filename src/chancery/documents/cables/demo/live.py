"""Cables in progress for the demo accounts, so every flow can be tried at once, and the duty
rosters of their units for the coming weeks.

- a draft of ``chuyenvien`` awaiting clearance by ``truongvu`` (then release by ``lanhdao``);
- a draft of ``chuyenvien`` cleared by ``truongvu``, awaiting release by ``lanhdao``;
- an IMMEDIATE cable of the Embassy in France, just delivered and not acknowledged, for action
  by ``truongvu``'s unit (cultural diplomacy) and for information of ``chuyenvien``'s (Europe):
  if nobody acknowledges it within the hour, the acknowledgement sweep alerts the unit's duty
  officer, then escalates.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from chancery.core.service import Clearance
from chancery.documents.cables.access import sync_access
from chancery.documents.cables.actions.release import cable_reference
from chancery.documents.cables.constants import (
    AddresseeRole,
    CableStatus,
    ClearanceStatus,
    DutyLevel,
)
from chancery.documents.cables.demo.directory import Directory, Person
from chancery.documents.cables.demo.writer import IMPORTED, allocate_one
from chancery.documents.cables.search import reindex
from chancery.documents.models import (
    Cable,
    CableAddressee,
    CableClearer,
    CableDelivery,
    CableEvent,
    CableParagraph,
    DutyShift,
    PrecedenceLevel,
)

ROSTER_UNITS = ("europe", "cultural-diplomacy", "mofa", "office-records", "law-treaties", "emb-fr")
ROSTER_DAYS = 28

CLEARING = (
    "Đề xuất chương trình làm việc của Thứ trưởng với Đại sứ Pháp tại Hà Nội",
    (
        (0, "Thực hiện chỉ đạo của Lãnh đạo Bộ, Vụ châu Âu đề xuất chương trình như sau."),
        (0, "Dự kiến tiếp Đại sứ vào tuần tới, trao đổi về chuẩn bị Năm Văn hóa Việt – Pháp."),
        (0, "Đề nghị Đại sứ quán ta tại Pháp thông báo cho phía bạn và báo cáo kết quả."),
    ),
)
RELEASE = (
    "Chỉ thị chuẩn bị Ngày Văn hóa Việt Nam tại Pháp",
    (
        (0, "Căn cứ kế hoạch ngoại giao văn hóa năm nay, Bộ chỉ thị Đại sứ quán như sau."),
        (0, "Phối hợp với Vụ Ngoại giao văn hóa và UNESCO thống nhất chương trình, địa điểm."),
        (0, "Báo cáo dự toán kinh phí về Bộ trước cuối tháng."),
    ),
)
URGENT = (
    "Đề nghị ý kiến gấp về đề xuất của phía Pháp tổ chức tuần lễ văn hóa",
    (
        (0, "Bộ Văn hóa Pháp đề nghị tổ chức tuần lễ văn hóa Việt Nam tại Paris vào tháng tới."),
        (0, "Phía bạn cần trả lời trong ngày để kịp bố trí địa điểm."),
        (0, "Đề nghị Vụ Ngoại giao văn hóa và UNESCO cho ý kiến khẩn."),
    ),
)


def _paragraphs(cable: Cable, rows: tuple[tuple[int, str], ...]) -> None:
    CableParagraph.objects.bulk_create(
        [
            CableParagraph(cable=cable, number=n, classification=level, text=text)
            for n, (level, text) in enumerate(rows, start=1)
        ]
    )


def _event(cable: Cable, actor: Person | None, kind: str, at: dt.datetime, **data: Any) -> None:
    event = CableEvent.objects.create(
        cable=cable,
        actor_id=actor.pk if actor else None,
        actor_name=actor.name if actor else "",
        kind=kind,
        data=data,
    )
    CableEvent.objects.filter(pk=event.pk).update(created_at=at)


def _draft(
    d: Directory, pk: uuid.UUID, text: tuple[str, Any], status: str, now: dt.datetime
) -> int:
    drafter, clearer, approver = (d.named(n) for n in ("chuyenvien", "truongvu", "lanhdao"))
    if (
        drafter is None
        or clearer is None
        or approver is None
        or Cable.objects.filter(pk=pk).exists()
    ):
        return 0
    cable = Cable.objects.create(
        id=pk,
        status=status,
        post=d.units["mofa"],
        drafting_unit=d.units[drafter.unit],
        subject=text[0],
        precedence=PrecedenceLevel.objects.get(code="PRIORITY"),
        tags=["FR", "PREL", "SCUL"],
        approver_id=approver.pk,
        created_by_id=drafter.pk,
        drafted_by_name=drafter.name,
    )
    _paragraphs(cable, text[1])
    for code, role in (
        ("emb-fr", AddresseeRole.ACTION),
        ("cultural-diplomacy", AddresseeRole.INFO),
    ):
        CableAddressee.objects.create(cable=cable, role=role, unit=d.units[code])
    cleared = status == CableStatus.AWAITING_RELEASE
    CableClearer.objects.create(
        cable=cable,
        clearer_id=clearer.pk,
        position=1,
        status=ClearanceStatus.CLEARED if cleared else ClearanceStatus.PENDING,
        decided_at=now - dt.timedelta(hours=1) if cleared else None,
    )
    sync_access(cable)
    _event(cable, drafter, "drafted", now - dt.timedelta(days=1))
    submitted = {"round": 1, "clearers": [clearer.name], "approver": approver.name}
    _event(cable, drafter, "submitted", now - dt.timedelta(hours=3), **submitted)
    if cleared:
        _event(cable, clearer, "cleared", now - dt.timedelta(hours=1), round=1, comment="")
    return 1


def _urgent(d: Directory, pk: uuid.UUID, now: dt.datetime) -> int:
    ambassador = d.named("daisu.paris") or d.head("emb-fr")
    if (
        ambassador is None
        or "cultural-diplomacy" not in d.units
        or Cable.objects.filter(pk=pk).exists()
    ):
        return 0
    released = now - dt.timedelta(minutes=10)
    post = d.units["emb-fr"]
    year, number = allocate_one(post, timezone.localtime(released).year)
    immediate = PrecedenceLevel.objects.get(code="IMMEDIATE")
    cable = Cable.objects.create(
        id=pk,
        status=CableStatus.RELEASED,
        post=post,
        drafting_unit=post,
        year=year,
        number=number,
        reference=cable_reference(post, year, number),
        subject=URGENT[0],
        precedence=immediate,
        tags=["FR", "SCUL", "OEXC"],
        classification=Clearance.UNCLASSIFIED,
        approver_id=ambassador.pk,
        released_by_id=ambassador.pk,
        released_by_name=ambassador.name,
        released_at=released,
        created_by_id=ambassador.pk,
        drafted_by_name=ambassador.name,
    )
    _paragraphs(cable, URGENT[1])
    for code, role in (
        ("cultural-diplomacy", AddresseeRole.ACTION),
        ("europe", AddresseeRole.INFO),
    ):
        addressee = CableAddressee.objects.create(cable=cable, role=role, unit=d.units[code])
        due = released + dt.timedelta(minutes=immediate.ack_minutes or 60)
        CableDelivery.objects.create(
            cable=cable,
            addressee=addressee,
            role=role,
            unit=d.units[code],
            delivered_at=released,
            ack_due_at=due if role == AddresseeRole.ACTION else None,
        )
    sync_access(cable)
    _event(cable, None, "imported", released, **IMPORTED)
    _event(cable, None, "delivered", released, local=2, peers=[], awaiting_ack=1)
    return 1


def _roster(d: Directory, now: dt.datetime) -> int:
    """Daily duty officers (08:00 to 08:00, in turn) and the unit head as second level, for
    ``ROSTER_DAYS`` days from this morning; shifts already there are kept."""
    start = timezone.localtime(now).replace(hour=8, minute=0, second=0, microsecond=0)
    if start > now:
        start -= dt.timedelta(days=1)
    existing = set(DutyShift.objects.values_list("unit_id", "person_id", "level", "starts_at"))
    shifts = []
    for code in ROSTER_UNITS:
        staff = d.staff(code)
        if code not in d.units or not staff:
            continue
        unit = d.units[code]
        second = d.head(code) or (d.leaders() or staff)[0]
        duty = [p for p in staff if p.pk != second.pk] or staff
        for day in range(ROSTER_DAYS):
            begins = start + dt.timedelta(days=day)
            shifts.append((unit, duty[day % len(duty)], DutyLevel.DUTY_OFFICER, begins, 1))
            if day % 7 == 0:
                shifts.append((unit, second, DutyLevel.ESCALATION, begins, 7))
    rows = [
        DutyShift(
            unit=unit,
            person_id=p.pk,
            level=level,
            starts_at=at,
            ends_at=at + dt.timedelta(days=days),
        )
        for unit, p, level, at, days in shifts
        if (unit.pk, p.pk, level, at) not in existing
    ]
    DutyShift.objects.bulk_create(rows)
    return len(rows)


def load_live(d: Directory, id_of: Any, now: dt.datetime) -> int:
    """Create whichever of the live cables and roster shifts is missing; return how many."""
    ids = [id_of(name) for name in ("live-clearing", "live-release", "live-immediate")]
    created = _draft(d, ids[0], CLEARING, CableStatus.CLEARING, now)
    created += _draft(d, ids[1], RELEASE, CableStatus.AWAITING_RELEASE, now)
    created += _urgent(d, ids[2], now)
    if created:
        reindex(ids)
    return created + _roster(d, now)
