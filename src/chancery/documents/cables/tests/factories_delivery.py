"""Factories of the delivery tests: a released cable delivered by ``deliver_released``, people
on duty, and peer instances (made through the app registry: exchange keeps its models)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.utils import timezone

from chancery.core.constants import Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.access import sync_access
from chancery.documents.cables.constants import AddresseeRole, CableStatus, DutyLevel
from chancery.documents.cables.delivery import deliver_released
from chancery.documents.cables.tests.factories_archive import precedence
from chancery.documents.models import Cable, CableAddressee, CableParagraph, DutyShift

_numbers = iter(range(1, 10**6))


def released_cable(
    *,
    precedence_code: str = "FLASH",
    action: list[Any] = (),  # type: ignore[assignment]
    info: list[Any] = (),  # type: ignore[assignment]
    classification: int = 0,
    post: Any = None,
    drafter: Any = None,
    releaser: Any = None,
    subject: str = "Tình hình khẩn cấp",
    deliver: bool = True,
    **fields: Any,
) -> Cable:
    """A cable released by ``releaser`` from ``post`` to ``action`` and ``info`` addressees
    (units or people), then delivered exactly as the release action does."""
    post = post or UnitFactory(code=f"post-{next(_numbers)}")
    drafter = drafter or UserFactory(unit=post, clearance=3)
    releaser = releaser or UserFactory(unit=post, clearance=3)
    number = next(_numbers)
    cable = Cable.objects.create(
        status=CableStatus.RELEASED,
        post=post,
        drafting_unit=post,
        year=timezone.localdate().year,
        number=number,
        reference=f"{post.code.upper()} {timezone.localdate().year}/{number}",
        subject=subject,
        precedence=precedence(precedence_code),
        classification=classification,
        created_by=drafter,
        drafted_by_name=str(drafter),
        approver=releaser,
        released_by=releaser,
        released_by_name=str(releaser),
        released_at=timezone.now(),
        **fields,
    )
    CableParagraph.objects.create(
        cable=cable, number=1, classification=classification, text="Nội dung điện."
    )
    for role, targets in ((AddresseeRole.ACTION, action), (AddresseeRole.INFO, info)):
        for target in targets:
            key = "person" if hasattr(target, "username") else "unit"
            CableAddressee.objects.create(cable=cable, role=role, **{key: target})
    sync_access(cable)
    if deliver:
        deliver_released(releaser, cable)
    return cable


def on_duty(
    person: Any,
    level: int = DutyLevel.DUTY_OFFICER,
    *,
    starts: datetime | None = None,
    hours: int = 8,
) -> DutyShift:
    """``person`` on their unit's roster at ``level`` from ``starts`` (an hour ago)."""
    starts = starts or timezone.now() - timedelta(hours=1)
    return DutyShift.objects.create(
        unit_id=person.unit_id,
        person=person,
        level=level,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
    )


def head_of(unit: Any, **kwargs: Any) -> Any:
    return UserFactory(unit=unit, roles=[Role.UNIT_HEAD.value], **kwargs)


def peer(code: str, *units: Any, default_route: bool = False) -> Any:
    """A peer instance serving ``units`` (exchange's model, through the app registry)."""
    model: Any = apps.get_model("exchange", "Peer")
    row = model.objects.create(
        code=code,
        name=code,
        base_url=f"http://{code}.invalid",
        public_key="A" * 44,
        default_route=default_route,
    )
    row.units.set(units)
    return row


def notified(person: Any, kind: str = "") -> list[Any]:
    """The notifications ``person`` received (of ``kind``), oldest first."""
    rows = person.notifications.order_by("created_at", "pk")
    return list(rows.filter(kind=kind) if kind else rows)
