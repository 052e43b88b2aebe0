"""The reports page and its CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chancery.documents.tests.factories_reports import YEAR, build_report_world

pytestmark = pytest.mark.django_db


def test_reports_page_shows_charts_and_tables_of_visible_documents(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.plain)
    response = client.get(reverse("documents:reports"), {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert "Vụ Thử nghiệm" in html or "Department" in html
    assert response.context["report"].incoming == 5


def test_reports_page_query_count_does_not_grow_with_documents(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    world = build_report_world()
    client.force_login(world.cleared)
    with django_assert_max_num_queries(12):
        client.get(reverse("documents:reports"), {"year": YEAR})


def test_reports_page_falls_back_to_this_year_on_bad_filters(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.plain)
    response = client.get(reverse("documents:reports"), {"year": "abc", "unit": "999999"})
    assert response.status_code == 200
    assert response.context["report"].filters.unit_id is None


def test_reports_need_sign_in(client: Client) -> None:
    response = client.get(reverse("documents:reports"))
    assert response.status_code == 302


def test_csv_export_has_one_row_per_unit_with_visible_counts_only(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.plain)
    response = client.get(
        reverse("documents:reports-csv"), {"year": str(YEAR), "table": "timeliness"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_code = {row[0]: row for row in rows[1:]}
    assert set(by_code) == {"hq", "mi"}
    # on time, late, overdue, pending
    assert by_code["hq"][3:7] == ["1", "1", "1", "0"]
    assert by_code["mi"][3:7] == ["1", "0", "0", "0"]


def test_csv_export_of_months_has_twelve_rows(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.cleared)
    response = client.get(reverse("documents:reports-csv"), {"year": YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 13
    assert rows[3] == ["3", "3", "1", "4"]


def test_xlsx_export_opens_with_a_sheet_per_table(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.plain)
    response = client.get(reverse("documents:reports-xlsx"), {"year": YEAR})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    months, units, timeliness = (workbook[name] for name in workbook.sheetnames)
    month_rows = list(months.iter_rows(values_only=True))
    assert month_rows[3] == (3, 2, 1, 3)
    unit_rows = {row[0]: row for row in units.iter_rows(min_row=2, values_only=True)}
    assert unit_rows["hq"][3:] == (4, 1, 5)
    assert unit_rows["mi"][2] == 1  # a mission
    hq = next(row for row in timeliness.iter_rows(min_row=2, values_only=True) if row[0] == "hq")
    assert hq[3:7] == (1, 1, 1, 0)
    assert hq[7] == pytest.approx(0.3333, abs=1e-4)


def test_xlsx_export_of_a_cleared_reader_includes_hidden_documents(client: Client) -> None:
    world = build_report_world()
    client.force_login(world.cleared)
    response = client.get(reverse("documents:reports-xlsx"), {"year": YEAR})
    workbook = load_workbook(io.BytesIO(response.content))
    units = workbook[workbook.sheetnames[1]]
    unit_rows = {row[0]: row for row in units.iter_rows(min_row=2, values_only=True)}
    assert unit_rows["hq"][3] == 5
