"""A clerk registers an incoming document from its upload, a ministry leader assigns it to a
department, the department's head sub-assigns it to a specialist, and the specialist completes
it with a result; each works from their inbox and the document page. axe-core checks every page
visited."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.constants import AssignmentStatus, Status
from chancery.documents.models import Assignment, Document
from chancery.documents.tests.factories_intake import ensure_document_types
from tests.e2e.test_documents_intake import register_through_the_pages
from tests.e2e.test_workspace import Visits, sign_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(username: str, unit: Any, role: Role) -> tuple[Any, str]:
    user = UserFactory(
        username=username,
        roles=[role.value],
        # Unclassified: cleared staff also need a security key, which this flow does not drive.
        clearance=Clearance.UNCLASSIFIED,
        unit=unit,
    )
    return user, enrol_totp(user)


def _switch_user(page: Any, visits: Visits, person: tuple[Any, str]) -> None:
    page.context.clear_cookies()
    sign_in(page, None, person[0].username, person[1])
    page.goto(reverse("documents:inbox"))
    visits.check(f"inbox of {person[0].username}")


def _open_document(page: Any, visits: Visits, document: Document, label: str) -> None:
    page.click(f"a[href='{reverse('documents:detail', kwargs={'pk': document.pk})}']")
    page.wait_for_url(re.compile(str(document.pk)))
    visits.check(label)


def test_a_clerk_registers_a_leader_assigns_and_a_specialist_completes(
    page: Any, tmp_path: Path
) -> None:
    ensure_document_types()
    registry = UnitFactory(code="e2e-van-thu", name_vi="Văn phòng Bộ", name_en="Ministry Office")
    department = UnitFactory(code="e2e-le-tan", name_vi="Cục Lễ tân", name_en="Protocol Dept")
    leader = _person("minh.tran", registry, Role.LEADER)
    clerk = _person("thu.pham", registry, Role.CLERK)
    head = _person("lan.nguyen", department, Role.UNIT_HEAD)
    specialist = _person("nam.vu", department, Role.SPECIALIST)
    visits = Visits(page)

    # The clerk uploads the received letter and registers it from the pre-filled form.
    sign_in(page, visits, clerk[0].username, clerk[1])
    switch_language(page, "en")
    document = register_through_the_pages(page, visits, clerk[0], tmp_path)
    assert document.number == 1

    # The leader assigns the document to the department, due in five working days.
    page.context.clear_cookies()
    sign_in(page, None, leader[0].username, leader[1])
    page.goto(reverse("documents:detail", kwargs={"pk": document.pk}))
    visits.check("document, registered")
    page.click("#handling details summary >> nth=0")
    page.select_option("#id_assign-lead", str(department.pk))
    page.fill("#id_assign-working_days", "5")
    page.fill("#id_assign-instructions", "Chuẩn bị chương trình đón đoàn")
    page.click("#handling form[action$='/handling/assign/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#handling$"))
    visits.check("document, assigned")
    assert Document.objects.get(pk=document.pk).status == Status.ASSIGNED

    # The head finds it in the inbox and gives it to the specialist.
    _switch_user(page, visits, head)
    assert page.locator("[data-count=handle]").inner_text() == "1"
    _open_document(page, visits, document, "document, to sub-assign")
    lead = Assignment.objects.get(document=document, parent=None)
    page.click(f"[data-assignment='{lead.pk}'] details summary >> nth=0")
    page.select_option(f"#id_a{lead.pk}-sub-assignee", str(specialist[0].pk))
    page.click(f"[data-assignment='{lead.pk}'] form[action$='/sub-assign/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#handling$"))
    visits.check("document, sub-assigned")

    # The specialist completes it with the result.
    _switch_user(page, visits, specialist)
    _open_document(page, visits, document, "document, to complete")
    child = Assignment.objects.get(document=document, parent=lead)
    page.click(f"[data-assignment='{child.pk}'] details:has(form[action$='/complete/']) > summary")
    page.fill(f"#id_a{child.pk}-complete-result", "Đã trình Lãnh đạo Bộ chương trình đón đoàn")
    page.click(f"[data-assignment='{child.pk}'] form[action$='/complete/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#handling$"))
    visits.check("document, completed")
    page.goto(reverse("documents:dashboard"))
    visits.check("unit dashboard")

    child.refresh_from_db()
    assert child.status == AssignmentStatus.DONE
    done = Document.objects.get(pk=document.pk)
    assert done.status == Status.COMPLETED
    assert done.completed_at is not None
    visits.assert_clean()
