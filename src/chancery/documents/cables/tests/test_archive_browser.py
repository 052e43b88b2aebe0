"""In the browser: search the archive without JavaScript help, refine by a facet, save the
search with alerts and manage it; axe-core checks every page visited."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from chancery.core.constants import Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.cables.tests.factories_archive import CableFactory

# The browser fixtures and helpers of tests/e2e, importable when this module runs alone.
ROOT = str(Path(__file__).resolve().parents[5])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
from tests.e2e.conftest import browser, page  # noqa: E402, F401  (fixtures)
from tests.e2e.test_workspace import Visits, sign_in  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_refine_save_and_manage(page: Any) -> None:  # noqa: F811
    unit = UnitFactory(code="e2e-archive", name_vi="Vụ Châu Âu", name_en="Europe Department")
    user = UserFactory(username="hoa.le", roles=[Role.SPECIALIST.value], unit=unit)
    CableFactory(subject="Quan hệ ngoại giao với Pháp", tags=["FR", "PREL"], addressed=[unit])
    CableFactory(subject="Ngoại giao kinh tế với Đức", tags=["DE", "ECON"], addressed=[unit])
    visits = Visits(page)
    sign_in(page, None, user.username, enrol_totp(user))

    page.goto(reverse("cables:archive"))
    visits.check("archive form")
    page.fill("input[name=q]", "ngoai giao")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state("load")
    visits.check("archive results")
    assert page.locator("[data-total]").get_attribute("data-total") == "2"
    assert page.locator("mark").count() >= 2

    page.click("[data-facet-tag=FR] a")
    page.wait_for_load_state("load")
    visits.check("archive refined by tag")
    assert page.locator("[data-total]").get_attribute("data-total") == "1"

    page.fill("input[name=name]", "Pháp")
    page.check("input[name=alert]")
    page.click("main form[action*='/archive/save/'] button[type=submit]")
    page.wait_for_url(f"**{reverse('cables:saved_searches')}")
    visits.check("saved searches")
    page.click("table form[action$='/alert/'] button")
    page.wait_for_load_state("load")
    visits.check("saved searches after turning alerts off")
    page.click("table th a")
    page.wait_for_load_state("load")
    assert page.locator("[data-total]").get_attribute("data-total") == "1"
    visits.assert_clean()
