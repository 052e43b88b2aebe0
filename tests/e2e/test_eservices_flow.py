"""Consular legalisation from end to end, in the browser.

An applicant signs up on the public site and confirms their address through the e-mail a real
local SMTP server receives, finds "consular legalisation" in the seeded catalogue, reaches the
Apply button with the keyboard only, applies to the Consular Department online, fills the form,
uploads real PDF and JPEG files, reviews, sends and downloads the receipt. A consular officer of
that department (password and authenticator code) asks for a supplement: one file is wrong. The
applicant reads why, replaces the file and answers. The officer accepts and asks for the fee;
the applicant pays through the local fake VNPay gateway and is back on the dossier, paid. The
officer processes, approves and issues the result with their certificate and PIN; the
applicant downloads the signed PDF, whose signature validates. Anyone, not signed in, finds the
certificate on the public register by its number: valid, and without the applicant's name or
identity number. axe-core checks every page of ours that anyone visits (the fake gateway's own
page is a stand-in for VNPay's site and is not checked).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.core.tests.jobs_helpers import run_worker
from chancery.eservices.catalogue.seed import seed_catalogue
from chancery.eservices.constants import CertificateStatus, PaymentState, State
from chancery.eservices.fakes.gateway import FakeVnpay
from chancery.eservices.models import Dossier, IssuedCertificate, Payment
from chancery.eservices.tests.factories import APPLICANT_PASSWORD, hq_department
from chancery.lib.pdfgen import sample_letter
from chancery.signing import service as signing
from chancery.signing.constants import CertificateRole
from chancery.signing.tests.independent import pdfsig_report
from chancery.testing.smtp import Mailbox, smtp_server
from tests.e2e.test_public_verify import off_the_browser_loop
from tests.e2e.test_signing_flow import internal_pki
from tests.e2e.test_workspace import Visits, sign_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "hop-phap-hoa-lanh-su-tai-bo-ngoai-giao"  # the seeded legalisation at headquarters
PROCEDURE = "Consular legalisation of documents at the Ministry"
NAME = "Đỗ Minh Châu"
ID_NUMBER = "C7654321"
EMAIL = "chau.do@example.test"
PASSWORD = "seven quiet bridges over a river"
PIN = "424242"
REASON = "The copy of your passport is blurred: the number cannot be read."


@dataclass
class Office:
    unit: Any
    officer: Any
    secret: str
    certificate: Any


@pytest.fixture
def mailbox(settings: Any, live_server: Any) -> Iterator[Mailbox]:
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.CHANCERY_SMS = {}
        yield server


@pytest.fixture
def gateway(settings: Any, live_server: Any) -> Iterator[FakeVnpay]:
    """The fake VNPay showing its pay page, so that the person decides in the browser."""
    ipn = live_server.url + reverse("services:payment_ipn", kwargs={"provider": "vnpay"})
    with FakeVnpay(ipn_url=ipn, outcome="manual") as fake:
        settings.CHANCERY_VNPAY_TMN_CODE = fake.tmn_code
        settings.CHANCERY_VNPAY_HASH_SECRET = fake.secret
        settings.CHANCERY_VNPAY_PAY_URL = fake.pay_url
        settings.CHANCERY_VNPAY_API_URL = fake.api_url
        yield fake


@pytest.fixture
def office(settings: Any, live_server: Any, tmp_path: Path) -> Office:
    """The Consular Department with the seeded catalogue, and one of its consular officers
    holding a signing certificate sealed by ``PIN``."""
    from chancery.signing.actions.pki import issue_certificate

    internal_pki(settings, tmp_path / "pki", live_server.url)
    settings.CHANCERY_ESERVICES_SIGNING_LEVEL = signing.PadesLevel.B_B
    settings.CHANCERY_SIGNING_TSA_URL = ""
    unit = hq_department("LS")
    seed_catalogue()  # the catalogue exists (post-migrate); this gives it its department
    officer = UserFactory(
        username="lan.consul",
        full_name="Nguyễn Thị Lan",
        unit=unit,
        roles=[Role.CONSULAR_OFFICER.value],
        # Unclassified: cleared staff also need a security key, which this flow does not drive.
        clearance=Clearance.UNCLASSIFIED,
    )
    certificate = issue_certificate(
        None, role=CertificateRole.PERSON, holder=officer, pin=PIN, algorithm="p256"
    )
    return Office(unit, officer, enrol_totp(officer), certificate)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """Small real files an applicant would scan: PDFs and JPEG photographs."""
    from PIL import Image

    made: dict[str, Path] = {}
    for name in ("declaration", "birth-certificate", "birth-certificate-copy"):
        made[name] = tmp_path / f"{name}.pdf"
        made[name].write_bytes(sample_letter(f"{name}/2025", pages=1))
    for name, colour in (("passport-blurred", (180, 180, 180)), ("passport", (20, 60, 120))):
        buffer = io.BytesIO()
        Image.new("RGB", (320, 200), colour).save(buffer, format="JPEG", quality=80)
        made[name] = tmp_path / f"{name}.jpg"
        made[name].write_bytes(buffer.getvalue())
    return made


def _choose(page: Any, name: str, value: str) -> None:
    """Tick a design-system radio button by clicking its label (the input itself is hidden)."""
    radio = page.locator(f"input[type=radio][name='{name}'][value='{value}']")
    page.click(f"label[for='{radio.get_attribute('id')}']")
    assert radio.is_checked()


def _text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def _staff(browser: Any, site: str, office: Office) -> tuple[Any, Visits]:
    """The consular officer's own browser session (English pages), signed in with MFA."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    page = context.new_page()
    visits = Visits(page)
    sign_in(page, visits, office.officer.username, office.secret)
    visits.check("workspace home")
    return page, visits


def _act(page: Any, visits: Visits, key: str, to_state: str) -> None:
    """Press the button of one action of the staff dossier page and wait for its new state."""
    page.click(f"#action-{key} button[type=submit]")
    page.wait_for_selector(f"dd[data-state='{to_state}']")
    visits.check(f"dossier after {key}")


def _tab_until(page: Any, test: str, what: str, limit: int = 80) -> None:
    """Press Tab from the top of the page until the focused element ``el`` passes the
    JavaScript expression ``test``."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _step in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({test}))(document.activeElement)"):
            return
    raise AssertionError(f"{what} cannot be reached with the Tab key")


def _tab_to(page: Any, text: str) -> None:
    """Tab to the link or button that reads ``text``, and check that its focus can be seen
    (an outline or a shadow: the design system's focus ring)."""
    _tab_until(page, f"(el.innerText || '').trim() === {text!r}", repr(text))
    outline, width, shadow = page.evaluate(
        "(s => [s.outlineStyle, s.outlineWidth, s.boxShadow])"
        "(getComputedStyle(document.activeElement))"
    )
    assert (outline != "none" and width != "0px") or shadow != "none", (
        f"{text!r} has no visible focus"
    )


def _sign_up(page: Any, visits: Visits, mailbox: Mailbox) -> None:
    page.click("nav.usa-nav a[href$='/account/signin/']")
    visits.check("sign-in")
    page.click("main a[href$='/account/signup/']")
    visits.check("sign-up")
    page.fill("#id_full_name", NAME)
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    _choose(page, "kind", "citizen")
    page.select_option("#id_language", "en")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:text-is('Check your e-mail')")
    visits.check("check your e-mail")

    # The confirmation link travels through a real SMTP server, sent by the notices' worker
    off_the_browser_loop(run_worker, "email")
    [message] = [m for m in mailbox.messages if m["To"] == EMAIL]
    link = re.search(r"https?://\S+/services/account/verify/\S+/", _text(message))
    assert link is not None, _text(message)
    page.goto(link.group(0))
    visits.check("confirm the address")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/services/account/signin/"))
    visits.check("sign-in after confirmation")

    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("main form.usa-form button[type=submit]")
    page.wait_for_url(re.compile(r"/services/my/$"))
    visits.check("my dossiers (empty)")


def _fill_form(page: Any, files: dict[str, Path]) -> None:
    page.fill("#field-full_name", NAME)
    page.fill("#field-date_of_birth", "1990-05-17")
    page.fill("#field-id_number", ID_NUMBER)
    page.fill("#field-email", EMAIL)
    page.fill("#field-phone", "+84 912 345 678")
    page.fill("#field-address", "12 Phố Huế, Hà Nội")
    page.fill("#field-country_of_use", "France")
    page.fill("#field-document_count", "1")
    page.select_option("#field-purpose", "work")
    page.fill("#field-document_kinds", "Birth certificate")
    _choose(page, "delivery", "counter")
    page.set_input_files("#field-file_declaration", str(files["declaration"]))
    page.set_input_files("#field-file_identity", str(files["passport-blurred"]))
    page.set_input_files("#field-file_document", str(files["birth-certificate"]))
    page.set_input_files("#field-file_document_copy", str(files["birth-certificate-copy"]))


def test_an_applicant_is_asked_for_more_pays_and_gets_a_certificate_anyone_can_check(
    browser: Any,
    page: Any,
    live_server: Any,
    settings: Any,
    mailbox: Mailbox,
    gateway: FakeVnpay,
    office: Office,
    files: dict[str, Path],
    tmp_path: Path,
) -> None:
    site = str(live_server.url)
    settings.CHANCERY_SITE_URL = site
    visits = Visits(page)
    sessions = [visits]

    # Given the public site, in Vietnamese by default, then in English
    page.goto(reverse("services:home"))
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("main h1").count() == 1
    visits.check("catalogue [vi]")
    switch_language(page, "en")
    assert (
        page.locator("main h1").inner_text() == "Public services of the Ministry of Foreign Affairs"
    )
    visits.check("catalogue [en]")

    # When a citizen creates an account and confirms their address by e-mail
    _sign_up(page, visits, mailbox)

    # And finds consular legalisation in the catalogue
    page.click("nav.usa-nav a[href='/services/']")
    page.fill("#catalogue-q", "legalisation")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_url(re.compile(r"q=legalisation"))
    visits.check("catalogue search")
    page.click(f"main a:text-is('{PROCEDURE}')")
    page.wait_for_url(re.compile(rf"/services/procedures/{SLUG}/$"))
    visits.check("procedure page")

    # And reaches "Apply online" with the keyboard alone
    _tab_to(page, "Apply online")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/services/apply/{SLUG}/$"))
    visits.check("where and how to apply")

    # And applies to the Consular Department (the only office), online, the result in their
    # account (the default), still with the keyboard alone
    assert page.locator(f"input[name=unit][value='{office.unit.pk}']").is_checked()
    assert page.locator("input[name=delivery][value=account]").is_checked()
    _tab_until(page, "el.name === 'channel' && el.value === 'online'", "the channel 'online'")
    page.keyboard.press("Space")
    assert page.locator("input[name=channel][value=online]").is_checked()
    _tab_to(page, "Continue")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services/my/\d+/draft/$"))
    visits.check("empty form")

    # And fills the form, adds the files, reviews and sends
    _fill_form(page, files)
    page.click("button[name=review]")
    page.wait_for_url(re.compile(r"/services/my/\d+/submit/$"))
    visits.check("review")
    assert page.locator("main").get_by_text("birth-certificate.pdf").count() == 1
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1:has-text('Your dossier was sent')")
    visits.check("confirmation")

    # Then they see the dossier code and the return date, and the receipt is a PDF
    dossier = Dossier.objects.get(applicant__email=EMAIL)
    assert dossier.state == State.SUBMITTED
    assert dossier.code
    assert dossier.due_on is not None
    assert page.locator("main strong", has_text=dossier.code).count() == 1
    return_date = page.locator("dt:text-is('Return date') + dd").inner_text()
    assert return_date.strip()
    receipt = page.request.get(
        page.locator("a", has_text="Download the receipt").get_attribute("href")
    )
    assert receipt.status == 200
    assert receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")

    # When a consular officer of the department opens the queue and the dossier
    staff, staff_visits = _staff(browser, site, office)
    sessions.append(staff_visits)
    staff.goto(reverse("eservices:queue"))
    staff_visits.check("queue")
    staff.click(f"tr[data-dossier='{dossier.code}'] a")
    staff.wait_for_selector("dd[data-state='submitted']")
    staff_visits.check("dossier to check")

    # And asks for a supplement: the copy of the passport is wrong
    staff.select_option("#id_supplement-problem_identity", "wrong")
    staff.fill("#id_supplement-note_identity", "Blurred")
    staff.fill("#id_supplement-reason", REASON)
    _act(staff, staff_visits, "supplement", State.SUPPLEMENT_REQUESTED)

    # Then the applicant is told by e-mail, with the reason and a link to the dossier
    off_the_browser_loop(run_worker, "email")
    mail = [_text(m) for m in mailbox.messages if m["To"] == EMAIL and dossier.code in m["Subject"]]
    assert any(REASON in text and f"/services/my/{dossier.pk}/" in text for text in mail), mail

    # And sees on the site that action is needed, and why
    page.goto(reverse("services:my_dossiers"))
    visits.check("my dossiers: action needed")
    # (text_content: the status tag is shown in capitals by the stylesheet)
    assert "Action needed from you" in page.locator("main .usa-card").text_content()
    page.click(f"main a:text-is('{PROCEDURE}')")
    page.wait_for_selector("#supplement-heading")
    visits.check("dossier: supplement requested")
    request = page.locator("section[aria-labelledby=supplement-heading]").inner_text()
    assert REASON in request
    assert "Copy of identity document" in request

    # When they replace the file and send their answer
    page.click("main a[href$='/draft/']")
    page.wait_for_url(re.compile(r"/draft/$"))
    visits.check("form: supplement")
    page.click("button:has-text('Remove passport-blurred.jpg')")
    page.wait_for_selector("button:has-text('Remove passport-blurred.jpg')", state="detached")
    visits.check("form: file removed")
    page.set_input_files("#field-file_identity", str(files["passport"]))
    page.click("button[name=upload][value=file_identity]")
    page.wait_for_url(re.compile(r"/draft/#group-file_identity$"))
    visits.check("form: file replaced")
    page.goto(reverse("services:dossier", kwargs={"pk": dossier.pk}))
    page.click("form[action$='/supplement/'] button[type=submit]")
    page.wait_for_selector("#supplement-heading", state="detached")
    visits.check("dossier: supplement sent")
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    live = dossier.files.filter(component="identity", superseded=False)
    assert [f.filename for f in live] == ["passport.jpg"]

    # When the officer accepts the dossier and asks for the fee
    staff.reload()
    staff.wait_for_selector("dd[data-state='submitted']")
    staff_visits.check("dossier supplemented")
    _act(staff, staff_visits, "accept", State.ACCEPTED)
    staff.click("main a[href$='/request-payment/']")
    staff.wait_for_url(re.compile(r"/request-payment/$"))
    staff_visits.check("request payment")
    staff.click("main form button[type=submit]")
    staff.wait_for_selector(f"dd[data-state='{State.PAYMENT_REQUESTED}']")
    staff_visits.check("dossier: payment requested")

    # Then the applicant pays online through the gateway and comes back to the dossier, paid
    page.goto(reverse("services:dossier", kwargs={"pk": dossier.pk}))
    visits.check("dossier: payment requested")
    page.click("main a[href$='/pay/']")
    page.wait_for_url(re.compile(r"/pay/$"))
    visits.check("pay")
    _choose(page, "provider", "vnpay")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(gateway.base_url)))
    page.click("button[value=success]")  # the (fake) gateway's own page: not ours to check
    page.wait_for_url(re.compile(r"/services/payments/return/vnpay/"))
    visits.check("payment result")
    assert "your payment has been received" in page.locator("main").inner_text()
    page.click("main a:text-is('Back to your dossier')")
    page.wait_for_url(re.compile(rf"/services/my/{dossier.pk}/$"))
    visits.check("dossier: paid")
    payment = Payment.objects.get(dossier=dossier)
    assert payment.state == PaymentState.SUCCESS
    assert "Being processed" in page.locator("main dl").inner_text()

    # When the officer processes, approves and signs the result with their PIN
    staff.reload()
    staff.wait_for_selector(f"dd[data-state='{State.ACCEPTED}']")
    staff_visits.check("dossier: paid")
    _act(staff, staff_visits, "start", State.PROCESSING)
    _act(staff, staff_visits, "approve", State.APPROVED)
    staff.click("main a[href$='/result/']")
    staff.wait_for_selector("#id_pin")
    staff_visits.check("issue the result")
    staff.select_option("#id_certificate", str(office.certificate.pk))
    staff.fill("#id_pin", PIN)
    staff.click("main form button[type=submit]")
    staff.wait_for_selector("section[aria-labelledby^=result-panel]", timeout=60_000)
    staff_visits.check("result issued")
    certificate = IssuedCertificate.objects.get(dossier=dossier)
    assert certificate.status == CertificateStatus.VALID
    staff.goto(reverse("eservices:dossier", kwargs={"pk": dossier.pk}))
    assert staff.locator("main a", has_text=certificate.number).count() == 1
    staff_visits.check("dossier: result issued")

    # Then the applicant downloads the signed result, and its signature validates
    page.goto(reverse("services:dossier", kwargs={"pk": dossier.pk}))
    visits.check("dossier: result ready")
    with page.expect_download() as download:
        page.click("main a:text-is('Download the result')")
    signed = tmp_path / "result.pdf"
    download.value.save_as(str(signed))
    data = signed.read_bytes()
    assert data.startswith(b"%PDF")
    report = off_the_browser_loop(signing.validate, data)
    assert report.verdict == "valid"
    [pdfsig] = pdfsig_report(signed)
    assert pdfsig["valid"]
    assert pdfsig["total_document_signed"]
    page.click("main a:text-is('Rate this service')")
    page.wait_for_url(re.compile(rf"/services/my/{dossier.pk}/rate/$"))
    visits.check("rate the service")

    # And anyone, not signed in, finds the certificate on the public register: valid, anonymous
    stranger = browser.new_context(base_url=site, locale="en-US")
    stranger.set_default_timeout(20_000)
    public = stranger.new_page()
    public_visits = Visits(public)
    sessions.append(public_visits)
    public.goto(reverse("services:certificates"))
    public_visits.check("register")
    public.fill("#id_number", certificate.number)
    public.click("main form button[type=submit]")
    public.wait_for_url(re.compile(r"/services/certificates/[^/?]+/$"))
    public_visits.check("register entry")
    assert certificate.number in public.locator("main h1").inner_text()
    assert public.locator("#certificate-status").inner_text().startswith("Valid")
    shown = public.content()
    for personal in (NAME, ID_NUMBER, EMAIL):
        assert personal not in shown
    stranger.close()
    staff.context.close()

    for session in sessions:
        session.assert_clean()


# Every page of the e-services, once, with axe-core -------------------------------------------

PUBLIC_PAGES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("services:home", {}),
    ("services:procedure", {"slug": SLUG}),
    ("services:procedure_version", {"slug": SLUG, "number": 1}),
    ("services:track", {}),
    ("services:certificates", {}),
    ("services:signin", {}),
    ("services:signup", {}),
    ("services:resend_verification", {}),
    ("services:password_reset", {}),
    ("services:password_reset_confirm", {"token": "not-a-token"}),
    ("services:verify", {"token": "not-a-token"}),
    ("services:resume", {"token": "not-a-token"}),
)


@dataclass
class World:
    applicant: Any
    head: Any
    secret: str
    dossiers: dict[str, Dossier]
    draft_version: Any


@pytest.fixture
def world(settings: Any, live_server: Any) -> World:
    """The consular department's head (who also handles dossiers and edits the catalogue), an
    applicant with a dossier of the seeded legalisation in each state a page differs for."""
    import datetime as dt

    from chancery.eservices.models import ApprovalStep, ProcedureVersion, SupplementRequest
    from chancery.eservices.payments import actions as payments
    from chancery.eservices.tests.factories import ApplicantFactory, dossier
    from chancery.eservices.tests.factories_payments import configure_bank
    from chancery.eservices.tests.factories_stats import build_stats_world
    from tests.authz_routes import _eservices_draft_version

    configure_bank(settings)
    settings.CHANCERY_SITE_URL = str(live_server.url)
    unit = build_stats_world().hq  # the consular department, with figures for March 2026
    seed_catalogue()
    version = ProcedureVersion.objects.get(procedure__slug=SLUG, number=1)
    head = UserFactory(
        username="hoa.head",
        full_name="Lê Thị Hoa",
        unit=unit,
        roles=[Role.UNIT_HEAD.value, Role.CONSULAR_OFFICER.value],
        clearance=Clearance.UNCLASSIFIED,
    )
    applicant = ApplicantFactory(email=EMAIL, full_name=NAME, id_number=ID_NUMBER)
    answers = {"full_name": NAME, "id_number": ID_NUMBER, "purpose": "other", "delivery": "post"}
    today = dt.date.today()
    rows: dict[str, Dossier] = {}
    for state in (
        State.DRAFT,
        State.SUBMITTED,
        State.SUPPLEMENT_REQUESTED,
        State.PROCESSING,
        State.APPROVED,
        State.RETURNED,
    ):
        rows[state] = dossier(
            version,
            applicant,
            unit=unit,
            state=state,
            form_data=answers,
            received_on=today - dt.timedelta(days=10),
            due_on=today - dt.timedelta(days=3),  # late: the apology letter is offered
        )
    waiting = dossier(version, applicant, unit=unit, state=State.AWAITING_APPROVAL)
    ApprovalStep.objects.create(dossier=waiting, order=1, role=Role.UNIT_HEAD.value)
    rows[State.AWAITING_APPROVAL] = waiting
    SupplementRequest.objects.create(
        dossier=rows[State.SUPPLEMENT_REQUESTED],
        round=1,
        requested_by=head,
        reason=REASON,
        items=[{"component": "identity", "problem": "wrong", "note": "Blurred"}],
    )
    paying = dossier(version, applicant, unit=unit, state=State.PROCESSING, form_data=answers)
    payments.request_payment(head, paying.pk, revision=paying.revision)
    rows[State.PAYMENT_REQUESTED] = paying
    draft = _eservices_draft_version(head)["pk"]
    return World(applicant, head, enrol_totp(head), rows, ProcedureVersion.objects.get(pk=draft))


def _visit(page: Any, visits: Visits, url: str, label: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status < 500, f"{label}: {response.status}"
    assert page.locator("main h1").count() == 1, f"{label} has no main heading"
    visits.check(label)


def test_every_eservices_page_passes_axe(browser: Any, live_server: Any, world: World) -> None:
    site = str(live_server.url)
    sessions = []

    # The public pages, to a visitor, in Vietnamese then in English
    for language in ("vi", "en"):
        context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": "django_language", "value": language, "url": site}])
        context.set_default_timeout(20_000)
        page = context.new_page()
        visits = Visits(page)
        sessions.append(visits)
        for name, kwargs in PUBLIC_PAGES:
            _visit(page, visits, reverse(name, kwargs=kwargs), f"{name} [{language}]")
        assert page.locator("html").get_attribute("lang") == language
        # Pages with errors: a wrong password, a weak one, an unknown dossier code
        page.goto(reverse("services:signin"))
        page.fill("#id_email", EMAIL)
        page.fill("#id_password", "not the password at all")
        page.click("main form.usa-form button[type=submit]")
        page.wait_for_selector(".usa-alert--error, .usa-error-message")
        visits.check(f"sign-in refused [{language}]")
        page.goto(reverse("services:signup"))
        page.click("main form button[type=submit]")
        page.wait_for_selector(".usa-error-message")
        visits.check(f"sign-up refused [{language}]")
        _visit(page, visits, reverse("services:track") + "?code=LS-000000-0000", "track: unknown")
        code = world.dossiers[State.SUBMITTED].code
        _visit(page, visits, reverse("services:track") + f"?code={code}", "track: found")
        context.close()

    # The same pages on a phone (the public site is mobile first)
    context = browser.new_context(base_url=site, viewport={"width": 390, "height": 844})
    context.set_default_timeout(20_000)
    page = context.new_page()
    visits = Visits(page)
    sessions.append(visits)
    for name, kwargs in PUBLIC_PAGES:
        _visit(page, visits, reverse(name, kwargs=kwargs), f"{name} [phone]")
    page.click("button.usa-menu-btn")
    page.wait_for_selector("nav.usa-nav.is-visible")
    visits.check("menu open [phone]")
    context.close()

    # The applicant's own pages, signed in (English)
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    context.set_default_timeout(20_000)
    page = context.new_page()
    visits = Visits(page)
    sessions.append(visits)
    page.goto(reverse("services:signin"))
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", APPLICANT_PASSWORD)
    page.click("main form.usa-form button[type=submit]")
    page.wait_for_url(re.compile(r"/services/my/$"))
    visits.check("my dossiers")
    _visit(page, visits, reverse("services:account"), "account")
    _visit(page, visits, reverse("services:apply", kwargs={"slug": SLUG}), "apply")
    draft = world.dossiers[State.DRAFT].pk
    _visit(page, visits, reverse("services:draft", kwargs={"pk": draft}), "draft")
    page.fill("#field-id_number", "not a number!")
    page.click("button[name=review]")  # a malformed answer: the page lists the problem
    page.wait_for_selector("#eservices-form-errors")
    visits.check("draft with errors")
    _visit(page, visits, reverse("services:submit", kwargs={"pk": draft}), "review with problems")
    assert page.locator("main form[action$='/submit/']").count() == 0  # nothing to send yet
    for state, row in world.dossiers.items():
        if state != State.DRAFT:
            _visit(page, visits, reverse("services:dossier", kwargs={"pk": row.pk}), state)
    supplement = world.dossiers[State.SUPPLEMENT_REQUESTED].pk
    _visit(page, visits, reverse("services:draft", kwargs={"pk": supplement}), "supplement form")
    paying = world.dossiers[State.PAYMENT_REQUESTED].pk
    _visit(page, visits, reverse("services:pay", kwargs={"pk": paying}), "pay")
    _choose(page, "provider", "bank_transfer")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#transfer-title")
    visits.check("bank transfer instructions")
    returned = world.dossiers[State.RETURNED].pk
    _visit(page, visits, reverse("services:rate", kwargs={"pk": returned}), "rate")
    context.close()

    # The staff pages, to the head of the consular department (the workspace's Vietnamese)
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    visits = Visits(page)
    sessions.append(visits)
    sign_in(page, None, world.head.username, world.secret)
    from chancery.eservices.handling.queue import TABS

    for tab in TABS:
        _visit(page, visits, reverse("eservices:queue") + f"?tab={tab.slug}", f"queue {tab.slug}")
    for state, row in world.dossiers.items():
        if state != State.DRAFT:
            _visit(page, visits, reverse("eservices:dossier", kwargs={"pk": row.pk}), f"{state}")
    page.goto(
        reverse("eservices:dossier", kwargs={"pk": world.dossiers[State.AWAITING_APPROVAL].pk})
    )
    assert page.locator("#action-decide input[type=radio]").count() == 3
    submitted = world.dossiers[State.SUBMITTED].pk
    page.goto(reverse("eservices:dossier", kwargs={"pk": submitted}))
    page.click("#action-refuse button[type=submit]")  # no reason: refused, with the problem
    page.wait_for_selector("[data-errors=refuse]")
    visits.check("dossier action refused")
    approved = world.dossiers[State.APPROVED].pk
    processing = world.dossiers[State.PROCESSING].pk
    for name, kwargs in (
        ("eservices:issue_result", {"pk": approved}),
        ("eservices:request_payment", {"pk": processing}),
        ("eservices:sync_log", {"pk": submitted}),
        ("eservices:payments", {}),
        ("eservices:stats", {}),
        ("eservices:national", {}),
        ("eservices:counter_start", {}),
        ("eservices:counter_applicant", {}),
        ("eservices:catalogue", {}),
        ("eservices:catalogue_version", {"pk": world.draft_version.pk}),
        ("eservices:catalogue_version_edit", {"pk": world.draft_version.pk}),
        ("eservices:catalogue_import", {}),
        ("eservices:form_editor", {"pk": world.draft_version.pk}),
    ):
        _visit(page, visits, reverse(name, kwargs=kwargs), name)
    for by in ("procedure", "unit"):
        query = f"?start=2026-03-01&end=2026-03-31&by={by}"
        _visit(page, visits, reverse("eservices:stats") + query, f"stats by {by}")
        assert page.locator("main svg").count() >= 1, "the figures have their charts"
    context.close()

    for session in sessions:
        session.assert_clean()
