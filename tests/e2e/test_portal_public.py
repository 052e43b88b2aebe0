"""The public writes to the ministry: subscribing to a country's travel advice (double opt-in
by e-mail, then unsubscribing from the alert's link), asking a question, and doing the main
things with the keyboard alone. axe-core checks every page shown."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import caches

from chancery.portal import advisories, cache, questions
from chancery.portal import models as m
from chancery.portal.constants import UpdateKind
from chancery.portal.site import ensure_site
from chancery.portal.spam import MIN_SECONDS
from chancery.portal.tests import factories
from chancery.portal.tests.public_helpers import consular_units, run_mail_jobs
from tests.e2e.test_portal_reading import ARTICLE_VI, heading
from tests.e2e.test_workspace import Visits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "hoa.tran@example.test"


def fresh_portal() -> None:
    caches["portal"].clear()  # the page cache lives in this process and outlives the flush
    cache.forget_local()
    ensure_site()  # not rebuilt after the flush of a transactional test


def path_of(url: str) -> str:
    """The path of a link in an e-mail (built on CHANCERY_SITE_URL), to open on the live server."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_in(message: Any, pattern: str) -> str:
    found = re.search(rf"https?://\S+{pattern}", message.body)
    assert found, f"no link matching {pattern} in:\n{message.body}"
    return path_of(found.group(0))


def wait_out_the_spam_stamp(page: Any, shown_at: float) -> None:
    """The forms refuse a submission sent less than MIN_SECONDS after they were shown (no
    person types that fast, spam.check_stamp): wait out what is left of it, as a person
    filling the form would have. The only wait in these tests."""
    left = MIN_SECONDS + 0.5 - (time.monotonic() - shown_at)
    if left > 0:
        page.wait_for_timeout(left * 1000)


def test_a_visitor_subscribes_to_a_countrys_advice_confirms_and_unsubscribes(page: Any) -> None:
    fresh_portal()
    factories.country("JP", "vi", title="Nhật Bản")
    advisory = factories.advisory("JP", "vi", title="Nhật Bản")
    visits = Visits(page)

    # Given Japan's travel advice
    page.goto(advisory.url)
    # When the visitor follows its e-mail alerts link
    page.locator('main a[href$="/vi/subscribe/?topic=advisory&country=JP"]').click()
    page.wait_for_url(re.compile(r"/vi/subscribe/\?"))
    shown_at = time.monotonic()
    # Then the form asks for one country's advice, Japan
    assert page.locator("input[name=topic][value=advisory]").is_checked()
    assert page.locator("select[name=country]").input_value() == "JP"
    visits.check("subscribe")

    # When they give their address and subscribe
    page.fill("input[name=email]", ADDRESS)
    wait_out_the_spam_stamp(page, shown_at)
    page.locator("main form button[type=submit]").click()
    # Then they are told to check their e-mail
    page.wait_for_url(re.compile(r"/vi/subscribe/sent/$"))
    visits.check("subscribe sent")
    subscription = m.Subscription.objects.get(email=ADDRESS)
    assert subscription.country_code == "JP"
    assert subscription.confirmed_at is None

    # And the confirmation e-mail (sent by the worker's job) carries the link
    assert run_mail_jobs() == 1
    (message,) = [sent for sent in mail.outbox if ADDRESS in sent.to]
    confirm = link_in(message, r"/subscriptions/[\w-]+/confirm/")

    # When they open it: a button, not a confirmation (mail scanners follow links)
    page.goto(confirm)
    assert page.locator("main form button[type=submit]").is_visible()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    visits.check("confirm")
    # and press it
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    # Then the subscription is confirmed
    assert page.locator("main .usa-alert--success").is_visible()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    visits.check("confirmed")

    # When the advice changes (a major update), the alert reaches them with an unsubscribe link
    advisory.update_kind = UpdateKind.MAJOR
    advisory.change_note = "Nâng mức cảnh báo do bão."
    advisory.level = "warning"
    factories.publish(advisory)
    update = m.AdvisoryUpdate.objects.filter(page=advisory).latest("published_at", "pk")
    mail.outbox.clear()
    advisories.send_alerts(update.pk)
    (alert,) = [sent for sent in mail.outbox if ADDRESS in sent.to]
    unsubscribe = link_in(alert, r"/subscriptions/[\w-]+/unsubscribe/")
    assert alert.extra_headers["List-Unsubscribe"].strip("<>").endswith(unsubscribe)

    # When they open the unsubscribe link and press the button
    page.goto(unsubscribe)
    visits.check("unsubscribe")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    # Then they are unsubscribed
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    visits.check("unsubscribed")

    # And a link with a token nobody holds is a page in the visitor's language, not a crash
    response = page.goto("/vi/subscriptions/khong-co-ma-nay/confirm/")
    assert response is not None
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == "vi"
    visits.check("unknown subscription (404)")

    visits.assert_clean()


def test_a_visitor_asks_a_question_and_gets_a_reference_number(page: Any) -> None:
    fresh_portal()
    units = consular_units()
    consular = m.QuestionTopic.objects.get(code="consular")
    visits = Visits(page)

    # Given the form, reached from the home page's footer
    page.goto("/vi/")
    page.locator('footer a[href="/vi/ask/"]').first.click()
    page.wait_for_url(re.compile(r"/vi/ask/$"))
    visits.check("ask")

    # When the visitor sends it at once, empty
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    # Then it is refused as too fast, with a message, and nothing is stored
    shown_at = time.monotonic()
    assert page.locator("main .usa-alert").first.is_visible()
    assert not m.PublicQuestion.objects.exists()
    visits.check("ask, refused")

    # When they fill it in but forget the consent
    page.select_option("select[name=topic]", str(consular.pk))
    page.fill("input[name=name]", "Trần Thị Hoa")
    page.fill("input[name=email]", ADDRESS)
    page.fill("input[name=subject]", "Gia hạn hộ chiếu tại Pháp")
    page.fill("textarea[name=body]", "Tôi cần gia hạn hộ chiếu khi đang ở Paris. Thủ tục thế nào?")
    wait_out_the_spam_stamp(page, shown_at)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    shown_at = time.monotonic()
    # Then the consent's error is linked to its checkbox and what they typed is kept
    consent = page.locator("input[name=consent]")
    assert consent.get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{consent.get_attribute('aria-describedby')}").is_visible()
    assert page.locator("input[name=subject]").input_value() == "Gia hạn hộ chiếu tại Pháp"
    visits.check("ask, with an error")

    # When they agree and send it again
    page.locator("label[for=id_consent]").click()
    wait_out_the_spam_stamp(page, shown_at)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/vi/ask/sent/\?ref="))
    # Then they see the reference number of the question, routed to the consular unit
    question = m.PublicQuestion.objects.get()
    assert page.locator("main strong", has_text=questions.reference(question)).is_visible()
    assert question.subject == "Gia hạn hộ chiếu tại Pháp"
    assert question.unit == units["consular"]
    assert question.language == "vi"
    visits.check("ask sent")

    visits.assert_clean()


FOCUS = """() => {
  const element = document.activeElement;
  const visible = (style) => (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || (style.boxShadow && style.boxShadow !== 'none');
  let shown = visible(getComputedStyle(element));
  // USWDS hides the radio and checkbox inputs and draws their focus ring on the label's box.
  if (!shown && element.labels && element.labels.length) {
    shown = visible(getComputedStyle(element.labels[0], '::before'));
  }
  return {shown, what: element.outerHTML.slice(0, 120)};
}"""


def focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement.matches(s)", selector))


def assert_focus_visible(page: Any) -> None:
    found = page.evaluate(FOCUS)
    assert found["shown"], f"focus is not visible on {found['what']}"


def tab_to(page: Any, selector: str, *, key: str = "Tab", limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focus is on ``selector``; focus shows at every stop."""
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if focused(page, selector):
            return
    raise AssertionError(f"{key} never reached {selector}")


def test_the_main_flows_work_with_the_keyboard_alone(page: Any) -> None:
    fresh_portal()
    consular_units()
    article = factories.news("vi", title=ARTICLE_VI, summary="Tuyên bố chung về Biển Đông.")

    # Given the home page
    page.goto("/vi/")
    # When the visitor presses Tab: the skip link comes first, visibly
    page.keyboard.press("Tab")
    assert focused(page, "a.usa-skipnav"), "the first Tab stop is not the skip link"
    assert_focus_visible(page)
    # and Enter takes the focus to the main content
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main-content'")

    # Back up (Shift+Tab) into the header: the search field, then the language switcher
    tab_to(page, "#portal-search-field", key="Shift+Tab")
    tab_to(page, ".portal-languages a[hreflang=en]", key="Shift+Tab")
    # and forward again to the search field: type a query without diacritics, Enter searches
    tab_to(page, "#portal-search-field")
    page.keyboard.type("hoi nghi thuong dinh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vi/search/\?q="))

    # A result link, opened with Enter
    tab_to(page, "main ol.usa-collection a")
    assert page.evaluate("document.activeElement.textContent").strip() == ARTICLE_VI
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(article.url) + "$"))
    assert heading(page) == ARTICLE_VI

    # The question form, from the footer, completed and sent with the keyboard alone
    tab_to(page, 'footer a[href="/vi/ask/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vi/ask/$"))
    shown_at = time.monotonic()
    tab_to(page, "input[name=kind]:checked")  # "question" is already chosen
    tab_to(page, "select[name=topic]")
    page.keyboard.press("ArrowDown")  # the first topic after the "choose" prompt
    assert page.locator("select[name=topic]").input_value() != ""
    for selector, text in (
        ("input[name=name]", "Trần Thị Hoa"),
        ("input[name=email]", ADDRESS),
        ("input[name=subject]", "Gia hạn hộ chiếu"),
        ("textarea[name=body]", "Tôi cần gia hạn hộ chiếu khi đang ở Paris."),
    ):
        tab_to(page, selector)
        page.keyboard.type(text)
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    assert page.locator("input[name=consent]").is_checked()
    tab_to(page, "main form button[type=submit]")
    wait_out_the_spam_stamp(page, shown_at)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vi/ask/sent/\?ref="))
    question = m.PublicQuestion.objects.get()
    assert page.locator("main strong", has_text=questions.reference(question)).is_visible()
    assert question.name == "Trần Thị Hoa"
