"""Issuing, revoking and trusting certificates, and the demo staff keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from django.core.management.base import CommandError

from chancery.core.service import Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.signing.actions.pki import (
    InternalPki,
    import_trust_anchor,
    issue_certificate,
    issue_demo_certificates,
    revoke_certificate,
)
from chancery.signing.constants import CertificateRole, CertificateStatus
from chancery.signing.models import Certificate
from chancery.signing.pki.material import Hierarchy
from chancery.signing.queries.pki import certificates_for, trust_anchors

pytestmark = pytest.mark.django_db


def test_only_administrators_issue_certificates(internal_pki: InternalPki) -> None:
    holder = UserFactory()
    with pytest.raises(PermissionError):
        issue_certificate(
            UserFactory(roles=[Role.UNIT_HEAD.value]),
            role=CertificateRole.PERSON,
            pin="123789",
            holder=holder,
        )
    row = issue_certificate(
        UserFactory(admin=True), role=CertificateRole.PERSON, pin="123789", holder=holder
    )
    assert row.holder == holder
    assert row.status == CertificateStatus.VALID
    assert row.issuer_id == internal_pki.issuing.pk
    assert int(row.serial, 16) == x509.load_pem_x509_certificate(row.pem.encode()).serial_number


def test_revocation_is_refused_to_strangers_and_twice(internal_pki: InternalPki) -> None:
    holder = UserFactory()
    row = issue_certificate(None, role=CertificateRole.PERSON, pin="123789", holder=holder)
    with pytest.raises(PermissionError):
        revoke_certificate(UserFactory(), row, "key_compromise")
    revoke_certificate(holder, row, "key_compromise")
    row.refresh_from_db()
    assert row.status == CertificateStatus.REVOKED
    assert row.revoked_at is not None
    with pytest.raises(ValueError, match="already revoked"):
        revoke_certificate(None, row, "key_compromise")
    with pytest.raises(ValueError, match="root"):
        revoke_certificate(None, internal_pki.root, "unspecified")


def test_a_national_root_becomes_a_trust_anchor_and_a_leaf_does_not(
    internal_pki: InternalPki, tmp_path: Path, settings: Any
) -> None:
    national = Hierarchy.generate(organisation="Ban Cơ yếu Chính phủ", ca_algorithm="p256")
    der = national.root.certificate.public_bytes(serialization.Encoding.DER)
    row = import_trust_anchor(UserFactory(admin=True), der)
    assert row.trusted
    assert row.role == CertificateRole.TRUST_ANCHOR
    assert not row.internal
    assert import_trust_anchor(None, der).pk == row.pk
    with pytest.raises(ValueError, match="CA"):
        import_trust_anchor(None, national.tsa.certificate.public_bytes(serialization.Encoding.PEM))
    # And a root dropped into CHANCERY_SIGNING_TRUST_ROOTS is trusted too
    other = Hierarchy.generate(organisation="Other", ca_algorithm="p256").root.certificate
    folder = tmp_path / "roots"
    folder.mkdir()
    (folder / "other.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    (folder / "README").write_text("not a certificate")
    settings.CHANCERY_SIGNING_TRUST_ROOTS = [str(folder)]
    names = {anchor.subject.native["common_name"] for anchor in trust_anchors()}
    assert names == {"Bộ Ngoại giao Root CA", "Ban Cơ yếu Chính phủ Root CA", "Other Root CA"}


def test_demo_keys_go_to_signers_and_seals_to_the_ministry_and_missions(
    internal_pki: InternalPki,
) -> None:
    ministry = UnitFactory(kind="ministry", code="bo")
    embassy = UnitFactory(mission=True)
    department = UnitFactory(kind="department")
    leader = UserFactory(unit=ministry, roles=[Role.LEADER.value], full_name="Nguyễn Thị Lan")
    clerk = UserFactory(unit=embassy, roles=[Role.CLERK.value])
    editor = UserFactory(unit=department, roles=[Role.EDITOR.value])
    UserFactory(roles=[Role.SPECIALIST.value], is_active=False)
    issued = issue_demo_certificates("123456")
    holders = {row.holder_id for row in issued if row.role == CertificateRole.PERSON}
    assert holders == {leader.pk, clerk.pk}
    seals = {row.unit_id for row in issued if row.role == CertificateRole.SEAL}
    assert seals == {ministry.pk, embassy.pk}
    assert editor.pk not in holders
    # The embassy's clerk may sign with their own key and the embassy seal
    usable = set(certificates_for(clerk).values_list("role", "unit_id"))
    assert usable == {
        (CertificateRole.PERSON.value, embassy.pk),
        (CertificateRole.SEAL.value, embassy.pk),
    }
    # And running it again issues nothing new
    assert issue_demo_certificates("123456") == []


def test_cli_issues_revokes_and_exports_a_crl(
    internal_pki: InternalPki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = UserFactory(username="hoa.le")
    pin_file = tmp_path / "pin"
    pin_file.write_text("402917\n")
    call_command(
        "pki", "issue", "--role", "person", "--user", "hoa.le", "--pin-file", str(pin_file)
    )
    row = Certificate.objects.get(holder=user)
    call_command("pki", "revoke", row.fingerprint, "--reason", "superseded")
    out = tmp_path / "issuing.crl"
    call_command("pki", "crl", "issuing", "--out", str(out))
    crl = x509.load_der_x509_crl(out.read_bytes())
    assert crl.get_revoked_certificate_by_serial_number(int(row.serial, 16)) is not None
    call_command("pki", "list")
    assert row.fingerprint in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("pki", "issue", "--user", "nobody", "--pin-file", str(pin_file))


def test_a_long_vietnamese_unit_name_is_cut_to_fit_the_common_name(
    internal_pki: InternalPki,
) -> None:
    name = "Tổng Lãnh sự quán nước Cộng hòa Xã hội Chủ nghĩa Việt Nam tại Thành phố Hồ Chí Minh"
    seal = issue_certificate(
        None, role=CertificateRole.SEAL, pin="551234", unit=UnitFactory(name_vi=name)
    )
    common_name = (
        x509.load_pem_x509_certificate(seal.pem.encode())
        .subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0]
        .value
    )
    assert isinstance(common_name, str)
    assert len(common_name.encode()) <= 64
    assert common_name.endswith("…")
    assert name.startswith(common_name[:-1])
