"""The cable reports page, its CSV export and the API endpoint."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.tests.factories import issue_token
from chancery.documents.cables.constants import SCOPE_READ
from chancery.documents.cables.tests.factories_reports import YEAR, build_report_world

pytestmark = pytest.mark.django_db


def test_reports_page_shows_charts_with_tables_of_visible_cables(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.reader)
    response = client.get(reverse("cables:reports"), {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 5  # months, precedence, posts, tags, acknowledgement
    assert html.count("<table") == 5
    assert "emb-rp" in html
    assert "other-reports" not in html
    assert response.context["report"].total == 6


def test_reports_page_query_count_does_not_grow_with_cables(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    world = build_report_world()
    client.force_login(world.cleared)
    with django_assert_max_num_queries(14):
        client.get(reverse("cables:reports"), {"year": YEAR})


def test_reports_page_falls_back_to_this_year_on_bad_filters(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.reader)
    response = client.get(reverse("cables:reports"), {"year": "abc", "post": "999999"})
    assert response.status_code == 200
    assert response.context["report"].filters.post_id is None


def test_reports_need_sign_in(client: Client) -> None:
    assert client.get(reverse("cables:reports")).status_code == 302
    assert client.get(reverse("cables:reports-csv")).status_code == 302


def test_csv_export_of_acknowledgement_has_one_row_per_precedence(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.reader)
    response = client.get(
        reverse("cables:reports-csv"), {"year": str(YEAR), "table": "acknowledgement"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"FLASH", "IMMEDIATE"}
    assert by_code["IMMEDIATE"][1:6] == ["60", "3", "2", "1", "0"]


def test_csv_export_of_tags_counts_visible_cables_only(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.outsider)
    response = client.get(reverse("cables:reports-csv"), {"year": str(YEAR), "table": "tags"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["XX"]


def test_api_returns_the_same_figures_as_the_page(client: Client) -> None:
    world = build_report_world()
    token = issue_token(world.reader, SCOPE_READ.code)
    response = client.get(
        "/api/v1/cables/reports",
        {"year": str(YEAR), "post": "hq-reports"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == 3
    assert [t["code"] for t in body["by_post"]] == ["hq-reports"]
    immediate = next(r for r in body["acknowledgement"] if r["precedence"] == "IMMEDIATE")
    assert (immediate["required"], immediate["alerts"], immediate["escalations"]) == (3, 2, 1)
    assert immediate["median_minutes"] == 60.0


def test_api_refuses_an_unknown_post(client: Client) -> None:
    world = build_report_world()
    token = issue_token(world.reader, SCOPE_READ.code)
    response = client.get(
        "/api/v1/cables/reports", {"post": "nowhere"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422
