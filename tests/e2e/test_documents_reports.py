"""A unit head opens the document reports, narrows them to a mission and back, and downloads
the Excel export; axe-core checks every page visited (charts and tables included)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.tests.factories_reports import YEAR, build_report_world
from tests.e2e.test_workspace import Visits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reports_show_filter_and_export(page: Any) -> None:
    world = build_report_world()
    head = UserFactory(
        username="minh.tran",
        roles=[Role.UNIT_HEAD.value],
        # Unclassified: cleared staff also need a security key, which this flow does not drive.
        clearance=Clearance.UNCLASSIFIED,
        unit=world.hq,
    )
    visits = Visits(page)
    sign_in(page, visits, head.username, enrol_totp(head))

    page.goto(reverse("documents:reports") + f"?year={YEAR}")
    visits.check("reports")
    assert page.locator("svg[role=img]").count() == 2
    rows = page.locator("table").first.locator("tbody tr")
    assert rows.count() == 12

    page.select_option("select[name=unit]", value=str(world.mission.pk))
    page.click("form[method=get] button[type=submit]")
    page.wait_for_load_state("load")
    visits.check("reports of a mission")
    assert f"unit={world.mission.pk}" in page.url

    with page.expect_download() as download_info:
        page.click("a[href*='export.xlsx']")
    path = download_info.value.path()
    workbook = load_workbook(io.BytesIO(open(path, "rb").read()))  # noqa: SIM115
    units = workbook[workbook.sheetnames[1]]
    codes = [row[0] for row in units.iter_rows(min_row=2, values_only=True)]
    assert codes == ["mi"]
    visits.assert_clean()
