"""An archivist declares a finished document a record from the document page, proposes a due
record for destruction, and a second archivist approves it; the file plan and the queues are
visited on the way. axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.core.tests.identity_helpers import enrol_totp
from chancery.documents.archive.file_plan import seed_file_plan
from chancery.documents.constants import RecordStatus, Status
from chancery.documents.models import Disposition, Document, FilePlanCategory
from chancery.documents.tests.factories import DocumentFactory
from tests.e2e.test_workspace import Visits, sign_in, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _archivist(username: str, unit: Any) -> tuple[Any, str]:
    user = UserFactory(
        username=username,
        roles=[Role.ARCHIVIST.value],
        # Unclassified: cleared staff also need a security key, which this flow does not drive.
        clearance=Clearance.UNCLASSIFIED,
        unit=unit,
    )
    return user, enrol_totp(user)


def test_declare_propose_and_approve_a_destruction(page: Any) -> None:
    seed_file_plan()
    unit = UnitFactory(code="e2e-luu-tru", name_vi="Trung tâm Lưu trữ", name_en="Archives")
    first = _archivist("hoa.le", unit)
    second = _archivist("quang.do", unit)
    finished = DocumentFactory(
        unit=unit, status=Status.COMPLETED, completed_at=timezone.now(), subject="Về việc mời họp"
    )
    due = DocumentFactory(unit=unit, status=Status.COMPLETED, subject="Giấy mời năm 2015")
    Document.objects.filter(pk=due.pk).update(
        record_status=RecordStatus.RECORD,
        file_plan=FilePlanCategory.objects.get(code="04.02"),
        declared_at=timezone.now() - dt.timedelta(days=4000),
        retain_until=timezone.localdate() - dt.timedelta(days=2),
    )
    visits = Visits(page)

    sign_in(page, visits, first[0].username, first[1])
    switch_language(page, "en")
    page.goto(reverse("documents:records"))
    visits.check("file plan")
    page.goto(reverse("documents:detail", kwargs={"pk": finished.pk}))
    visits.check("document page")
    page.click("#records summary:has-text('Declare')")
    with translation.override("en"):
        label = str(FilePlanCategory.objects.get(code="04.01"))
    page.select_option("select[name=category]", label=label)
    page.click("#records button[type=submit]:has-text('Declare')")
    page.wait_for_url(re.compile(str(finished.pk)))
    visits.check("document page after declaring")
    assert Document.objects.get(pk=finished.pk).record_status == RecordStatus.RECORD

    page.goto(reverse("documents:records-dispositions"))
    visits.check("disposition queue")
    page.check(f"input[value='{due.pk}']")
    page.select_option("select[name=action]", "destroy")
    page.click("button[type=submit]:has-text('Propose')")
    page.wait_for_load_state("load")
    visits.check("disposition queue after proposing")
    disposition = Disposition.objects.get()

    page.context.clear_cookies()
    sign_in(page, None, second[0].username, second[1])
    switch_language(page, "en")
    page.goto(reverse("documents:records-disposition", kwargs={"pk": disposition.pk}))
    visits.check("disposition to decide")
    page.check("input[name=decision][value=approve]")
    page.click("button[type=submit]:has-text('Record the decision')")
    page.wait_for_load_state("load")
    visits.check("disposition decided")
    assert Document.objects.get(pk=due.pk).record_status == RecordStatus.DESTROYED
    visits.assert_clean()
