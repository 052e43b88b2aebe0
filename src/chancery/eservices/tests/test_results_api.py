"""The results API: a signer issues through ``POST /dossiers/{id}/issue``; refusals are
problem details with the signing service's message."""

from __future__ import annotations

import pytest
from django.test import Client

from chancery.core.tests.factories import issue_token
from chancery.eservices.constants import State
from chancery.eservices.models import IssuedCertificate
from chancery.eservices.tests.factories_results import (  # noqa: F401
    PIN,
    Desk,
    hierarchy,
    pki_dir,
    pki_port,
    signing_desk_fixture,
)

pytestmark = pytest.mark.django_db


def post_issue(user: object, dossier_id: int, body: dict[str, object]) -> object:
    token = issue_token(user, "write:eservices")  # type: ignore[arg-type]
    return Client(HTTP_ACCEPT_LANGUAGE="en").post(
        f"/api/v1/eservices/dossiers/{dossier_id}/issue",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_signer_issues_through_the_api(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved()
    body = {"certificate_id": desk.certificates["head"].pk, "pin": "111111", "revision": 0}
    wrong = post_issue(desk.head, dossier.pk, body)
    assert wrong.status_code == 422  # type: ignore[attr-defined]
    assert wrong["Content-Type"] == "application/problem+json"  # type: ignore[index]
    assert "PIN" in wrong.json()["detail"]  # type: ignore[attr-defined]
    body["pin"] = PIN
    done = post_issue(desk.head, dossier.pk, body)
    assert done.status_code == 200  # type: ignore[attr-defined]
    answer = done.json()  # type: ignore[attr-defined]
    assert answer["state"] == State.RESULT_ISSUED
    assert answer["certificate_number"] == IssuedCertificate.objects.get().number
    assert answer["verification_code"]


def test_the_api_refuses_other_states_and_hides_other_units(signing_desk: Desk) -> None:
    desk = signing_desk
    processing = desk.approved(state=State.PROCESSING)
    body = {"certificate_id": desk.certificates["head"].pk, "pin": PIN, "revision": 0}
    refused = post_issue(desk.head, processing.pk, body)
    assert refused.status_code == 409  # type: ignore[attr-defined]
    body["certificate_id"] = desk.certificates["outsider"].pk
    outsider = post_issue(desk.outsider, desk.approved().pk, body)
    assert outsider.status_code == 404  # type: ignore[attr-defined]
    assert not IssuedCertificate.objects.exists()
