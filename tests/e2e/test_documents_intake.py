"""A clerk uploads a received PDF, finds the registration form filled in from its text,
confirms, and the document is registered as number 1 of the unit's incoming register, which
lists it. axe-core checks every page visited."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.models import Document
from chancery.documents.tasks.intake import run_extraction
from chancery.documents.tests.factories_intake import ensure_document_types, letter_pdf
from tests.e2e.test_workspace import Visits, sign_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clerk() -> tuple[Any, str]:
    ensure_document_types()
    unit = UnitFactory(
        code="e2e-van-thu",
        name_vi="Văn phòng Bộ",
        name_en="Ministry Office",
        name_fr="Cabinet du ministère",
    )
    user = UserFactory(
        username="thu.tran",
        full_name="Trần Thị Thu",
        roles=[Role.CLERK.value],
        clearance=Clearance.UNCLASSIFIED,
        unit=unit,
    )
    return user, enrol_totp(user)


def register_through_the_pages(page: Any, visits: Any, user: Any, tmp_path: Path) -> Document:
    """As the signed-in clerk ``user``: upload a received letter, let its text be read, confirm
    the pre-filled registration form; returns the registered document."""
    page.goto(reverse("documents:intake_upload"))
    visits.check("upload")
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(letter_pdf())
    page.set_input_files("input[type=file]", str(letter))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/register/$"))
    visits.check("registration, text pending")

    # The worker's part, done here: no worker runs beside the live server.
    document = Document.objects.get(unit=user.unit)
    for file_id in document.files.values_list("pk", flat=True):
        run_extraction(str(file_id))
    page.reload()
    assert page.input_value("input[name=number_symbol]") == "125/BNG-LS"
    assert "consular legalisation" in page.input_value("textarea[name=subject]")
    visits.check("registration, pre-filled")

    page.fill("input[name=sender_name]", "Ministry of Justice")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/documents/{document.pk}/$"))
    assert "Registered as no. 1" in page.locator("#intake-panel").inner_text()
    visits.check("document")
    document.refresh_from_db()
    return document


def test_clerk_uploads_confirms_the_prefilled_form_and_registers_number_one(
    page: Any, clerk: tuple[Any, str], tmp_path: Path
) -> None:
    user, secret = clerk
    visits = Visits(page)
    sign_in(page, visits, user.username, secret)
    switch_language(page, "en")

    document = register_through_the_pages(page, visits, user, tmp_path)
    document.refresh_from_db()
    assert (document.status, document.number, document.sender_name) == (
        "registered",
        1,
        "Ministry of Justice",
    )
    assert document.acknowledged_at is not None

    page.click("#intake-panel >> text=Open the register")
    assert page.locator("table tbody tr").count() == 1
    assert "Ministry of Justice" in page.locator("table").inner_text()
    visits.check("register")
    page.goto(reverse("documents:registers"))
    visits.check("registers")
    visits.assert_clean()
