"""A consular officer sees only the dossiers of their own mission or department: in the queue
and its counts, on the dossier page, in file downloads, in the API and in actions (404 for the
rest); a ministry leader sees all."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chancery.core.constants import Role
from chancery.core.tests.factories import issue_token
from chancery.eservices.constants import State
from chancery.eservices.tests.factories import hq_department, mission, officer
from chancery.eservices.tests.factories_handling import passport_file, unit_dossier

pytestmark = pytest.mark.django_db
API = "/api/v1/eservices/handling/dossiers"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: Any) -> dict[str, Any]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {issue_token(user, 'read:eservices', 'write:eservices')}"
    }


@pytest.fixture
def world() -> dict[str, Any]:
    paris, washington = mission("FR-PAR", "FR"), mission("US-WAS", "US")
    mine = unit_dossier(paris, code="FR-PAR-260302-0001")
    theirs = unit_dossier(washington, code="US-WAS-260302-0001")
    return {
        "paris": paris,
        "mine": mine,
        "theirs": theirs,
        "theirs_file": passport_file(theirs),
        "mine_file": passport_file(mine),
        "officer": officer(paris),
    }


def test_the_queue_and_its_counts_show_only_the_officers_mission(world: dict[str, Any]) -> None:
    page = _client(world["officer"]).get("/eservices/?tab=check")
    html = page.content.decode()
    assert page.status_code == 200
    assert world["mine"].code in html
    assert world["theirs"].code not in html
    assert page.context["tabs"][0][1] == 1  # "To check today": one dossier, not two


def test_another_missions_dossier_its_files_and_actions_answer_404(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    theirs = world["theirs"]
    assert client.get(f"/eservices/dossiers/{theirs.pk}/").status_code == 404
    assert (
        client.get(f"/eservices/dossiers/{theirs.pk}/files/{world['theirs_file'].pk}/").status_code
        == 404
    )
    # Nor may a file of theirs be fetched through one of our dossiers.
    mine = world["mine"]
    assert (
        client.get(f"/eservices/dossiers/{mine.pk}/files/{world['theirs_file'].pk}/").status_code
        == 404
    )
    posted = client.post(f"/eservices/dossiers/{theirs.pk}/act/accept/", {"accept-revision": 0})
    assert posted.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.SUBMITTED


def test_the_officer_downloads_a_file_of_their_own_missions_dossier(world: dict[str, Any]) -> None:
    response = _client(world["officer"]).get(
        f"/eservices/dossiers/{world['mine'].pk}/files/{world['mine_file'].pk}/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_the_api_lists_and_shows_only_the_officers_mission(world: dict[str, Any]) -> None:
    auth = _api(world["officer"])
    listed = Client().get(f"{API}?tab=check", **auth).json()
    assert [row["code"] for row in listed["items"]] == [world["mine"].code]
    assert Client().get(f"{API}/{world['theirs'].pk}", **auth).status_code == 404
    accepted = Client().post(
        f"{API}/{world['theirs'].pk}/accept",
        {"revision": 0},
        content_type="application/json",
        **auth,
    )
    assert accepted.status_code == 404
    assert accepted["Content-Type"] == "application/problem+json"


def test_a_ministry_leader_sees_every_missions_dossiers(world: dict[str, Any]) -> None:
    leader = officer(hq_department("VP"), Role.LEADER.value)
    html = _client(leader).get("/eservices/?tab=check").content.decode()
    assert world["mine"].code in html
    assert world["theirs"].code in html
    assert _client(leader).get(f"/eservices/dossiers/{world['theirs'].pk}/").status_code == 200


def test_staff_without_a_handling_role_get_404_everywhere(world: dict[str, Any]) -> None:
    editor = officer(world["paris"], Role.EDITOR.value)
    client = _client(editor)
    assert client.get("/eservices/").status_code == 404
    assert client.get(f"/eservices/dossiers/{world['mine'].pk}/").status_code == 404


def test_the_queue_costs_the_same_few_queries_for_many_dossiers(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    client.get("/eservices/?tab=check")  # warm the calendars and the session
    for _ in range(20):
        unit_dossier(world["paris"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/eservices/?tab=check")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 21
    # Session, user, the page, the counts, the filter choices: not one more per row.
    assert len(queries) <= 12, [q["sql"][:120] for q in queries.captured_queries]


def test_the_dossier_page_reads_a_bounded_number_of_rows(world: dict[str, Any]) -> None:
    client = _client(world["officer"])
    url = f"/eservices/dossiers/{world['mine'].pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The dossier, its files, history, supplements, extensions, steps, the panel's checks.
    assert len(queries) <= 20
