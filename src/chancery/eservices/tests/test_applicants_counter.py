"""Staff at a mission's counter find or create the applicant they file a dossier for."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from chancery.core.constants import Role
from chancery.core.models import AuditEntry
from chancery.eservices.applicants import actions
from chancery.eservices.models import Applicant
from chancery.eservices.tests.factories import ApplicantFactory, mission, officer
from chancery.eservices.tests.factories_applicants import last_notice, link_in

pytestmark = pytest.mark.django_db

PERSON = {
    "full_name": "Phạm Minh Tuấn",
    "email": "Tuan.Pham@example.test",
    "id_number": "C1234567",
    "phone": "+33 6 12 34 56 78",
    "language": "vi",
    "kind": "citizen",
    "organisation": "",
    "address": "",
}


def _client_for(user: object) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_an_officer_creates_an_account_at_the_counter_and_goes_on_to_file() -> None:
    staff = officer(mission())
    response = _client_for(staff).post(reverse("eservices:counter_applicant"), PERSON)

    assert response.status_code == 302
    applicant = Applicant.objects.get(email="tuan.pham@example.test")
    assert applicant.created_by_staff == staff
    assert not applicant.password  # they choose one through the invitation
    try:
        expected = f"{reverse('eservices:counter_start')}?applicant={applicant.pk}"
    except NoReverseMatch:  # the handling area's filing page is not there yet
        expected = reverse("eservices:queue")
    assert response["Location"] == expected
    assert AuditEntry.objects.filter(action="eservices.applicant.counter_created").exists()

    # The invitation lets them choose a password and sign in themselves.
    link = link_in(last_notice(applicant, "invitation"))
    visitor = Client()
    assert visitor.post(link, {"password": "my own passphrase 2026"}).status_code == 302
    assert actions.authenticate("tuan.pham@example.test", "my own passphrase 2026") == applicant


def test_an_existing_applicant_is_reused_and_found_with_masked_details_only() -> None:
    existing = ApplicantFactory(email="tuan.pham@example.test", id_number="")
    staff = officer(mission())

    same = actions.create_at_counter(staff, **{**PERSON, "full_name": "Someone Else"})

    assert same == existing
    existing.refresh_from_db()
    assert existing.full_name != "Someone Else"  # nothing overwritten
    assert existing.id_number == "C1234567"  # blanks filled in
    page = (
        _client_for(staff)
        .get(reverse("eservices:counter_applicant"), {"query": "C1234567"})
        .content.decode()
    )
    assert existing.full_name in page
    assert "tuan.pham@example.test" not in page
    assert "t•••@example.test" in page
    assert "•••567" in page


def test_a_partial_search_finds_nobody() -> None:
    ApplicantFactory(email="tuan.pham@example.test")
    page = _client_for(officer(mission())).get(
        reverse("eservices:counter_applicant"), {"query": "tuan"}
    )
    assert "Nobody found" in page.content.decode()


def test_staff_without_a_handling_role_cannot_use_the_counter() -> None:
    staff = officer(mission(), Role.EDITOR.value)

    response = _client_for(staff).post(reverse("eservices:counter_applicant"), PERSON)

    assert response.status_code == 403
    with pytest.raises(actions.CounterNotAllowed):
        actions.create_at_counter(staff, **PERSON)
    assert not Applicant.objects.exists()


def test_bad_details_are_refused_next_to_their_fields() -> None:
    response = _client_for(officer(mission())).post(
        reverse("eservices:counter_applicant"), {**PERSON, "email": "not-an-address"}
    )
    assert response.status_code == 400
    assert 'href="#id_email"' in response.content.decode()
    assert not Applicant.objects.exists()
