"""Fixtures of the drafting and issuing tests: a drafting unit with its drafter and head, a
ministry leader, a receiving mission with its clerk, the internal PKI (adopting the signing
tests' session hierarchy) with personal certificates for the signers and the unit's seal."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from chancery.core.service import Role, Unit, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.actions.drafting import RecipientSpec, create_draft, upload_version
from chancery.documents.constants import RecipientKind
from chancery.documents.models import Document, DocumentType
from chancery.lib.pdfgen import sample_letter
from chancery.signing.constants import CertificateRole, PadesLevel
from chancery.signing.models import Certificate
from chancery.signing.tests.conftest import hierarchy as hierarchy
from chancery.signing.tests.conftest import pki_port as pki_port
from chancery.signing.tests.pki_helpers import pki_dir as pki_dir
from chancery.signing.tests.pki_helpers import start_internal_pki

PIN = "246810"
SEAL_PIN = "864200"


@dataclass
class Office:
    unit: Unit
    drafter: User
    head: User
    leader: User
    mission: Unit
    clerk: User
    outsider: User
    certificates: dict[str, Certificate] = field(default_factory=dict)

    def draft(self, **overrides: Any) -> Document:
        """An unclassified official letter with a PDF version and one internal recipient."""
        values: dict[str, Any] = {
            "document_type": DocumentType.objects.get(code="cong-van"),
            "subject": "Về việc hợp pháp hóa lãnh sự",
            "recipients": [RecipientSpec(kind=RecipientKind.UNIT, unit=self.mission)],
        }
        values.update(overrides)
        document = create_draft(self.drafter, **values)
        upload_version(
            self.drafter,
            document,
            data=sample_letter(number=""),
            filename="du-thao.pdf",
            version=document.version,
        )
        document.refresh_from_db()
        return document


def seed_document_types() -> None:
    """The 29 types, seeded by a migration: again after a transactional test flushed them."""
    if not DocumentType.objects.exists():
        from django.apps import apps

        module = importlib.import_module("chancery.documents.migrations.0002_document_types")
        module.seed(apps, None)


def build_office(*, with_pki: bool = False) -> Office:
    seed_document_types()
    unit = UnitFactory(code="vu-lanh-su", abbreviation="LS", name_vi="Cục Lãnh sự")
    leaders = UnitFactory(code="lanh-dao-bo", name_vi="Lãnh đạo Bộ")
    mission = UnitFactory(code="dsq-paris", name_vi="Đại sứ quán tại Pháp", mission=True)
    office = Office(
        unit=unit,
        drafter=UserFactory(username="an.nguyen", unit=unit, full_name="Nguyễn Văn An"),
        head=UserFactory(
            username="hoa.le", unit=unit, roles=[Role.UNIT_HEAD.value], full_name="Lê Thị Hoa"
        ),
        leader=UserFactory(
            username="minh.tran", unit=leaders, roles=[Role.LEADER.value], full_name="Trần Minh"
        ),
        mission=mission,
        clerk=UserFactory(username="lan.pham", unit=mission, roles=[Role.CLERK.value]),
        outsider=UserFactory(username="tam.ngo", full_name="Ngô Minh Tâm"),
    )
    if with_pki:
        from chancery.signing.actions.pki import issue_certificate

        for user in (office.head, office.leader):
            office.certificates[user.username] = issue_certificate(
                None, role=CertificateRole.PERSON, holder=user, pin=PIN, algorithm="p256"
            )
        office.certificates["seal"] = issue_certificate(
            None,
            role=CertificateRole.SEAL,
            unit=unit,
            holder=office.leader,
            pin=SEAL_PIN,
            algorithm="p256",
        )
    return office


def start_pki(settings: Any, directory: Path, hierarchy: Any) -> None:
    settings.CHANCERY_DOCUMENTS_SIGNING_LEVEL = PadesLevel.B_B
    start_internal_pki(settings, directory, hierarchy)


@pytest.fixture
def office(db: None) -> Office:
    return build_office()


@pytest.fixture
def signing_office(
    db: None,
    settings: Any,
    pki_dir: Path,
    hierarchy: Any,
    tmp_path: Path,
) -> Office:
    start_pki(settings, pki_dir, hierarchy)
    settings.CHANCERY_DOCUMENTS_EXPORT_DIR = tmp_path / "outbox"
    return build_office(with_pki=True)
