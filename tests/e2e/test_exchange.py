"""An administrator opens the exchange page, sees a peer's queue and pushes it now; axe-core
checks each page visited."""

from __future__ import annotations

from typing import Any

import pytest

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.exchange import identity, service
from chancery.exchange.models import Peer
from tests.e2e.test_workspace import Visits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_sees_the_queue_and_pushes_now(
    page: Any, settings: Any, tmp_path: Any
) -> None:
    settings.CHANCERY_INSTANCE_KEY_PATH = tmp_path / "instance.pem"
    peer = Peer.objects.create(
        code="emb-us",
        name="Embassy in Washington",
        base_url="http://127.0.0.1:9",
        public_key=identity.public_key_b64(),
    )
    service.send(peer, "exchange.ping", {"n": 1})
    admin = UserFactory(
        username="quan.tri", roles=[Role.ADMIN.value], clearance=Clearance.UNCLASSIFIED
    )
    visits = Visits(page)
    sign_in(page, visits, admin.username, enrol_totp(admin))

    page.goto("/exchange/")
    visits.check("exchange status")
    row = page.locator("table").first.locator("tbody tr").first
    assert "Embassy in Washington" in row.inner_text()
    assert "1" in row.locator("td").first.inner_text()

    row.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    visits.check("exchange status after a push")
    assert page.url.endswith("/exchange/")
    visits.assert_clean()
