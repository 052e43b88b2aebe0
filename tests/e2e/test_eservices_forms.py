"""The head of the consular department opens the form editor of a draft procedure version:
the preview shows conditional questions appearing as they answer, in the language chosen,
and a broken form is refused with its problems listed; axe-core checks each state."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from chancery.core.constants import Role
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.eservices.constants import VersionStatus
from chancery.eservices.tests.factories import hq_department, procedure_version
from chancery.eservices.tests.factories_forms import RICH_COMPONENTS, RICH_FORM
from tests.e2e.test_workspace import Visits, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor() -> tuple[Any, str]:
    user = UserFactory(username="head.consular", roles=[Role.UNIT_HEAD.value], unit=hq_department())
    return user, enrol_totp(user)


def test_form_editor_previews_conditional_questions_live(
    page: Any, editor: tuple[Any, str]
) -> None:
    user, secret = editor
    components = [{"code": code, "name_vi": code, "kind": "original"} for code in RICH_COMPONENTS]
    version = procedure_version(form=RICH_FORM, components=components)
    version.status = VersionStatus.DRAFT
    version.save(update_fields=["status"])
    visits = Visits(page)
    sign_in(page, None, user.username, secret)

    # Given the editor with the preview of the form
    page.goto(reverse("eservices:form_editor", args=[version.pk]))
    visits.check("form editor")
    preview = page.locator("#form-preview-body")
    other, school = preview.locator("#group-other_purpose"), preview.locator("#group-school")
    # Then the conditional questions are hidden until their condition holds
    assert other.is_hidden()
    assert school.is_hidden()

    # When the purpose "other" is chosen, its question appears, and "study" shows the next
    preview.locator("label[for='field-purpose-1']").click()
    assert other.is_visible()
    assert preview.locator("#field-purpose").get_attribute("aria-controls") == "group-other_purpose"
    preview.locator("#field-other_purpose").select_option("study")
    assert school.is_visible()
    assert preview.locator("#field-other_purpose").get_attribute("aria-expanded") == "true"
    visits.check("conditions shown")
    # And going back hides the whole chain
    preview.locator("label[for='field-purpose']").click()
    assert other.is_hidden()
    assert school.is_hidden()

    # When the preview is asked in French, it is rendered in French (htmx, no reload)
    page.select_option("#language", "fr")
    page.get_by_role("button", name="Xem trước").or_(
        page.get_by_role("button", name="Preview")
    ).click()
    preview.locator("legend", has_text="Vous").wait_for()
    # forms.js hides the conditional groups of the swapped-in preview; wait for it, not a race
    expect(preview.locator("#group-other_purpose")).to_be_hidden()
    visits.check("preview in French")

    # When the form is broken and saved, then the problems are listed and nothing is saved
    page.fill("#schema", '{"sections": [{"id": "a"}]}')
    page.locator("button[name=save]").click()
    page.wait_for_selector("#schema-errors")
    visits.check("form refused")
    version.refresh_from_db()
    assert version.form_schema == RICH_FORM
    visits.assert_clean()
