"""The staff workspace: the queue's tabs, filters and deadlines in words; the dossier page's
action panel (only allowed actions, the revision posted back, refusals shown on the form)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from chancery.core.constants import Role
from chancery.eservices.constants import Channel, State
from chancery.eservices.handling import actions
from chancery.eservices.tests.factories import hq_department, officer
from chancery.eservices.tests.factories_handling import unit_dossier

pytestmark = pytest.mark.django_db
D = dt.date


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def unit() -> Any:
    return hq_department()


def _at(day: dt.date) -> Any:
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 4, 0, tzinfo=dt.UTC), tick=False
    )


def test_the_queue_sorts_dossiers_into_tabs_with_working_days_left_in_words(unit: Any) -> None:
    fresh = unit_dossier(unit, state=State.PROCESSING, due_on=D(2026, 3, 9))
    late = unit_dossier(unit, state=State.PROCESSING, due_on=D(2026, 3, 2))
    waiting = unit_dossier(unit, state=State.SUPPLEMENT_REQUESTED, due_on=D(2026, 3, 9))
    client = _client(officer(unit))
    with _at(D(2026, 3, 4)):
        processing = client.get("/eservices/?tab=processing")
        overdue = client.get("/eservices/?tab=overdue")
        paused = client.get("/eservices/?tab=waiting")
        week = client.get("/eservices/?tab=week")
    html = processing.content.decode()
    assert fresh.code in html
    assert "3 working days left" in html
    assert late.code in html
    assert "2 working days late" in html
    assert late.code in overdue.content.decode()
    assert fresh.code not in overdue.content.decode()
    assert waiting.code in paused.content.decode()
    assert "Clock stopped" in paused.content.decode()
    assert fresh.code not in week.content.decode()  # due next Monday, not this week
    counts = {tab.slug: count for tab, count, _q in processing.context["tabs"]}
    assert (counts["processing"], counts["overdue"], counts["waiting"]) == (2, 1, 1)


def test_a_dossier_not_checked_on_its_day_of_arrival_is_flagged(unit: Any) -> None:
    with _at(D(2026, 3, 2)):
        row = unit_dossier(unit)
    client = _client(officer(unit))
    with _at(D(2026, 3, 2)):
        assert "Completeness check overdue" not in client.get("/eservices/").content.decode()
    with _at(D(2026, 3, 3)):
        html = client.get("/eservices/").content.decode()
    assert row.code in html
    assert "Completeness check overdue" in html


def test_the_queue_filters_by_procedure_and_channel(unit: Any) -> None:
    online = unit_dossier(unit)
    counter = unit_dossier(unit, channel=Channel.IN_PERSON)
    html = _client(officer(unit)).get("/eservices/?tab=check&channel=in_person").content.decode()
    assert counter.code in html
    assert online.code not in html
    code = online.version.procedure.code
    html = _client(officer(unit)).get(f"/eservices/?tab=check&procedure={code}").content.decode()
    assert online.code in html


def test_the_dossier_page_offers_only_the_actions_the_user_may_take(unit: Any) -> None:
    row = unit_dossier(unit, state=State.ACCEPTED)
    clerk_page = _client(officer(unit, Role.CLERK.value)).get(f"/eservices/dossiers/{row.pk}/")
    head_page = _client(officer(unit, Role.UNIT_HEAD.value)).get(f"/eservices/dossiers/{row.pk}/")
    clerk_actions = {a.key for a, _f in clerk_page.context["action_forms"]}
    head_actions = {a.key for a, _f in head_page.context["action_forms"]}
    assert "assign" not in clerk_actions
    assert "assign" in head_actions
    assert {"start", "supplement"} <= clerk_actions
    assert "accept" not in head_actions


def test_accepting_from_the_page_posts_the_revision_and_goes_back_to_the_dossier(unit: Any) -> None:
    row = unit_dossier(unit)
    client = _client(officer(unit, Role.CLERK.value))
    response = client.post(f"/eservices/dossiers/{row.pk}/act/accept/", {"accept-revision": 0})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == State.ACCEPTED


def test_a_stale_form_is_refused_with_a_message_and_changes_nothing(unit: Any) -> None:
    row = unit_dossier(unit)
    client = _client(officer(unit))
    response = client.post(
        f"/eservices/dossiers/{row.pk}/act/refuse/", {"refuse-revision": 3, "refuse-reason": "x"}
    )
    assert response.status_code == 409
    assert "Someone changed this dossier" in response.content.decode()
    row.refresh_from_db()
    assert row.state == State.SUBMITTED


def test_a_supplement_request_from_the_page_names_the_wrong_component(unit: Any) -> None:
    row = unit_dossier(unit)
    client = _client(officer(unit))
    empty = client.post(
        f"/eservices/dossiers/{row.pk}/act/supplement/",
        {"supplement-revision": 0, "supplement-reason": "Fix it."},
    )
    assert empty.status_code == 422
    assert "Name at least one component" in empty.content.decode()
    done = client.post(
        f"/eservices/dossiers/{row.pk}/act/supplement/",
        {
            "supplement-revision": 0,
            "supplement-reason": "The passport copy is unreadable.",
            "supplement-problem_passport": "wrong",
            "supplement-note_passport": "blurred",
        },
    )
    assert done.status_code == 302
    request = row.supplements.get()
    assert request.items == [{"component": "passport", "problem": "wrong", "note": "blurred"}]


def test_an_overdue_dossier_page_offers_the_draft_apology_to_edit(unit: Any) -> None:
    row = unit_dossier(unit, state=State.PROCESSING, due_on=D(2026, 3, 2))
    with _at(D(2026, 3, 4)):
        page = _client(officer(unit, Role.UNIT_HEAD.value)).get(f"/eservices/dossiers/{row.pk}/")
    forms = {a.key: f for a, f in page.context["action_forms"]}
    assert row.code in forms["apology"].initial["text"]


def test_the_draft_apology_prints_as_a_pdf_with_vietnamese_letters(unit: Any) -> None:
    row = unit_dossier(unit, state=State.PROCESSING, due_on=D(2026, 3, 2))
    response = _client(officer(unit)).get(f"/eservices/dossiers/{row.pk}/apology.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_awaiting_approval_lists_the_steps_the_user_may_decide(unit: Any) -> None:
    waiting = unit_dossier(unit, state=State.PROCESSING, assignee=officer(unit))
    actions.submit_for_approval(officer(unit), waiting.pk, steps=["unit_head"], revision=0)
    head_html = _client(officer(unit, Role.UNIT_HEAD.value)).get("/eservices/?tab=approval")
    clerk_html = _client(officer(unit, Role.CLERK.value)).get("/eservices/?tab=approval")
    assert waiting.code in head_html.content.decode()
    assert waiting.code not in clerk_html.content.decode()
