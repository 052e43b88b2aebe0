"""A demo signer signs a PDF in the workspace with their PIN, opens the document's public
verification page, uploads the file they downloaded and is told it is an exact copy; in
Vietnamese, then once in English. axe-core checks every page visited."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.lib.pdfgen import sample_letter
from chancery.signing.constants import DEMO_PIN, CertificateRole
from chancery.signing.models import SignedDocument
from tests.e2e.test_workspace import Visits, sign_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_HIERARCHY: list[Any] = []


def internal_pki(settings: Any, pki_dir: Path, site_url: str) -> None:
    """The internal PKI in the database (one in-memory hierarchy per run: RSA 3072 is slow)."""
    from chancery.signing.actions.pki import initialise_internal_pki
    from chancery.signing.pki.material import Hierarchy
    from chancery.signing.queries.pki import forget_cached_material

    settings.CHANCERY_PKI_DIR = pki_dir
    settings.CHANCERY_SIGNING_ALLOW_FETCHING = False
    settings.CHANCERY_SITE_URL = site_url
    if not _HIERARCHY:
        _HIERARCHY.append(Hierarchy.generate(base_url=site_url))
    forget_cached_material()
    initialise_internal_pki(hierarchy=_HIERARCHY[0])
    forget_cached_material()


def demo_signer(username: str = "hoa.le") -> tuple[Any, str]:
    """A unit head of the consular department with a personal key sealed by the demo PIN."""
    from chancery.signing.actions.pki import issue_certificate

    unit = UnitFactory(
        code="e2e-lanh-su",
        name_vi="Cục Lãnh sự",
        name_en="Consular Department",
        name_fr="Direction consulaire",
    )
    user = UserFactory(
        username=username,
        full_name="Lê Thị Hoa",
        roles=[Role.UNIT_HEAD.value],
        # Unclassified: cleared staff also need a security key, which this flow does not drive.
        clearance=Clearance.UNCLASSIFIED,
        unit=unit,
    )
    issue_certificate(None, role=CertificateRole.PERSON, holder=user, pin=DEMO_PIN)
    return user, enrol_totp(user)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("CHANCERY_SCREENSHOTS") or tmp_path)


def _sign(page: Any, visits: Visits, pdf: Path, number: str, label: str) -> None:
    page.goto(reverse("signing_ui:overview"))
    visits.check(f"signing overview [{label}]")
    page.click(f"main a[href='{reverse('signing_ui:sign')}']")
    page.wait_for_url(re.compile(re.escape(reverse("signing_ui:sign")) + "$"))
    visits.check(f"sign form [{label}]")
    page.set_input_files("input[name=file]", str(pdf))
    page.fill("input[name=document_type]", "cong-ham")
    page.fill("input[name=public_number]", number)
    page.fill("input[name=public_title]", "Công hàm gửi Đại sứ quán Pháp")
    page.fill("input[name=pin]", DEMO_PIN)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/signing/documents/[0-9a-f-]{36}/$"), timeout=60_000)
    visits.check(f"document page [{label}]")


def _check_copy(page: Any, visits: Visits, tmp_path: Path, label: str) -> None:
    with page.expect_download() as download:
        page.click("a[href$='/revisions/1/']")
    signed = tmp_path / f"signed-{label}.pdf"
    download.value.save_as(str(signed))
    page.click(f"main a[href^='{reverse('verify:index')}']")
    page.wait_for_url(re.compile(r"/verify/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/$"))
    visits.check(f"public page [{label}]")
    page.set_input_files("input[name=file]", str(signed))
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_selector("#match-result")
    visits.check(f"public page with upload [{label}]")


def test_a_signer_signs_a_pdf_and_the_public_page_recognises_the_copy(
    page: Any, live_server: Any, settings: Any, tmp_path: Path, shots: Path
) -> None:
    internal_pki(settings, tmp_path / "pki", live_server.url)
    user, secret = demo_signer()
    visits = Visits(page)
    pdf = tmp_path / "cong-ham.pdf"
    pdf.write_bytes(sample_letter("41/BNG-LS"))

    # Given a signer signed in (the workspace is in Vietnamese by default)
    sign_in(page, visits, user.username, secret)
    assert page.locator("html").get_attribute("lang") == "vi"

    # When they sign a PDF with their PIN
    _sign(page, visits, pdf, "41/BNG-LS", "vi")
    # Then its page shows the verification code and a QR code of the public page
    document = SignedDocument.objects.get()
    assert page.locator("#verification-code").inner_text() == document.verification_code
    assert page.locator("main svg[role=img]").count() == 1
    page.screenshot(path=str(shots / "signing-document-vi.png"), full_page=True)

    # When they open the public page and upload the file they downloaded
    _check_copy(page, visits, tmp_path, "vi")
    # Then the page says it is the exact issued document and the signature is valid
    result = page.locator("#match-result")
    assert "usa-alert--success" in (result.get_attribute("class") or "")
    assert "Lê Thị Hoa" in page.locator("#signature-check").inner_text()
    page.screenshot(path=str(shots / "verify-exact-vi.png"), full_page=True)

    # And the same flow works in English
    switch_language(page, "en")
    _sign(page, visits, pdf, "42/BNG-LS", "en")
    assert "Signed document 42/BNG-LS" in page.locator("h1").inner_text()
    _check_copy(page, visits, tmp_path, "en")
    assert "Exact copy" in page.locator("#match-result").inner_text()
    page.screenshot(path=str(shots / "verify-exact-en.png"), full_page=True)

    visits.assert_clean()


def test_a_wrong_pin_is_reported_on_the_form(
    page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    internal_pki(settings, tmp_path / "pki", live_server.url)
    user, secret = demo_signer("an.tran")
    visits = Visits(page)
    pdf = tmp_path / "thu.pdf"
    pdf.write_bytes(sample_letter("7/BNG"))
    sign_in(page, None, user.username, secret)
    switch_language(page, "en")

    page.goto(reverse("signing_ui:sign"))
    page.set_input_files("input[name=file]", str(pdf))
    page.fill("input[name=document_type]", "cong-van")
    page.fill("input[name=pin]", "000000")
    page.click("main form button[type=submit]")

    assert "The PIN is wrong" in page.locator("#id_pin_error").inner_text()
    assert page.locator("#error-summary").is_visible()
    visits.check("sign form with a wrong PIN")
    visits.assert_clean()
    assert not SignedDocument.objects.exists()
