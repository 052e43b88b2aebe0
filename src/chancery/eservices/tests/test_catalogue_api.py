"""The catalogue API: public lists and versions without credentials, the export for staff,
the import for catalogue editors only, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from chancery.core.constants import Role
from chancery.eservices.catalogue import actions
from chancery.eservices.models import Procedure
from chancery.eservices.tests.factories import officer
from chancery.eservices.tests.factories_catalogue import (
    admin,
    consular_department,
    consular_head,
    procedure,
    version_data,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices/catalogue"


@pytest.fixture
def legalisation() -> Any:
    editor = admin()
    version = actions.create_version(
        editor,
        procedure("9.002001", "Hợp pháp hóa lãnh sự giấy tờ"),
        version_data(agencies=[consular_department().code]),
    )
    return actions.publish_version(editor, version, dt.date(2025, 7, 1))


def _signed_in(user: Any) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    client.get("/")  # the CSRF cookie, as a browser has it
    return client


def _post(client: Client, url: str, body: bytes) -> Any:
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(
        url, body, content_type="application/octet-stream", headers={"X-CSRFToken": token}
    )


def test_anyone_lists_and_searches_the_procedures_in_force(legalisation: Any) -> None:
    answer = Client().get(f"{API}/procedures", {"q": "hop phap hoa"})

    assert answer.status_code == 200
    codes = [item["code"] for item in answer.json()]
    assert "9.002001" in codes
    item = next(i for i in answer.json() if i["code"] == "9.002001")
    assert item["channels"][0]["fee"] == 30000
    assert item["version"] == 1


def test_anyone_reads_a_procedure_and_a_published_version(legalisation: Any) -> None:
    slug = legalisation.procedure.slug

    detail = Client().get(f"{API}/procedures/{slug}").json()
    version = Client().get(f"{API}/procedures/{slug}/versions/1").json()
    missing = Client().get(f"{API}/procedures/{slug}/versions/2")

    assert detail["agencies"][0]["code"] == consular_department().code
    assert detail["components"][0]["code"] == "document"
    assert detail["legal_basis"][0]["en"] == "Decree 111/2011/ND-CP"
    assert version["status"] == "published"
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_a_draft_is_not_public() -> None:
    draft = actions.create_version(admin(), procedure("9.002002", "Bản nháp"), version_data())

    assert Client().get(f"{API}/procedures/{draft.procedure.slug}").status_code == 404
    assert Client().get(f"{API}/procedures/{draft.procedure.slug}/versions/1").status_code == 404


def test_the_export_needs_a_staff_member(legalisation: Any) -> None:
    reader = _signed_in(officer(consular_department(), Role.CONSULAR_OFFICER.value))

    anonymous = Client().get(f"{API}/export")
    exported = reader.get(f"{API}/export", {"fmt": "csv"})

    assert anonymous.status_code == 401
    assert exported.status_code == 200
    assert "9.002001" in exported.content.decode("utf-8-sig")


def test_the_consular_head_imports_and_a_bad_file_is_refused_whole(legalisation: Any) -> None:
    client = _signed_in(consular_head())
    document = json.loads(actions.export_catalogue("json"))
    record = next(r for r in document["procedures"] if r["code"] == "9.002001")
    added = dict(record, code="9.002003", slug="added-by-api")
    document["procedures"] = [added]

    done = _post(client, f"{API}/import?fmt=json", json.dumps(document).encode())
    refused = _post(client, f"{API}/import?fmt=json", b"[1, 2")

    assert done.status_code == 200
    assert done.json()["created_procedures"] == 1
    assert refused.status_code == 422
    assert refused.json()["type"] == "urn:chancery:problem:catalogue-import-refused"
    assert Procedure.objects.filter(code="9.002003").count() == 1


def test_other_staff_cannot_import() -> None:
    client = _signed_in(officer(consular_department(), Role.UNIT_HEAD.value))
    outsider = _signed_in(officer(admin().unit, Role.UNIT_HEAD.value))

    assert _post(client, f"{API}/import", b"{}").status_code == 422  # allowed: a bad file
    assert _post(outsider, f"{API}/import", b"{}").status_code == 403
    assert Client().post(f"{API}/import", b"{}", content_type="application/json").status_code == 401
