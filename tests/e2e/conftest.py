"""Browser tests: the system Chromium through Playwright, one browser per test module.

Not one per session: while Playwright's sync API is open its event loop counts as running in
the main thread, and every later non-browser test touching the ORM would be refused as
"async unsafe". A module's browser is closed before the next module starts (about a second).

No browser is ever downloaded: Playwright drives ``/usr/bin/chromium`` (``.ci/run`` installs
it). Django's ORM is used from the test thread while Playwright's sync API runs its event
loop there too, hence ``DJANGO_ALLOW_ASYNC_UNSAFE`` while a module's browser is open
(never for the whole run: subprocesses of other tests would inherit it): the test thread
never serves requests, the live server thread does.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHANCERY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser(django_db_setup: None) -> Iterator[Any]:
    # The test database first: its set-up uses the ORM, refused once Playwright's loop runs.
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (never a download)")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
