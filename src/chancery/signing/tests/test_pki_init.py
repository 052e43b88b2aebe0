"""Creating the internal PKI: certificate profiles, idempotence, the service PIN, the CLI."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from django.apps import apps
from django.core.management import call_command

from chancery.core.tests.factories import UserFactory
from chancery.signing.actions.pki import InternalPki, initialise_internal_pki, issue_certificate
from chancery.signing.constants import CertificateRole
from chancery.signing.models import Certificate
from chancery.signing.pki.x509build import DOCUMENT_SIGNING

pytestmark = pytest.mark.django_db


def _cert(row: Certificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(row.pem.encode())


def _ext(cert: x509.Certificate, kind: Any) -> Any:
    return cert.extensions.get_extension_for_class(kind)


def test_init_creates_a_hierarchy_once_with_sealed_keys_and_a_private_service_pin(
    pki_dir: Path, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given no configured service PIN
    settings.CHANCERY_PKI_SERVICE_PIN = ""
    # When the operator runs `chancery pki init` twice
    call_command("pki", "init", "--base-url", "https://pki.example.vn")
    call_command("pki", "init")
    # Then there is one of each service certificate, all internal, only the root trusted
    rows = Certificate.objects.filter(internal=True)
    assert sorted(rows.values_list("role", flat=True)) == sorted(
        ["root_ca", "issuing_ca", "tsa", "ocsp"]
    )
    assert list(Certificate.objects.filter(trusted=True).values_list("role", flat=True)) == [
        "root_ca"
    ]
    root = rows.get(role=CertificateRole.ROOT_CA)
    assert _cert(root).public_key().key_size == 3072  # type: ignore[union-attr]
    assert "already present" in capsys.readouterr().out
    # And the service PIN was generated once, readable by the owner only
    pin_file = pki_dir / "service.pin"
    assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600
    assert len(pin_file.read_text().strip()) >= 32
    # And every key sits in a sealed key file, not in clear
    for row in rows:
        sealed = (pki_dir / row.key_locator).read_bytes()
        assert b"PRIVATE KEY" not in sealed
        assert stat.S_IMODE((pki_dir / row.key_locator).stat().st_mode) == 0o600
    # And the issuing CA points validators at the configured base URL
    issuing = _cert(rows.get(role=CertificateRole.ISSUING_CA))
    points = _ext(issuing, x509.CRLDistributionPoints).value
    assert points[0].full_name[0].value == "https://pki.example.vn/pki/crl/root.crl"
    assert (
        apps.get_model("core", "AuditEntry")
        .objects.filter(action="signing.pki_initialised")
        .count()
        == 1
    )


def test_profiles_carry_the_right_usages(internal_pki: InternalPki) -> None:
    person = issue_certificate(
        None, role=CertificateRole.PERSON, pin="123789", holder=UserFactory()
    )
    root, issuing = _cert(internal_pki.root), _cert(internal_pki.issuing)
    assert _ext(root, x509.BasicConstraints).value.ca is True
    assert _ext(issuing, x509.BasicConstraints).value.path_length == 0
    assert _ext(issuing, x509.KeyUsage).value.key_cert_sign is True
    tsa = _cert(internal_pki.tsa)
    tsa_eku = _ext(tsa, x509.ExtendedKeyUsage)
    assert tsa_eku.critical
    assert list(tsa_eku.value) == [ExtendedKeyUsageOID.TIME_STAMPING]
    ocsp = _cert(internal_pki.ocsp)
    assert ExtendedKeyUsageOID.OCSP_SIGNING in _ext(ocsp, x509.ExtendedKeyUsage).value
    leaf = _cert(person)
    assert _ext(leaf, x509.BasicConstraints).value.ca is False
    usage = _ext(leaf, x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert not usage.key_cert_sign
    assert DOCUMENT_SIGNING in _ext(leaf, x509.ExtendedKeyUsage).value
    assert person.holder is not None
    assert leaf.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == (
        person.holder.full_name
    )


def test_openssl_verifies_a_leaf_through_the_issuing_ca(
    internal_pki: InternalPki, tmp_path: Path
) -> None:
    leaf = issue_certificate(None, role=CertificateRole.PERSON, pin="123789", holder=UserFactory())
    files = {}
    for name, row in (
        ("root", internal_pki.root),
        ("issuing", internal_pki.issuing),
        ("leaf", leaf),
    ):
        files[name] = tmp_path / f"{name}.pem"
        files[name].write_bytes(_cert(row).public_bytes(serialization.Encoding.PEM))
    result = subprocess.run(
        [
            "openssl",
            "verify",
            "-purpose",
            "any",
            "-CAfile",
            str(files["root"]),
            "-untrusted",
            str(files["issuing"]),
            str(files["leaf"]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # And a leaf is not accepted against the wrong root
    wrong = subprocess.run(
        ["openssl", "verify", "-CAfile", str(files["issuing"]), str(files["root"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode != 0


def test_initialise_is_a_no_op_when_a_root_exists(internal_pki: InternalPki) -> None:
    again = initialise_internal_pki()
    assert again.created is False
    assert again.root.pk == internal_pki.root.pk
    assert Certificate.objects.filter(role=CertificateRole.ROOT_CA).count() == 1
