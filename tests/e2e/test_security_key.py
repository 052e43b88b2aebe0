"""A member of staff cleared Secret enrols a security key and signs in with it, in Chromium
with its virtual authenticator (CDP); axe-core checks the security-key pages.

Browsers refuse WebAuthn on IP addresses, so the site is opened at ``localhost`` and
``CHANCERY_SITE_URL`` (the relying party's origin and id) says so too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from django.urls import reverse

from chancery.core.models import User
from chancery.core.tests.factories import TEST_PASSWORD, UserFactory
from tests.e2e.accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_ACCEPTED_VI = "Khóa bảo mật không phản hồi hoặc yêu cầu đã bị hủy. Vui lòng thử lại."


def _url(path: str) -> Any:
    """The page at exactly ``path`` on this site (a query string allowed)."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"(\?.*)?$")


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    url = live_server.url.replace("127.0.0.1", "localhost")
    settings.CHANCERY_SITE_URL = url
    return str(url)


@pytest.fixture
def tab(browser: Any, site: str) -> Iterator[tuple[Any, Any, str]]:
    context = browser.new_context(base_url=site, locale="vi-VN")
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    yield page, cdp, str(added["authenticatorId"])
    context.close()


def sign_in_with_password(page: Any, username: str) -> None:
    page.goto(reverse("core:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")


def sign_out(page: Any) -> None:
    page.click("details.chancery-user-menu summary")
    page.click("details.chancery-user-menu form button[type=submit]")
    page.wait_for_url(_url(reverse("core:login")))


def test_cleared_staff_enrol_a_security_key_and_sign_in_with_it(tab: Any) -> None:
    page, cdp, authenticator = tab
    user = UserFactory(username="minh.tran", cleared=True, language="en")

    sign_in_with_password(page, user.username)
    page.wait_for_url(_url(reverse("core:login_enrol_totp")))
    secret = "".join(page.locator("#totp-secret").inner_text().split())
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("main form.usa-form button[type=submit]")
    page.get_by_role("button", name="I have saved my recovery codes").click()

    page.wait_for_url(_url(reverse("core:login_enrol_webauthn")))
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.fill("#id_name", "YubiKey on my desk")
    page.get_by_role("button", name="Register security key").click()
    page.wait_for_url(_url("/"))
    assert page.locator("details.chancery-user-menu").count() == 1
    assert user.webauthn_credentials.get().name == "YubiKey on my desk"
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1

    sign_out(page)
    sign_in_with_password(page, user.username)
    page.wait_for_url(_url(reverse("core:login_webauthn")))
    page.wait_for_load_state("load")
    assert_accessible(page)
    page.get_by_role("button", name="Use security key").click()
    page.wait_for_url(_url("/"))
    assert page.locator("details.chancery-user-menu").count() == 1

    # Without its credential the key cannot answer: an error in the page's language, no entry.
    signed_in_at = User.objects.get(pk=user.pk).last_login
    assert signed_in_at is not None
    sign_out(page)
    cdp.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator})
    sign_in_with_password(page, user.username)
    page.wait_for_url(_url(reverse("core:login_webauthn")))
    page.click("form.chancery-language button[value=vi]")
    page.wait_for_function("document.documentElement.lang === 'vi'")
    assert page.url.endswith(reverse("core:login_webauthn"))
    page.get_by_role("button", name="Dùng khóa bảo mật").click()
    error = page.locator("[data-webauthn-status]")
    error.wait_for(state="visible")
    # The status box is shown before the browser's refusal arrives; wait for its message.
    page.wait_for_function(
        "document.querySelector('[data-webauthn-status]').innerText.trim() !== ''"
    )
    assert error.inner_text() == NOT_ACCEPTED_VI
    assert page.get_by_role("button", name="Dùng khóa bảo mật").is_enabled()
    assert_accessible(page)
    page.goto("/")
    assert reverse("core:login") in page.url
    assert User.objects.get(pk=user.pk).last_login == signed_in_at
