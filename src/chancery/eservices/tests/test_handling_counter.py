"""Filing at the counter: staff open a dossier for an applicant who came in person, fill the
form, upload the papers and submit it; the dossier records who filed it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chancery.eservices.constants import Channel, State
from chancery.eservices.models import Dossier
from chancery.eservices.tests.factories import ApplicantFactory, mission, officer
from chancery.eservices.tests.factories_handling import unit_dossier
from chancery.lib.pdfgen import sample_letter

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_files_a_dossier_for_an_applicant_at_the_mission_counter() -> None:
    paris = mission("FR-PAR", "FR")
    version = unit_dossier(paris).version  # a procedure Paris offers in person
    staff, applicant = officer(paris), ApplicantFactory()
    client = _client(staff)
    page = client.get(f"/eservices/counter/?applicant={applicant.pk}")
    assert page.status_code == 200
    assert version.procedure.code in page.content.decode()
    opened = client.post("/eservices/counter/", {"applicant": applicant.pk, "version": version.pk})
    assert opened.status_code == 302
    draft = Dossier.objects.get(applicant=applicant)
    assert (draft.state, draft.channel, draft.filed_by, draft.unit) == (
        State.DRAFT,
        Channel.IN_PERSON,
        staff,
        paris,
    )
    url = f"/eservices/counter/{draft.pk}/"
    filed = client.post(
        url,
        {
            "full_name": applicant.full_name,
            "purpose": "work",
            "document": SimpleUploadedFile("diploma.pdf", sample_letter(), "application/pdf"),
            "passport": SimpleUploadedFile("passport.pdf", sample_letter(), "application/pdf"),
            "idempotency_key": "counter-1",
            "submit": "1",
        },
    )
    assert filed.status_code == 302, filed.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert draft.code
    assert draft.due_on is not None
    assert filed["Location"] == f"/eservices/dossiers/{draft.pk}/"


def test_another_missions_counter_draft_answers_404() -> None:
    paris, washington = mission("FR-PAR", "FR"), mission("US-WAS", "US")
    draft = unit_dossier(paris, state=State.DRAFT, filed_by=officer(paris))
    assert _client(officer(washington)).get(f"/eservices/counter/{draft.pk}/").status_code == 404


def test_the_counter_without_an_applicant_asks_for_one_first() -> None:
    response = _client(officer(mission())).post("/eservices/counter/", {"version": 1})
    assert response.status_code == 400
    assert "Find or register the applicant first" in response.content.decode()
