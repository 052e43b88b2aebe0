"""The in-memory PKI server that independent validators fetch revocation information from."""

from __future__ import annotations

import datetime as dt
import urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from chancery.signing.constants import CertificateRole
from chancery.signing.pki.localserver import PkiServer
from chancery.signing.pki.material import Hierarchy
from chancery.signing.pki.x509build import Subject


def _ocsp_status(server: PkiServer, hierarchy: Hierarchy, cert: x509.Certificate) -> object:
    request = (
        ocsp.OCSPRequestBuilder()
        # SHA-1 is what RFC 6960 clients still send for the CertID: the responder must cope.
        .add_certificate(cert, hierarchy.issuing.certificate, hashes.SHA1())  # noqa: S303
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    http = urllib.request.Request(  # noqa: S310 (loopback only)
        f"{server.base_url}/pki/ocsp/",
        data=request,
        headers={"Content-Type": "application/ocsp-request"},
    )
    with urllib.request.urlopen(http, timeout=10) as answer:  # noqa: S310
        response = ocsp.load_der_ocsp_response(answer.read())
    return response.certificate_status


def test_ocsp_answers_good_then_revoked(hierarchy: Hierarchy, pki_server: PkiServer) -> None:
    # Given a freshly issued certificate
    leaf = hierarchy.issue(CertificateRole.PERSON, Subject("Trần Thị Bình")).certificate
    # Then the responder says it is good
    assert _ocsp_status(pki_server, hierarchy, leaf) == ocsp.OCSPCertStatus.GOOD
    # When it is revoked, the responder and the CRL both say so
    hierarchy.revoke(leaf, when=dt.datetime.now(dt.UTC), reason="key_compromise")
    assert _ocsp_status(pki_server, hierarchy, leaf) == ocsp.OCSPCertStatus.REVOKED
    with urllib.request.urlopen(f"{pki_server.base_url}/pki/crl/issuing.crl") as answer:  # noqa: S310
        crl = x509.load_der_x509_crl(answer.read())
    assert crl.get_revoked_certificate_by_serial_number(leaf.serial_number) is not None


def test_certificates_name_the_server(hierarchy: Hierarchy, pki_server: PkiServer) -> None:
    leaf = hierarchy.issue(CertificateRole.SEAL, Subject("Bộ Ngoại giao")).certificate
    aia = leaf.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    urls = {desc.access_location.value for desc in aia}
    assert f"{pki_server.base_url}/pki/ocsp/" in urls
    with urllib.request.urlopen(f"{pki_server.base_url}/pki/ca/issuing.crt") as answer:  # noqa: S310
        assert x509.load_der_x509_certificate(answer.read()) == hierarchy.issuing.certificate
