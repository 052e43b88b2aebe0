"""A real internal PKI in the test database, with signers holding certificates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.test import override_settings

from chancery.core.constants import Role
from chancery.core.models import Unit, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.signing.actions.pki import initialise_internal_pki, issue_certificate
from chancery.signing.constants import CertificateRole
from chancery.signing.models import Certificate
from chancery.signing.pki.material import Hierarchy

PIN = "246810"


@dataclass
class SigningWorld:
    unit: Unit
    head: User
    clerk: User
    outsider: User
    head_cert: Certificate
    seal_cert: Certificate


def build_world(pki_dir: Path, hierarchy: Hierarchy | None = None) -> SigningWorld:
    """The internal PKI (adopting ``hierarchy``, generated once per session, when given)."""
    with override_settings(CHANCERY_PKI_DIR=pki_dir):
        initialise_internal_pki(
            organisation="Bộ Ngoại giao", base_url="http://127.0.0.1:9", hierarchy=hierarchy
        )
        unit = UnitFactory(code="lanh-su", name_vi="Cục Lãnh sự")
        head = UserFactory(unit=unit, roles=[Role.UNIT_HEAD.value], full_name="Lê Thị Hoa")
        clerk = UserFactory(unit=unit, roles=[Role.CLERK.value], full_name="Phạm Văn Đức")
        outsider = UserFactory(full_name="Ngô Minh Tâm")
        head_cert = issue_certificate(None, role=CertificateRole.PERSON, holder=head, pin=PIN)
        seal_cert = issue_certificate(None, role=CertificateRole.SEAL, unit=unit, pin=PIN)
    return SigningWorld(unit, head, clerk, outsider, head_cert, seal_cert)
