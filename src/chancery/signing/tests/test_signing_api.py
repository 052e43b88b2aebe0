"""The signing API: sign, countersign, revoke, validate, public lookup, batches."""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client

from chancery.core.tests.factories import issue_token
from chancery.lib.pdfgen import sample_letter
from chancery.signing.models import SignedDocument
from chancery.signing.tests.db_pki import PIN, SigningWorld

BASE = "/api/v1/signing"


class _Headers(TypedDict):
    """The WSGI environ entries a bearer-token API call adds."""

    HTTP_AUTHORIZATION: str


def _auth(world: SigningWorld, user: Any, *scopes: str) -> _Headers:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, *scopes)}"}


def _sign(client: Client, world: SigningWorld, headers: _Headers, pin: str = PIN) -> Any:
    return client.post(
        f"{BASE}/documents",
        {
            "file": SimpleUploadedFile("letter.pdf", sample_letter(), "application/pdf"),
            "certificate": world.head_cert.fingerprint,
            "pin": pin,
            "level": "B-T",
            "document_type": "cong-van",
            "public_number": "7/BNG-LS",
        },
        **headers,
    )


def test_signing_through_the_api_returns_the_document_and_its_code(
    client: Client, world: SigningWorld
) -> None:
    headers = _auth(world, world.head, "write:signing", "read:signing")
    response = _sign(client, world, headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["public_number"] == "7/BNG-LS"
    assert body["verification_url"].endswith(f"/verify/{body['verification_code']}/")
    assert [s["level"] for s in body["signatures"]] == ["B-T"]
    # The file downloads, and is the revision the record describes
    download = client.get(f"{BASE}/documents/{body['id']}/file", **headers)
    assert download.status_code == 200
    assert isinstance(download, StreamingHttpResponse)  # a FileResponse
    import hashlib

    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == body["sha256"]


def test_a_wrong_pin_is_a_problem_with_its_own_type(client: Client, world: SigningWorld) -> None:
    headers = _auth(world, world.head, "write:signing")
    response = _sign(client, world, headers, pin="111111")
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "urn:chancery:problem:wrong-pin"
    assert "PIN" in problem["detail"]
    assert PIN not in response.content.decode()
    assert "111111" not in response.content.decode()
    assert SignedDocument.objects.count() == 0


def test_signing_needs_the_write_scope(client: Client, world: SigningWorld) -> None:
    headers = _auth(world, world.head, "read:signing")
    assert _sign(client, world, headers).status_code == 403


def test_anyone_may_look_up_a_code_but_sees_only_public_fields(
    client: Client, world: SigningWorld
) -> None:
    headers = _auth(world, world.head, "write:signing")
    code = _sign(client, world, headers).json()["verification_code"]
    anonymous = Client()
    response = anonymous.get(f"{BASE}/verify/{code.lower()}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["number"] == "7/BNG-LS"
    assert "sha256" not in body
    assert "id" not in body
    assert anonymous.get(f"{BASE}/verify/AAAA-AAAA-AAAA").status_code == 404


def test_validation_reports_each_signature(client: Client, world: SigningWorld) -> None:
    headers = _auth(world, world.head, "write:signing", "read:signing", "validate:signing")
    document = _sign(client, world, headers).json()
    signed = b"".join(client.get(f"{BASE}/documents/{document['id']}/file", **headers))
    response = client.post(
        f"{BASE}/validate",
        {"file": SimpleUploadedFile("x.pdf", signed, "application/pdf")},
        **headers,
    )
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["verdict"] == "valid"
    assert report["signatures"][0]["pades_level"] == "B-T"
    garbage = client.post(
        f"{BASE}/validate",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\n garbage", "application/pdf")},
        **headers,
    )
    assert garbage.status_code == 400
    assert garbage.json()["type"].startswith("urn:chancery:problem:")


def test_revoking_through_the_api_is_public_at_once(client: Client, world: SigningWorld) -> None:
    headers = _auth(world, world.head, "write:signing", "read:signing")
    document = _sign(client, world, headers).json()
    response = client.post(
        f"{BASE}/documents/{document['id']}/revoke",
        {"reason": "Superseded by 8/BNG-LS"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    public = Client().get(f"{BASE}/verify/{document['verification_code']}").json()
    assert public["status"] == "revoked"
    assert public["revocation_reason"] == "Superseded by 8/BNG-LS"
