"""The handling API: assign, sub-assign, progress, complete, comments, opinions, the inbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chancery.core.constants import Clearance
from chancery.core.tests.factories import issue_token
from chancery.documents.constants import Status
from chancery.documents.models import Activity, Assignment, Document
from chancery.documents.tests.factories_handling import Office, office

pytestmark = pytest.mark.django_db

BASE = "/api/v1/documents/handling"


@pytest.fixture
def o() -> Office:
    return office()


def _as(user: Any) -> dict[str, Any]:
    token = issue_token(user, "read:documents", "write:documents")
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post(user: Any, path: str, body: dict[str, Any]) -> Any:
    return Client().post(BASE + path, body, content_type="application/json", **_as(user))


def test_a_document_is_handled_end_to_end_through_the_api(o: Office) -> None:
    document = o.document()

    assigned = _post(
        o.leader,
        f"/{document.pk}/assignments",
        {"lead": o.lead.code, "information": [o.other.code], "working_days": 4, "version": 1},
    )
    assert assigned.status_code == 201, assigned.content
    lead_id = next(row["id"] for row in assigned.json() if row["role"] == "lead")
    inbox = Client().get(BASE + "/inbox?tab=handle", **_as(o.head)).json()
    assert [item["id"] for item in inbox["items"]] == [str(document.pk)]
    sub = _post(
        o.head,
        f"/assignments/{lead_id}/sub-assignments",
        {"assignee": o.specialist.username, "version": 2},
    )
    assert sub.status_code == 201
    assert sub.json()["assignee"] == o.specialist.username
    child_id = sub.json()["id"]
    progress = _post(o.specialist, f"/assignments/{child_id}/progress", {"body": "Drafting"})
    comment = _post(o.specialist, f"/{document.pk}/comments", {"body": "Note"})
    asked = _post(
        o.specialist,
        f"/{document.pk}/opinion-requests",
        {"unit": o.other.code, "question": "Agree?", "version": 3},
    )
    answer = _post(o.other_head, f"/opinion-requests/{asked.json()['id']}/opinion", {"body": "Yes"})
    done = _post(
        o.specialist, f"/assignments/{child_id}/complete", {"result": "Replied", "version": 4}
    )

    assert (progress.status_code, comment.status_code, asked.status_code) == (201, 201, 201)
    assert answer.status_code == 201
    assert answer.json()["reply_to_id"] == asked.json()["id"]
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert Document.objects.get(pk=document.pk).status == Status.COMPLETED
    assert Activity.objects.filter(document=document).count() >= 6


def test_api_refusals_are_problems(o: Office) -> None:
    document = o.document()
    body = {"lead": o.lead.code, "version": 1}

    refused = _post(o.specialist, f"/{document.pk}/assignments", body)
    stale = _post(o.leader, f"/{document.pk}/assignments", {**body, "version": 9})
    unknown = _post(o.leader, f"/{document.pk}/assignments", {**body, "lead": "nowhere"})
    hidden = o.document(classification=Clearance.SECRET)
    invisible = _post(o.leader, f"/{hidden.pk}/assignments", body)

    assert refused.status_code == 403
    assert refused.json()["type"].endswith("not-allowed")
    assert stale.status_code == 409
    assert stale.json()["type"].endswith("stale-version")
    assert unknown.status_code == 422
    assert invisible.status_code == 404
    assert not Assignment.objects.exists()


def test_an_invisible_assignment_answers_404(o: Office) -> None:
    hidden = o.document(classification=Clearance.SECRET, distribution=[o.leader])
    _post(o.leader, f"/{hidden.pk}/assignments", {"lead": o.lead.code, "version": 1})
    assignment = Assignment.objects.get()

    response = _post(o.other_head, f"/assignments/{assignment.pk}/progress", {"body": "x"})

    assert response.status_code == 404


def test_a_lead_is_reassigned_through_the_api(o: Office) -> None:
    document = o.document()
    made = _post(o.leader, f"/{document.pk}/assignments", {"lead": o.lead.code, "version": 1})
    lead_id = made.json()[0]["id"]

    refused = _post(
        o.head, f"/assignments/{lead_id}/reassign", {"unit": o.other.code, "version": 2}
    )
    moved = _post(
        o.leader, f"/assignments/{lead_id}/reassign", {"unit": o.other.code, "version": 2}
    )

    assert refused.status_code == 403
    assert moved.status_code == 201
    assert moved.json()["unit"] == o.other.code
    assert Assignment.objects.get(pk=lead_id).status == "cancelled"
