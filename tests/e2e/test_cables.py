"""A cable from compose to acknowledgement, in the browser: a specialist composes an IMMEDIATE
cable with two paragraphs, the second marked Confidential above the first, and sends it to a
clearer and an approver; the clearer clears it; the approver releases it with their PIN (signed,
numbered); an officer of the mission it is addressed to for action reads it (banner and portion
marks) and acknowledges it. axe-core checks every page visited.

Everyone here is cleared (a Confidential paragraph needs cleared readers), so every sign-in
also enrols a security key, with Chromium's virtual authenticator (CDP). Browsers refuse
WebAuthn on IP addresses: the site is opened at ``localhost`` (see test_security_key.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.urls import reverse

from chancery.core.service import Clearance
from chancery.core.tests.factories import TEST_PASSWORD
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.tests.factories import PIN, build_cable_office
from chancery.documents.models import Cable, CableDelivery, PrecedenceLevel
from chancery.signing import service as signing
from tests.e2e.test_signing_flow import internal_pki
from tests.e2e.test_workspace import Visits, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Chuẩn bị chuyến thăm cấp cao tới Hoa Kỳ"


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    url = str(live_server.url).replace("127.0.0.1", "localhost")
    settings.CHANCERY_SITE_URL = url
    return url


def _as(browser: Any, site: str, user: Any, sessions: list[Visits]) -> tuple[Any, Visits]:
    """A fresh session of ``user``: password, authenticator code, then the security key a
    cleared person must enrol (the virtual authenticator answers). The sign-in pages are read
    in English; the workspace then speaks the person's language (Vietnamese)."""
    secret = enrol_totp(user)
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "usb", "hasResidentKey": True}
    options |= {"hasUserVerification": True, "isUserVerified": True}
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    visits = Visits(page)
    sessions.append(visits)
    page.goto(reverse("core:login"))
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("core:login_totp")) + "$"))
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(re.escape(reverse("core:login_enrol_webauthn")) + "$"))
    page.fill("#id_name", "Security key")
    page.get_by_role("button", name="Register security key").click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))  # the workspace, not another step
    return page, visits


def _open(page: Any, visits: Visits, cable: Cable, label: str) -> None:
    page.goto(reverse("cables:detail", kwargs={"pk": cable.pk}))
    visits.check(label)


def test_a_cable_is_composed_cleared_released_read_and_acknowledged(
    browser: Any, site: str, settings: Any, tmp_path: Path
) -> None:
    internal_pki(settings, tmp_path / "pki", site)
    settings.CHANCERY_DOCUMENTS_SIGNING_LEVEL = signing.PadesLevel.B_B
    settings.CHANCERY_SIGNING_TSA_URL = ""
    office = build_cable_office(with_pki=True)
    sessions: list[Visits] = []

    # Given a specialist who starts an IMMEDIATE cable classified Confidential
    page, visits = _as(browser, site, office.drafter, sessions)
    page.goto(reverse("cables:compose-new"))
    visits.check("new cable")
    page.fill("input[name=subject]", SUBJECT)
    immediate = PrecedenceLevel.objects.get(code="IMMEDIATE")
    page.select_option("select[name=precedence]", str(immediate.pk))
    page.select_option("select[name=classification]", str(Clearance.CONFIDENTIAL))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/cables/[0-9a-f-]{36}/edit/$"))
    visits.check("draft editor")
    cable = Cable.objects.get(subject=SUBJECT)

    # When they write two paragraphs, the second marked higher, address it and save it
    page.fill("textarea[name=paragraph-1-text]", "Phía Hoa Kỳ đã nhất trí về thời gian dự kiến.")
    page.fill("textarea[name=paragraph-2-text]", "Đánh giá nội bộ về lập trường của phía bạn.")
    page.select_option("select[name=paragraph-2-marking]", str(Clearance.CONFIDENTIAL))
    page.fill("input[name=tags]", "US PREL OVIP")
    page.select_option("select[name=action_units]", [str(office.mission.pk)])
    page.click("main form[action$='/edit/'] button[type=submit]")
    page.wait_for_selector(".usa-alert--success")
    visits.check("draft saved")
    assert list(cable.paragraphs.values_list("classification", flat=True)) == [0, 1]

    # And send it to a clearer, then to the approver
    _open(page, visits, cable, "draft")
    page.fill("textarea[name=submit-clearers]", office.clearer.username)
    page.fill("input[name=submit-approver]", office.approver.username)
    page.click("form[action$='/submit/'] button[type=submit]")
    page.wait_for_selector("[data-testid=clearers]")
    visits.check("sent for clearance")
    cable.refresh_from_db()
    assert cable.status == CableStatus.CLEARING

    # Then the clearer clears it
    clearer, clearer_visits = _as(browser, site, office.clearer, sessions)
    _open(clearer, clearer_visits, cable, "cable to clear")
    clearer.click("form[action$='/clear/'] button[type=submit]")
    clearer.wait_for_selector("form[action$='/clear/']", state="detached")
    clearer_visits.check("cleared")
    cable.refresh_from_db()
    assert cable.status == CableStatus.AWAITING_RELEASE

    # And the approver releases it with their PIN: it is signed and numbered
    approver, approver_visits = _as(browser, site, office.approver, sessions)
    _open(approver, approver_visits, cable, "cable to release")
    certificate = office.certificates["approver"]
    approver.select_option("select[name=release-certificate]", str(certificate.pk))
    approver.fill("input[name=release-pin]", PIN)
    approver.click("form[action$='/release/'] button[type=submit]")
    approver.wait_for_selector("#cable-delivery", timeout=60_000)
    cable.refresh_from_db()
    assert cable.status == CableStatus.RELEASED
    assert cable.signed_document_id is not None
    assert cable.classification == Clearance.CONFIDENTIAL
    approver.wait_for_selector(f"h1:has-text('{cable.reference}')")
    approver_visits.check("released")

    # When the mission's officer finds it in their inbox and reads it
    officer, officer_visits = _as(browser, site, office.mission_officer, sessions)
    officer.goto(reverse("cables:inbox"))
    officer_visits.check("inbox")
    officer.click(f"a:has-text('{cable.reference}')")
    officer.wait_for_selector("[data-testid=cable]")
    officer_visits.check("reading view")

    # Then the banner and the portion marks show the levels
    banners = officer.locator("[data-testid=cable-banner]")
    assert banners.count() == 2
    assert banners.first.inner_text().strip() == "MẬT"
    marks = officer.locator("[data-testid=paragraph] abbr").all_inner_texts()
    assert marks == ["(U)", "(C)"]
    switch_language(officer, "en")
    assert banners.first.inner_text().strip() == "CONFIDENTIAL"
    officer_visits.check("reading view in English")

    # And they acknowledge it for the mission, the action addressee
    officer.click("#cable-delivery form button[type=submit]")
    officer.wait_for_selector("#cable-delivery form", state="detached")
    officer_visits.check("acknowledged")
    delivery = CableDelivery.objects.get(cable=cable, unit=office.mission)
    assert delivery.acknowledged_by_id == office.mission_officer.pk
    assert delivery.acknowledged_at is not None

    # And the reports count the cable, acknowledged within its target
    officer.goto(reverse("cables:reports"))
    officer.wait_for_selector("#cable-ack-heading")
    officer_visits.check("reports")
    assert officer.locator("svg[role=img]").count() == 5
    immediate_row = officer.locator("#cable-ack-heading ~ table tbody tr", has_text="IMMEDIATE")
    cells = immediate_row.locator("td")
    assert cells.nth(1).inner_text() == "1"  # requiring acknowledgement
    assert cells.nth(5).inner_text().startswith("1 (100")  # within target

    for session in sessions:
        session.assert_clean()


def test_cable_reports_show_charts_and_tables_and_pass_axe(browser: Any, live_server: Any) -> None:
    from chancery.documents.cables.tests.factories_reports import YEAR, build_report_world
    from tests.e2e.test_workspace import sign_in

    world = build_report_world()
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    visits = Visits(page)
    sign_in(page, visits, world.reader.username, enrol_totp(world.reader))
    page.goto(f"{reverse('cables:reports')}?year={YEAR}")
    visits.check("reports (Vietnamese)")
    assert page.locator("svg[role=img]").count() == 5
    assert page.locator("table").count() == 5
    switch_language(page, "en")
    visits.check("reports (English)")
    page.select_option("select[name=post]", str(world.emb.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"post="))
    visits.check("reports of one post")
    assert "3 cables released." in page.inner_text("main")
    context.close()
    visits.assert_clean()
