"""Signing keys generated and used inside a PKCS#11 token (SoftHSM2), never leaving it."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pkcs11
import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature

from chancery.core.service import Role
from chancery.core.tests.factories import UserFactory
from chancery.signing.actions.keys import unlock_for_signing
from chancery.signing.actions.pki import InternalPki, issue_certificate
from chancery.signing.constants import CertificateRole, KeyStorage
from chancery.signing.exceptions import TokenUnavailable, WrongPin
from chancery.signing.models import Certificate
from chancery.signing.pki.pkcs11 import split_locator, token_session
from chancery.signing.queries.pki import validation_context


def _holder(certificate: Certificate) -> Any:
    """The holder of a personal certificate (never None in these tests)."""
    return certificate.holder


def _unlock(actor: Any, certificate: Certificate, pin: str) -> None:
    with unlock_for_signing(actor, certificate, pin):
        pass


pytestmark = pytest.mark.django_db(transaction=True)

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "chancery-test"
USER_PIN = "591730"
SO_PIN = "so-pin-1234"


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway SoftHSM2 token directory with one initialised token."""
    if shutil.which("softhsm2-util") is None or not Path(MODULE).exists():
        pytest.fail("SoftHSM2 is missing: install it with `apt-get install softhsm2`.")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN,
            "--pin",
            USER_PIN,
            "--so-pin",
            SO_PIN,
        ],
        check=True,
        capture_output=True,
    )
    yield MODULE
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture
def token_cert(softhsm: str, settings: Any, internal_pki: InternalPki) -> Certificate:
    settings.CHANCERY_PKCS11_MODULE = softhsm
    holder = UserFactory(roles=[Role.LEADER.value], full_name="Bùi Thanh Sơn")
    return issue_certificate(
        UserFactory(admin=True),
        role=CertificateRole.PERSON,
        pin=USER_PIN,
        holder=holder,
        storage=KeyStorage.PKCS11,
        token_label=TOKEN,
    )


def test_the_key_is_generated_in_the_token_and_cannot_be_extracted(
    token_cert: Certificate, softhsm: str
) -> None:
    assert token_cert.key_storage == KeyStorage.PKCS11
    token_label, key_label = split_locator(token_cert.key_locator)
    assert token_label == TOKEN
    with token_session(softhsm, TOKEN, USER_PIN) as session:
        key = session.get_key(object_class=pkcs11.ObjectClass.PRIVATE_KEY, label=key_label)
        assert key[pkcs11.Attribute.EXTRACTABLE] is False
        assert key[pkcs11.Attribute.SENSITIVE] is True


def test_a_pdf_signed_with_the_token_key_validates(
    token_cert: Certificate, letter_pdf: bytes
) -> None:
    # Given the holder's key in the token, when they sign a letter with it
    with unlock_for_signing(_holder(token_cert), token_cert, USER_PIN) as signer:
        writer = IncrementalPdfFileWriter(BytesIO(letter_pdf))
        signed = signers.PdfSigner(
            signers.PdfSignatureMetadata(field_name="Signature1"), signer
        ).sign_pdf(writer)
    # Then pyHanko finds the signature intact, valid and trusted up to the internal root
    reader = PdfFileReader(signed)
    status = validate_pdf_signature(reader.embedded_signatures[0], validation_context())
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.signing_cert.subject.native["common_name"] == "Bùi Thanh Sơn"


def test_a_wrong_token_pin_is_refused_and_counted(token_cert: Certificate) -> None:
    with pytest.raises(WrongPin), unlock_for_signing(_holder(token_cert), token_cert, "000000"):
        pass
    token_cert.refresh_from_db()
    assert token_cert.pin_failures == 1


def test_a_missing_token_or_module_is_reported_as_unavailable(
    token_cert: Certificate, settings: Any
) -> None:
    Certificate.objects.filter(pk=token_cert.pk).update(key_locator="no-such-token/key")
    token_cert.refresh_from_db()
    with pytest.raises(TokenUnavailable):
        _unlock(_holder(token_cert), token_cert, USER_PIN)
    settings.CHANCERY_PKCS11_MODULE = "/nonexistent/libpkcs11.so"
    with pytest.raises(TokenUnavailable):
        _unlock(_holder(token_cert), token_cert, USER_PIN)
