"""The handling API: steps with the revision, problem details for refusals, idempotent
retries, cursor pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chancery.core.constants import Role
from chancery.core.tests.factories import issue_token
from chancery.eservices.constants import State
from chancery.eservices.tests.factories import hq_department, officer
from chancery.eservices.tests.factories_handling import unit_dossier

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices/handling/dossiers"


def _as(user: Any) -> dict[str, Any]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {issue_token(user, 'read:eservices', 'write:eservices')}"
    }


def _post(user: Any, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return Client().post(API + path, body, content_type="application/json", **_as(user), **headers)


@pytest.fixture
def unit() -> Any:
    return hq_department()


def test_a_dossier_is_taken_from_intake_to_return_through_the_api(unit: Any) -> None:
    head = officer(unit, Role.UNIT_HEAD.value)
    specialist = officer(unit, Role.SPECIALIST.value)
    row = unit_dossier(unit)
    assert _post(head, f"/{row.pk}/accept", {"revision": 0}).json()["state"] == State.ACCEPTED
    assigned = _post(head, f"/{row.pk}/assign", {"revision": 1, "assignee": specialist.username})
    assert assigned.json()["assignee"] == specialist.username
    extended = _post(
        head, f"/{row.pk}/extend", {"revision": 2, "new_due_on": "2026-03-16", "reason": "Checks."}
    )
    assert extended.json()["due_on"] == "2026-03-16"
    row.refresh_from_db()
    row.state = State.RESULT_ISSUED
    row.save(update_fields=["state"])
    returned = _post(head, f"/{row.pk}/return", {"revision": 3, "how": "posted"})
    assert returned.status_code == 200
    assert returned.json()["state"] == State.RETURNED
    detail = Client().get(f"{API}/{row.pk}", **_as(head)).json()
    assert [e["action"] for e in detail["events"]] == [
        "accepted",
        "assigned",
        "deadline_extended",
        "returned",
    ]
    assert detail["extensions"][0]["reason"] == "Checks."


def test_refusals_are_problem_details_with_their_status(unit: Any) -> None:
    head = officer(unit, Role.UNIT_HEAD.value)
    row = unit_dossier(unit)
    stale = _post(head, f"/{row.pk}/accept", {"revision": 5})
    assert (stale.status_code, stale["Content-Type"]) == (409, "application/problem+json")
    assert stale.json()["type"].endswith("stale-revision")
    bad = _post(
        head,
        f"/{row.pk}/supplement",
        {"revision": 0, "reason": "x", "items": [{"component": "visa", "problem": "missing"}]},
    )
    assert bad.status_code == 422
    assert "visa" in bad.json()["detail"]
    wrong_state = _post(head, f"/{row.pk}/decide", {"revision": 0, "decision": "approved"})
    assert wrong_state.status_code == 409
    unknown = _post(head, f"/{row.pk}/assign", {"revision": 0, "assignee": "nobody"})
    assert unknown.status_code == 422


def test_a_retried_step_with_the_same_idempotency_key_is_replayed_not_refused(unit: Any) -> None:
    head = officer(unit, Role.UNIT_HEAD.value)
    row = unit_dossier(unit)
    token = _as(head)

    def send() -> Any:
        return Client().post(
            f"{API}/{row.pk}/refuse",
            {"revision": 0, "reason": "Out of scope."},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="refuse-1",
            **token,
        )

    first, second = send(), send()
    assert (first.status_code, second.status_code) == (200, 200)
    assert row.events.count() == 1


def test_the_list_is_paged_with_a_cursor(unit: Any) -> None:
    user = officer(unit)
    rows = [unit_dossier(unit) for _ in range(3)]
    first = Client().get(f"{API}?tab=check&limit=2", **_as(user)).json()
    assert [r["id"] for r in first["items"]] == [rows[0].pk, rows[1].pk]
    second = Client().get(first["next"], **_as(user)).json()
    assert [r["id"] for r in second["items"]] == [rows[2].pk]
    assert second["next"] is None
    assert "working_days_left" in first["items"][0]
