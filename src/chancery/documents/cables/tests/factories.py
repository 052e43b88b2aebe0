"""Factories and fixtures of the cables tests: headquarters (the ministry, a department with
its drafter, clearers and head, the leaders' office with the approver), a mission with its
staff, outsiders, and the internal PKI with the approver's certificate. Other areas' tests may
import them (``CableOffice.released``, ``cable_office``, ``signing_cable_office``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from chancery.core.service import Clearance, Role, Unit, UnitKind, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.actions import clearing, compose, release
from chancery.documents.cables.actions.content import DraftContent, Paragraph
from chancery.documents.cables.seeds import seed_all
from chancery.documents.models import Cable, PrecedenceLevel
from chancery.documents.tests.factories_drafting import start_pki
from chancery.signing import service as signing
from chancery.signing.constants import CertificateRole
from chancery.signing.tests.conftest import hierarchy as hierarchy
from chancery.signing.tests.conftest import pki_port as pki_port
from chancery.signing.tests.pki_helpers import pki_dir as pki_dir

PIN = "135790"


def precedence(code: str = "ROUTINE") -> PrecedenceLevel:
    return PrecedenceLevel.objects.get(code=code)


@dataclass
class CableOffice:
    ministry: Unit
    department: Unit
    mission: Unit
    drafter: User
    clearer: User
    second_clearer: User
    approver: User
    mission_officer: User
    outsider: User  # cleared, at headquarters, in another unit
    certificates: dict[str, signing.Certificate] = field(default_factory=dict)

    def draft(self, **content: Any) -> Cable:
        """A Secret-cleared drafter's draft to the mission, with one paragraph per marking
        given (``markings``), classified at ``classification`` (the highest mark by default)."""
        markings: list[int] = content.pop("markings", [Clearance.UNCLASSIFIED])
        level = content.pop("classification", max(markings))
        values: dict[str, Any] = {
            "paragraphs": [
                Paragraph(f"Đoạn {n}: nội dung điện.", m) for n, m in enumerate(markings, 1)
            ],
            "action_units": [self.mission],
            "tags": ["PREL", "US"],
        }
        values.update(content)
        return compose.create_draft(
            self.drafter,
            subject=values.pop("subject", "Chuẩn bị chuyến thăm cấp cao"),
            precedence=values.pop("precedence", precedence()),
            classification=level,
            content=DraftContent(**values),
        )

    def cleared(self, cable: Cable | None = None, *, clearers: int = 1) -> Cable:
        """The draft through clearance, awaiting the approver's release."""
        cable = cable or self.draft()
        people = [self.clearer, self.second_clearer][:clearers]
        cable = clearing.submit_for_clearance(
            self.drafter, cable, clearers=people, approver=self.approver, version=cable.version
        )
        for person in people:
            cable = clearing.clear(person, cable, version=cable.version)
        return cable

    def released(self, cable: Cable | None = None, **kwargs: Any) -> Cable:
        cable = self.cleared(cable, **kwargs)
        return release.release(
            self.approver, cable, certificate=self.certificates["approver"], pin=PIN
        )


def build_cable_office(*, with_pki: bool = False) -> CableOffice:
    seed_all()
    ministry = UnitFactory(code="bng", kind=UnitKind.MINISTRY, name_vi="Bộ Ngoại giao")
    department = UnitFactory(code="vu-chau-my", parent=ministry, name_vi="Vụ châu Mỹ")
    leaders = UnitFactory(code="lanh-dao", parent=ministry, name_vi="Lãnh đạo Bộ")
    mission = UnitFactory(
        code="washington",
        parent=ministry,
        mission=True,
        host_country="US",
        city="Washington",
        time_zone="America/New_York",
        name_vi="Đại sứ quán tại Hoa Kỳ",
    )
    secret = {"clearance": Clearance.SECRET}
    office = CableOffice(
        ministry=ministry,
        department=department,
        mission=mission,
        drafter=UserFactory(username="c.drafter", unit=department, **secret),
        clearer=UserFactory(username="c.clearer", unit=department, **secret),
        second_clearer=UserFactory(
            username="c.head", unit=department, roles=[Role.UNIT_HEAD.value], **secret
        ),
        approver=UserFactory(
            username="c.leader",
            unit=leaders,
            roles=[Role.LEADER.value],
            full_name="Trần Văn Lãnh",
            **secret,
        ),
        mission_officer=UserFactory(username="c.mission", unit=mission, **secret),
        outsider=UserFactory(
            username="c.outsider",
            unit=UnitFactory(code="vu-chau-au", parent=ministry, name_vi="Vụ châu Âu"),
            **secret,
        ),
    )
    if with_pki:
        from chancery.signing.actions.pki import issue_certificate

        office.certificates["approver"] = issue_certificate(
            None, role=CertificateRole.PERSON, holder=office.approver, pin=PIN, algorithm="p256"
        )
    return office


@pytest.fixture
def cable_office(db: None) -> CableOffice:
    return build_cable_office()


@pytest.fixture
def signing_cable_office(
    db: None, settings: Any, pki_dir: Path, hierarchy: Any, tmp_path: Path
) -> CableOffice:
    start_pki(settings, pki_dir, hierarchy)
    return build_cable_office(with_pki=True)
