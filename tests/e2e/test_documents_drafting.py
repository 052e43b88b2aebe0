"""A specialist drafts an outgoing letter and submits it; the head of the department approves
it; a ministry leader approves it and signs it with a PIN, which gives it its number. The
signed PDF validates. axe-core checks every page visited."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.constants import FileRole, Status
from chancery.documents.models import Document, DocumentType
from chancery.documents.tests.factories_drafting import PIN, build_office
from chancery.lib.pdfgen import sample_letter
from chancery.signing import service as signing
from tests.e2e.test_signing_flow import internal_pki
from tests.e2e.test_workspace import Visits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser: Any, live_server: Any, user: Any, visits_of: list[Visits]) -> tuple[Any, Visits]:
    """A fresh browser session signed in as ``user`` (Vietnamese workspace)."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    visits = Visits(page)
    visits_of.append(visits)
    sign_in(page, visits, user.username, enrol_totp(user))
    return page, visits


def _open(page: Any, visits: Visits, document: Document, label: str) -> None:
    page.goto(reverse("documents:detail", kwargs={"pk": document.pk}))
    visits.check(label)


def test_a_draft_is_approved_up_the_chain_and_issued_signed_with_a_pin(
    browser: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    internal_pki(settings, tmp_path / "pki", live_server.url)
    settings.CHANCERY_DOCUMENTS_SIGNING_LEVEL = signing.PadesLevel.B_B
    office = build_office(with_pki=True)
    pdf = tmp_path / "du-thao.pdf"
    pdf.write_bytes(sample_letter(number=""))
    all_visits: list[Visits] = []

    # Given a specialist who writes a new draft with its first version
    page, visits = _as(browser, live_server, office.drafter, all_visits)
    page.goto(reverse("documents:draft-new"))
    visits.check("new draft")
    letter = DocumentType.objects.get(code="cong-van")
    page.select_option("select[name=document_type]", str(letter.pk))
    page.fill("textarea[name=subject]", "Về việc hợp pháp hóa lãnh sự giấy tờ")
    page.check(f"input[name=units][value='{office.mission.pk}']")
    page.set_input_files("input[name=file]", str(pdf))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/documents/[0-9a-f-]{36}/$"))
    visits.check("draft page")
    document = Document.objects.get()
    assert document.status == Status.DRAFTING

    # When they submit it to their unit head and a ministry leader
    page.click("#drafting summary.usa-button:not(.usa-button--outline)")
    page.select_option("select[name=submit-unit_head]", str(office.head.pk))
    page.select_option("select[name=submit-leader]", str(office.leader.pk))
    page.click("form[action$='/drafting/submit/'] button[type=submit]")
    page.wait_for_selector("[data-testid=approval-round-1]")
    visits.check("draft submitted")

    # Then the unit head approves it
    head, head_visits = _as(browser, live_server, office.head, all_visits)
    _open(head, head_visits, document, "draft for the unit head")
    head.click("form[action$='/drafting/approve/'] button[type=submit]")
    head.wait_for_selector("tr[data-stage=unit_head][data-decision=approved]")
    head_visits.check("approved by the unit head")

    # And the leader approves it, then signs it with their PIN and the seal
    leader, leader_visits = _as(browser, live_server, office.leader, all_visits)
    _open(leader, leader_visits, document, "draft for the leader")
    leader.click("form[action$='/drafting/approve/'] button[type=submit]")
    leader.wait_for_selector("form[action$='/drafting/issue/']")
    leader_visits.check("approved, to issue")
    leader.fill("input[name=issue-pin]", PIN)
    leader.select_option("select[name=issue-seal_certificate]", str(office.certificates["seal"].pk))
    leader.fill("input[name=issue-seal_pin]", "864200")
    leader.click("form[action$='/drafting/issue/'] button[type=submit]")
    leader.wait_for_selector("text=01/BNG-LS", timeout=60_000)
    leader_visits.check("issued")

    # Then the document is issued with the first number of the register, and its PDF validates
    document.refresh_from_db()
    assert (document.status, document.number_symbol) == (Status.ISSUED, "01/BNG-LS")
    issued = document.files.get(role=FileRole.ISSUED)
    from chancery.blobs import service as blobs

    with blobs.open_blob(issued.blob.address, actor=None) as reader:
        data = reader.read()
    # Validation runs its own event loop: not in this thread, where Playwright's runs.
    with ThreadPoolExecutor(max_workers=1) as pool:
        report = pool.submit(signing.validate, data).result()
    assert len(report.signatures) == 2
    assert report.verdict == "valid"
    assert leader.locator("[data-testid=recipients] tr[data-status]").count() == 1

    for visits_done in all_visits:
        visits_done.assert_clean()
