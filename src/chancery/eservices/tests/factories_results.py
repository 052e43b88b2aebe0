"""Helpers of the results tests: a consular desk with signers (and their keys) and approved
dossiers. ``signing_desk`` starts the internal PKI with the signing tests'
``start_internal_pki``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from chancery.core.constants import Role
from chancery.eservices.constants import State
from chancery.eservices.models import Applicant, Dossier, ProcedureVersion
from chancery.eservices.tests.factories import (
    ApplicantFactory,
    dossier,
    hq_department,
    officer,
    procedure_version,
)
from chancery.signing import service as signing
from chancery.signing.constants import CertificateRole, PadesLevel
from chancery.signing.tests.conftest import hierarchy as hierarchy
from chancery.signing.tests.conftest import pki_port as pki_port
from chancery.signing.tests.pki_helpers import pki_dir as pki_dir
from chancery.signing.tests.pki_helpers import start_internal_pki

PIN = "424242"
APPLICANT_ID_NUMBER = "C7654321"

# What a legalisation applicant answers about the paper to legalise.
DOCUMENT_ANSWERS = {
    "document_type": "Birth certificate",
    "document_number": "BC-2025-0042",
    "issuing_authority": "Mairie de Paris",
    "document_date": "2025-03-14",
}


@dataclass
class Desk:
    unit: Any
    head: Any
    officer: Any
    clerk: Any
    leader: Any
    outsider: Any
    applicant: Applicant
    other_applicant: Applicant
    version: ProcedureVersion
    certificates: dict[str, signing.Certificate] = field(default_factory=dict)

    def approved(self, **fields: Any) -> Dossier:
        answers = {"full_name": self.applicant.full_name, "purpose": "work", **DOCUMENT_ANSWERS}
        fields.setdefault("form_data", answers)
        fields.setdefault("applicant", self.applicant)
        applicant = fields.pop("applicant")
        state = fields.pop("state", State.APPROVED)
        return dossier(self.version, applicant, state=state, **fields)


def start_pki(settings: Any, directory: Path, hierarchy: Any) -> None:
    settings.CHANCERY_ESERVICES_SIGNING_LEVEL = PadesLevel.B_B
    settings.CHANCERY_SITE_URL = "https://dichvu.example.test"
    start_internal_pki(settings, directory, hierarchy)


def build_desk(*, with_pki: bool = False, template: str = "legalisation") -> Desk:
    unit = hq_department("LS")
    other = hq_department("VP")
    version = procedure_version(units=[unit])
    version.result_template = template
    version.save(update_fields=["result_template"])
    desk = Desk(
        unit=unit,
        head=officer(unit, Role.UNIT_HEAD.value, full_name="Lê Thị Hoa"),
        officer=officer(unit, full_name="Nguyễn Văn Lãnh"),
        clerk=officer(unit, Role.CLERK.value),
        leader=officer(hq_department("LD"), Role.LEADER.value, full_name="Trần Văn Bộ"),
        outsider=officer(other, Role.UNIT_HEAD.value),
        applicant=ApplicantFactory(full_name="Phạm Thị Riêng Tư", id_number=APPLICANT_ID_NUMBER),
        other_applicant=ApplicantFactory(),
        version=version,
    )
    if with_pki:
        from chancery.signing.actions.pki import issue_certificate

        for name in ("head", "officer", "clerk", "leader", "outsider"):
            desk.certificates[name] = issue_certificate(
                None,
                role=CertificateRole.PERSON,
                holder=getattr(desk, name),
                pin=PIN,
                algorithm="p256",
            )
    return desk


@pytest.fixture(name="results_desk")
def results_desk_fixture(db: None) -> Desk:
    return build_desk()


@pytest.fixture(name="signing_desk")
def signing_desk_fixture(db: None, settings: Any, pki_dir: Path, hierarchy: Any) -> Desk:
    start_pki(settings, pki_dir, hierarchy)
    return build_desk(with_pki=True)
