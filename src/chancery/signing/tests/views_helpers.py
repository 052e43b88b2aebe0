"""Fixtures of the workspace and verification page tests: a real internal PKI in the database
(adopting the session's in-memory hierarchy, so no CA key is generated per test), a signer with
a personal certificate, and documents signed through the real actions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from chancery.core.service import Clearance, Role, Unit, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.lib.pdfgen import sample_letter
from chancery.signing.actions.documents import SigningRequest, sign_document
from chancery.signing.actions.pki import initialise_internal_pki, issue_certificate
from chancery.signing.codes import ALPHABET
from chancery.signing.constants import CertificateRole, PadesLevel
from chancery.signing.models import Certificate, SignedDocument
from chancery.signing.pki.material import Hierarchy
from chancery.signing.queries.pki import forget_cached_material

PIN = "135790"


def mistyped(code: str) -> str:
    """The code with its first symbol replaced by one the check symbol always catches (never
    the 0/Z pair, which weighs the same modulo 31)."""
    first = code[0]
    other = next(symbol for symbol in ALPHABET[1:] if symbol not in (first, "0", "Z"))
    return other + code[1:]


@dataclass
class Desk:
    unit: Unit
    signer: User
    certificate: Certificate
    outsider: User

    def sign(self, pdf: bytes | None = None, **overrides: Any) -> SignedDocument:
        values: dict[str, Any] = {
            "document_type": "cong-van",
            "issuer_unit_id": self.unit.pk,
            "level": PadesLevel.B_B,
            "public_number": "125/BNG-LS",
            "public_title": "Công hàm về hợp pháp hóa lãnh sự",
        }
        values.update(overrides)
        return sign_document(
            self.signer,
            pdf=pdf or sample_letter(),
            certificate=self.certificate,
            pin=PIN,
            request=SigningRequest(**values),
        )


def build_desk(hierarchy: Hierarchy, pki_dir: Path) -> Desk:
    """Call with ``settings.CHANCERY_PKI_DIR = pki_dir`` already in force."""
    forget_cached_material()
    initialise_internal_pki(hierarchy=hierarchy)
    forget_cached_material()
    unit = UnitFactory(code="cuc-lanh-su", name_vi="Cục Lãnh sự", name_en="Consular Department")
    signer = UserFactory(
        username="hoa.le",
        unit=unit,
        roles=[Role.UNIT_HEAD.value],
        full_name="Lê Thị Hoa",
        clearance=Clearance.SECRET,
    )
    certificate = issue_certificate(None, role=CertificateRole.PERSON, holder=signer, pin=PIN)
    outsider = UserFactory(username="tam.ngo", full_name="Ngô Minh Tâm")
    return Desk(unit, signer, certificate, outsider)


@pytest.fixture
def desk(db: None, settings: Any, tmp_path: Path, hierarchy: Hierarchy) -> Desk:
    settings.CHANCERY_PKI_DIR = tmp_path / "pki"
    settings.CHANCERY_SIGNING_ALLOW_FETCHING = False
    settings.CHANCERY_SITE_URL = "https://chancery.test"
    return build_desk(hierarchy, tmp_path / "pki")


@pytest.fixture
def english_client() -> Client:
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def signer_client(desk: Desk) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(desk.signer)
    return client
