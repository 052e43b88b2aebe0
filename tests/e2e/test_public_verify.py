"""A citizen, not signed in, checks a document the ministry issued: types its code loosely,
reads what was issued, uploads a copy that is not the issued one; a revoked document says so;
the whole flow also works without JavaScript. axe-core checks every page visited."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection
from django.urls import reverse

from chancery.lib.pdfgen import sample_letter
from chancery.signing.actions.documents import SigningRequest, revoke_document, sign_document
from chancery.signing.constants import DEMO_PIN, PadesLevel
from chancery.signing.models import SignedDocument
from chancery.signing.tests.views_helpers import mistyped
from tests.e2e.test_signing_flow import demo_signer, internal_pki
from tests.e2e.test_workspace import Visits, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

T = TypeVar("T")


def off_the_browser_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` in a thread of its own: pyHanko runs an asyncio loop, which Python
    refuses in the test thread while Playwright's loop is open there."""

    def run() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def issued(live_server: Any, settings: Any, tmp_path: Path) -> SignedDocument:
    """A document signed by the consular department, as a citizen receives it."""
    internal_pki(settings, tmp_path / "pki", live_server.url)
    user, _secret = demo_signer()
    return off_the_browser_loop(
        sign_document,
        user,
        pdf=sample_letter("318/LS-HPH"),
        certificate=user.signing_certificates.get(),
        pin=DEMO_PIN,
        request=SigningRequest(
            document_type="giay-chung-nhan",
            issuer_unit_id=user.unit_id,
            level=PadesLevel.B_T,
            public_number="318/LS-HPH",
            public_title="Chứng nhận lãnh sự",
        ),
    )


def test_a_citizen_verifies_a_code_and_a_copy(
    page: Any, issued: SignedDocument, tmp_path: Path
) -> None:
    visits = Visits(page)
    shots = Path(os.environ.get("CHANCERY_SCREENSHOTS") or tmp_path)

    # Given the verification page, in Vietnamese by default
    page.goto(reverse("verify:index"))
    assert page.locator("html").get_attribute("lang") == "vi"
    visits.check("code form")

    # When the citizen types the code in lower case without dashes
    page.fill("input[name=code]", issued.verification_code.replace("-", "").lower())
    page.click("main form button[type=submit]")
    # Then the document's page shows what was issued and that it is valid
    page.wait_for_url(re.compile(re.escape(issued.verification_code) + "/$"))
    assert "318/LS-HPH" in page.locator("main").inner_text()
    assert page.locator("main .usa-alert--success").count() == 1
    visits.check("record")
    page.screenshot(path=str(shots / "verify-record-vi.png"), full_page=True)

    # When they upload a copy that is not the issued document
    other = tmp_path / "ban-sao.pdf"
    other.write_bytes(sample_letter("318/LS-HPH", pages=3))
    page.set_input_files("input[name=file]", str(other))
    page.click("main form[enctype] button[type=submit]")
    # Then the page says it differs
    result = page.locator("#match-result")
    assert "usa-alert--error" in (result.get_attribute("class") or "")
    visits.check("record with a different copy")

    # And in English, a mistyped code is called a typing error
    switch_language(page, "en")
    page.goto(reverse("verify:index"))
    page.fill("input[name=code]", mistyped(issued.verification_code))
    page.click("main form button[type=submit]")
    assert "typing error" in page.locator("#id_code_error").inner_text()
    visits.check("typing error")
    page.screenshot(path=str(shots / "verify-typo-en.png"), full_page=True)

    visits.assert_clean()


def test_a_revoked_document_says_so_with_its_reason(
    page: Any, issued: SignedDocument, tmp_path: Path
) -> None:
    revoke_document(issued.created_by, issued, "Cấp nhầm, đã thay bằng số 319/LS-HPH")
    visits = Visits(page)
    page.goto(reverse("verify:code", args=[issued.verification_code]))
    alert = page.locator("main .usa-alert--error")
    assert "319/LS-HPH" in alert.inner_text()
    visits.check("revoked record")
    shots = Path(os.environ.get("CHANCERY_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(shots / "verify-revoked-vi.png"), full_page=True)
    visits.assert_clean()


def test_verification_works_without_javascript(
    browser: Any, live_server: Any, issued: SignedDocument, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(reverse("verify:index"))
        page.fill("input[name=code]", issued.verification_code)
        page.click("main form button[type=submit]")
        assert page.url.endswith(reverse("verify:code", args=[issued.verification_code]))
        copy = tmp_path / "copy.pdf"
        copy.write_bytes(sample_letter("1/X"))
        page.set_input_files("input[name=file]", str(copy))
        page.click("main form[enctype] button[type=submit]")
        assert page.locator("#match-result").count() == 1
    finally:
        context.close()
