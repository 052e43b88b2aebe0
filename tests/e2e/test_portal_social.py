"""An administrator connects the ministry's X account from the CMS in Chromium: to X's consent
screen (the fake X, which approves at once) and back, then disconnects it; axe-core checks the
page in each state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.portal.fakes.x import FakeX
from chancery.portal.social import tokens
from tests.e2e.test_workspace import Visits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOCIAL = "/cms/portal/social/"


@pytest.fixture
def x(settings: Any, live_server: Any) -> Iterator[FakeX]:
    callback = f"{live_server.url}{SOCIAL}x/callback/"
    with FakeX(client_id="chancery-app", redirect_uri=callback) as fake:
        for name, value in fake.settings().items():
            setattr(settings, name, value)
        yield fake


def _settled(page: Any) -> None:
    """The CMS's message has finished sliding in (axe would read the colours halfway)."""
    assert page.locator(".messages .success").is_visible()
    page.wait_for_function(
        "(document.querySelector('.messages')?.getAnimations({subtree: true}) ?? [])"
        ".every(animation => animation.playState !== 'running')"
    )


def test_an_administrator_connects_and_disconnects_the_x_account(page: Any, x: FakeX) -> None:
    admin = UserFactory(
        username="quan.tri", roles=[Role.ADMIN.value], clearance=Clearance.UNCLASSIFIED
    )
    visits = Visits(page)
    sign_in(page, visits, admin.username, enrol_totp(admin))

    page.goto(SOCIAL)
    assert page.locator("[data-x-status=none]").is_visible()
    visits.check("social networks, X not connected")

    page.locator(f"form[action='{SOCIAL}x/connect/'] button").click()
    page.wait_for_url(f"**{SOCIAL}")
    assert "@mofa" in page.locator("[data-x-status=connected]").inner_text()
    _settled(page)
    visits.check("social networks, X connected, with the CMS's message")
    assert tokens.access_token("x") == x.token

    page.locator(f"form[action='{SOCIAL}x/disconnect/'] button").click()
    page.wait_for_url(f"**{SOCIAL}")
    assert page.locator("[data-x-status=none]").is_visible()
    _settled(page)
    visits.check("social networks, X disconnected, with the CMS's message")
    visits.assert_clean()
    assert not tokens.stored("x")
