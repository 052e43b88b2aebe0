"""The compose API: a cable is created (idempotently), changed, submitted, cleared and
released with a PIN; refusals are problem details; a reader outside the cable gets 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chancery.core.service import Clearance
from chancery.core.tests.factories import issue_token
from chancery.documents.cables.tests.factories import PIN, CableOffice
from chancery.documents.models import Cable

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cables"


def _as(user: Any, *scopes: str) -> dict[str, Any]:
    token = issue_token(user, *(scopes or ("read:cables", "write:cables")))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _send(method: str, user: Any, path: str, body: dict[str, Any], **headers: Any) -> Any:
    send = getattr(Client(), method)
    return send(BASE + path, body, content_type="application/json", **_as(user), **headers)


def _create(office: CableOffice, **overrides: Any) -> Any:
    body: dict[str, Any] = {
        "subject": "Đề nghị hỗ trợ công dân",
        "precedence": "IMMEDIATE",
        "classification": Clearance.CONFIDENTIAL,
        "tags": ["US", "CASC"],
        "paragraphs": [{"text": "Tình hình.", "marking": 0}, {"text": "Đề xuất.", "marking": 1}],
        "action_units": [office.mission.code],
        "info_people": [office.outsider.username],
    }
    body.update(overrides)
    return _send("post", office.drafter, "/drafts", body)


def test_a_cable_goes_from_draft_to_release_through_the_api(
    signing_cable_office: CableOffice,
) -> None:
    office = signing_cable_office
    created = _create(office)
    assert created.status_code == 201, created.content
    cable = created.json()
    assert cable["post"] == office.ministry.code
    assert [p["marking"] for p in cable["paragraphs"]] == [0, 1]
    path = f"/{cable['id']}"
    changed = _send(
        "patch", office.drafter, path, {"subject": "Đã sửa", "version": cable["version"]}
    )
    assert changed.status_code == 200, changed.content
    version = changed.json()["version"]
    submitted = _send(
        "post",
        office.drafter,
        f"{path}/submit",
        {
            "clearers": [office.clearer.username],
            "approver": office.approver.username,
            "version": version,
        },
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "clearing"
    cleared = _send(
        "post", office.clearer, f"{path}/clear", {"version": submitted.json()["version"]}
    )
    assert cleared.json()["status"] == "awaiting_release"
    certificate = office.certificates["approver"]
    released = _send(
        "post",
        office.approver,
        f"{path}/release",
        {"certificate": certificate.fingerprint, "pin": PIN, "version": cleared.json()["version"]},
    )
    assert released.status_code == 200, released.content
    assert released.json()["reference"].endswith("-000001")
    read = Client().get(BASE + path, **_as(office.mission_officer, "read:cables"))
    assert read.status_code == 200
    assert read.json()["status"] == "released"


def test_create_honours_the_idempotency_key(cable_office: CableOffice) -> None:
    office = cable_office
    body = {
        "subject": "Một lần",
        "paragraphs": [{"text": "A"}],
        "action_units": [office.mission.code],
    }
    auth = _as(office.drafter)  # keys belong to the caller: the same token twice
    one, two = (
        Client().post(
            f"{BASE}/drafts",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="cable-1",
            **auth,
        )
        for _ in range(2)
    )
    assert one.status_code == two.status_code == 201
    assert one.json()["id"] == two.json()["id"]
    assert Cable.objects.filter(subject="Một lần").count() == 1


def test_refusals_are_problem_details(signing_cable_office: CableOffice) -> None:
    office = signing_cable_office
    too_low = _create(
        office,
        classification=Clearance.CONFIDENTIAL,
        paragraphs=[{"text": "Bí mật", "marking": Clearance.SECRET}],
    )
    assert too_low.status_code == 422
    assert too_low.json()["type"].endswith("marking-too-low")
    unknown = _create(office, tags=["ZZZZ"])
    assert unknown.status_code == 422
    assert unknown.json()["type"].endswith("unknown-tag")
    cable = office.cleared()
    refused = _send(
        "post",
        office.clearer,
        f"/{cable.pk}/release",
        {"certificate": "nope", "pin": PIN, "version": cable.version},
    )
    assert refused.status_code == 422
    wrong = _send(
        "post",
        office.approver,
        f"/{cable.pk}/release",
        {
            "certificate": office.certificates["approver"].fingerprint,
            "pin": PIN,
            "version": cable.version - 1,
        },
    )
    assert wrong.status_code == 409


def test_a_cable_not_for_the_caller_is_404_and_scopes_are_checked(
    cable_office: CableOffice,
) -> None:
    office = cable_office
    cable = office.draft()
    hidden = Client().get(f"{BASE}/{cable.pk}", **_as(office.outsider))
    assert hidden.status_code == 404
    no_write = Client().post(
        f"{BASE}/drafts",
        {"subject": "X"},
        content_type="application/json",
        **_as(office.drafter, "read:cables"),
    )
    assert no_write.status_code == 403
