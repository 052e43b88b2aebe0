"""Dossier codes: upper case and long enough for any unit, and found by the tracking page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.constants import UnitKind
from chancery.core.tests.factories import UnitFactory
from chancery.eservices.submission import actions
from chancery.eservices.tests.factories import ApplicantFactory, procedure_version
from chancery.eservices.tests.factories_submission import filled_draft

pytestmark = pytest.mark.django_db


def test_a_unit_with_the_longest_lowercase_code_files_a_dossier_anyone_can_track() -> None:
    # Given a mission whose code has the 32 characters units may have, in lower case
    unit = UnitFactory(code="cg-" + "x" * 29, kind=UnitKind.CONSULATE_GENERAL, host_country="US")
    version = procedure_version(units=[unit])
    applicant = ApplicantFactory()
    # When a dossier is filed there
    filed = actions.submit(applicant, filled_draft(applicant, version).pk, idempotency_key="k1")
    # Then its code is upper case, and the public tracking page finds it as typed
    assert filed.code.startswith("CG-XXXX")
    assert filed.code == filed.code.upper()
    page = Client().get(reverse("services:track"), {"code": filed.code.lower()})
    assert page.status_code == 200
    assert filed.code in page.content.decode()
