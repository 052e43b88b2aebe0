"""The public CA, CRL and OCSP endpoints, answering from the database over real HTTP views."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from django.test import Client

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.signing.actions.pki import InternalPki, issue_certificate, revoke_certificate
from chancery.signing.constants import CertificateRole
from chancery.signing.models import Certificate

pytestmark = pytest.mark.django_db


def _cert(row: Certificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(row.pem.encode())


def _ocsp_request(leaf: Certificate, issuer: Certificate, algorithm: Any = None) -> bytes:
    return (
        ocsp.OCSPRequestBuilder()
        .add_certificate(_cert(leaf), _cert(issuer), algorithm or hashes.SHA1())  # noqa: S303
        .build()
        .public_bytes(serialization.Encoding.DER)
    )


def _ask(client: Client, request: bytes) -> ocsp.OCSPResponse:
    response = client.post("/pki/ocsp/", request, content_type="application/ocsp-request")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def test_ocsp_says_good_then_revoked_after_revocation(internal_pki: InternalPki) -> None:
    # Given a personal certificate issued by the internal CA
    holder = UserFactory()
    leaf = issue_certificate(None, role=CertificateRole.PERSON, pin="246810", holder=holder)
    request = _ocsp_request(leaf, internal_pki.issuing)
    client = Client()
    # Then the responder (the delegated OCSP certificate) says it is good
    answer = _ask(client, request)
    assert answer.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert answer.serial_number == _cert(leaf).serial_number
    assert answer.certificates[0] == _cert(internal_pki.ocsp)
    # When an administrator revokes it for key compromise
    revoke_certificate(UserFactory(admin=True), leaf, "key_compromise")
    # Then both the POST and the GET form (RFC 6960 A.1) say revoked, with the reason
    answer = _ask(client, request)
    assert answer.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert answer.revocation_reason == x509.ReasonFlags.key_compromise
    encoded = base64.b64encode(_ocsp_request(leaf, internal_pki.issuing, hashes.SHA256()))
    got = client.get("/pki/ocsp/" + encoded.decode())
    assert (
        ocsp.load_der_ocsp_response(got.content).certificate_status == ocsp.OCSPCertStatus.REVOKED
    )


def test_ocsp_answers_for_the_issuing_ca_signed_by_the_root(internal_pki: InternalPki) -> None:
    answer = _ask(Client(), _ocsp_request(internal_pki.issuing, internal_pki.root))
    assert answer.certificate_status == ocsp.OCSPCertStatus.GOOD
    # signed by the root itself (no delegated responder for the root's own certificates)
    assert (
        answer.responder_key_hash
        == x509.SubjectKeyIdentifier.from_public_key(_cert(internal_pki.root).public_key()).digest
    )
    root_key = _cert(internal_pki.root).public_key()
    assert isinstance(root_key, rsa.RSAPublicKey)
    assert answer.signature_hash_algorithm is not None
    root_key.verify(
        answer.signature,
        answer.tbs_response_bytes,
        padding.PKCS1v15(),
        answer.signature_hash_algorithm,
    )


def test_ocsp_refuses_garbage_and_unknown_serials_without_error(internal_pki: InternalPki) -> None:
    client = Client()
    garbage = client.post("/pki/ocsp/", b"not der", content_type="application/ocsp-request")
    assert ocsp.load_der_ocsp_response(garbage.content).response_status == (
        ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    )
    # A certificate of an issuer this responder does not know
    request = (
        ocsp.OCSPRequestBuilder()
        .add_certificate_by_hash(
            issuer_name_hash=b"\0" * 20,
            issuer_key_hash=b"\0" * 20,
            serial_number=12345,
            algorithm=hashes.SHA1(),  # noqa: S303
        )
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    assert _ask(client, request).response_status == ocsp.OCSPResponseStatus.UNAUTHORIZED


def test_crl_lists_the_revoked_serial_with_a_new_number(internal_pki: InternalPki) -> None:
    # Given the issuing CA's CRL before any revocation
    client = Client()
    first = client.get("/pki/crl/issuing.crl")
    assert first["Content-Type"] == "application/pkix-crl"
    assert "max-age=" in first["Cache-Control"]
    before = x509.load_der_x509_crl(first.content)
    assert len(before) == 0
    # When a seal certificate is revoked
    seal = issue_certificate(
        None,
        role=CertificateRole.SEAL,
        pin="135790",
        unit=UnitFactory(),
    )
    revoke_certificate(None, seal, "superseded")
    # Then the next CRL lists its serial, carries a higher CRL number and verifies under the CA
    after = x509.load_der_x509_crl(client.get("/pki/crl/issuing.crl").content)
    entry = after.get_revoked_certificate_by_serial_number(_cert(seal).serial_number)
    assert entry is not None
    number = after.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    old = before.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number > old
    assert after.is_signature_valid(_cert(internal_pki.issuing).public_key())  # type: ignore[arg-type]


def test_ca_certificates_are_served_as_der(internal_pki: InternalPki) -> None:
    response = Client().get("/pki/ca/root.crt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pkix-cert"
    assert x509.load_der_x509_certificate(response.content) == _cert(internal_pki.root)
    assert Client().get("/pki/ca/other.crt").status_code == 404


def test_endpoints_answer_404_when_the_internal_ca_is_off(
    internal_pki: InternalPki, settings: Any
) -> None:
    settings.CHANCERY_PKI_INTERNAL_CA = False
    client = Client()
    assert client.get("/pki/ca/root.crt").status_code == 404
    assert client.get("/pki/crl/issuing.crl").status_code == 404
    assert (
        client.post("/pki/ocsp/", b"", content_type="application/ocsp-request").status_code == 404
    )
    assert client.get("/pki/ocsp/MAA=").status_code == 404
    tsa = client.post("/pki/tsa/", b"", content_type="application/timestamp-query")
    assert tsa.status_code == 404


def test_endpoints_answer_404_before_the_pki_exists(pki_dir: Any, db: None) -> None:
    client = Client()
    assert client.get("/pki/crl/root.crl").status_code == 404
    assert (
        client.post("/pki/ocsp/", b"x", content_type="application/ocsp-request").status_code == 404
    )
