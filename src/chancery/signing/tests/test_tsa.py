"""The internal RFC 3161 TSA: in-process for pyHanko, and over ``POST /pki/tsa/``."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import tsp
from cryptography.hazmat.primitives import serialization
from django.test import Client

from chancery.signing.actions.pki import InternalPki
from chancery.signing.pki.material import Hierarchy, to_asn1
from chancery.signing.pki.tsa import TSA_POLICY, InternalTimeStamper, parse_status
from chancery.signing.queries.pki import timestamper

pytestmark = pytest.mark.django_db


def _query(stamper: Any, digest: bytes, algorithm: str) -> tuple[int, tsp.TimeStampReq]:
    """A TimeStampReq as pyHanko builds it (nonce, certReq)."""
    nonce, request = stamper.request_cms(digest, algorithm)
    return nonce, request


def _pem(path: Path, cert: object) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))  # type: ignore[attr-defined]
    return path


def test_tsa_endpoint_answers_a_token_openssl_verifies(
    internal_pki: InternalPki, hierarchy: Hierarchy, tmp_path: Path
) -> None:
    # Given a timestamp query for some data, with a nonce and certReq
    data = tmp_path / "data.bin"
    data.write_bytes(b"C\xc3\xb4ng h\xc3\xa0m s\xe1\xbb\x91 123/BNG")
    stamper = timestamper()
    nonce, request = _query(stamper, hashlib.sha256(data.read_bytes()).digest(), "sha256")
    # When it is posted to the public endpoint
    response = Client().post(
        "/pki/tsa/", request.dump(), content_type="application/timestamp-query"
    )
    # Then the reply is a granted token for that imprint, echoing the nonce
    assert response.status_code == 200
    assert response["Content-Type"] == "application/timestamp-reply"
    reply = tsp.TimeStampResp.load(response.content)
    assert reply["status"]["status"].native == "granted"
    info = reply["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["nonce"].native == nonce
    assert info["policy"].native == TSA_POLICY
    assert info["accuracy"]["seconds"].native == 1
    signer_info = reply["time_stamp_token"]["content"]["signer_infos"][0]
    attrs = {attr["type"].native for attr in signer_info["signed_attrs"]}
    assert "signing_certificate_v2" in attrs
    # And OpenSSL verifies it against the root, with the issuing CA as intermediate
    answer = tmp_path / "reply.tsr"
    answer.write_bytes(response.content)
    result = subprocess.run(
        [
            "openssl",
            "ts",
            "-verify",
            "-in",
            str(answer),
            "-data",
            str(data),
            "-CAfile",
            str(_pem(tmp_path / "root.pem", hierarchy.root.certificate)),
            "-untrusted",
            str(_pem(tmp_path / "issuing.pem", hierarchy.issuing.certificate)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Verification: OK" in result.stdout


def test_serial_numbers_are_unique(hierarchy: Hierarchy) -> None:
    stamper = InternalTimeStamper(
        to_asn1(hierarchy.tsa.certificate),
        hierarchy.tsa.key,
        [to_asn1(hierarchy.issuing.certificate)],
    )
    digest = hashlib.sha256(b"x").digest()
    serials = {
        asyncio.run(stamper.async_timestamp(digest, "sha256"))["content"]["encap_content_info"][
            "content"
        ]
        .parsed["serial_number"]
        .native
        for _ in range(5)
    }
    assert len(serials) == 5


def test_tokens_omit_certificates_unless_asked(hierarchy: Hierarchy) -> None:
    stamper = InternalTimeStamper(to_asn1(hierarchy.tsa.certificate), hierarchy.tsa.key)
    _, request = _query(stamper, hashlib.sha256(b"x").digest(), "sha256")
    request = tsp.TimeStampReq({**dict(request.native), "cert_req": False})
    token = stamper.respond(request)["time_stamp_token"]["content"]
    assert not token["certificates"].native


@pytest.mark.parametrize(
    ("body", "failure"),
    [
        (b"\x30\x03\x02\x01\x01", "bad_data_format"),
        (b"garbage", "bad_data_format"),
        (b"", "bad_data_format"),
    ],
)
def test_bad_requests_get_a_rejection_not_an_error(
    internal_pki: InternalPki, body: bytes, failure: str
) -> None:
    response = Client().post("/pki/tsa/", body, content_type="application/timestamp-query")
    assert response.status_code == 200
    status = parse_status(response.content)
    assert status["status"] == "rejection"
    assert status["fail_info"] == {failure}


def test_weak_digests_and_foreign_policies_are_refused(internal_pki: InternalPki) -> None:
    stamper = timestamper()
    _, sha1_request = _query(stamper, hashlib.sha1(b"x").digest(), "sha1")  # noqa: S324
    _, request = _query(stamper, hashlib.sha256(b"x").digest(), "sha256")
    foreign = tsp.TimeStampReq({**dict(request.native), "req_policy": "1.2.3.4"})
    client = Client()
    for query, failure in ((sha1_request, "bad_alg"), (foreign, "unaccepted_policy")):
        response = client.post(
            "/pki/tsa/", query.dump(), content_type="application/timestamp-query"
        )
        assert parse_status(response.content)["fail_info"] == {failure}
