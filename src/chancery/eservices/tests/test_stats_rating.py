"""The applicant's satisfaction rating: once, only when completed, only their own dossier."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chancery.eservices.constants import State
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Dossier
from chancery.eservices.stats.rating import AlreadyRated, InvalidRating, NotYetRateable, rate
from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version
from chancery.eservices.tests.factories_submission import sign_in

pytestmark = pytest.mark.django_db


def _completed(state: str = State.RESULT_ISSUED) -> Dossier:
    return dossier(procedure_version(), ApplicantFactory(), state=state)


@pytest.mark.parametrize("state", [State.RESULT_ISSUED, State.RETURNED, State.REJECTED])
def test_a_completed_dossier_is_rated_once_with_a_history_line(state: str) -> None:
    row = _completed(state)
    rate(row.applicant, row.pk, rating=4, comment="  Quick and clear.  ")
    row.refresh_from_db()
    assert (row.rating, row.rating_comment) == (4, "Quick and clear.")
    assert row.rated_at is not None
    event = row.events.get(action="rated")
    assert event.by_applicant
    assert event.public
    assert event.data == {"rating": 4}


def test_a_second_rating_is_refused_and_the_first_is_kept() -> None:
    row = _completed()
    rate(row.applicant, row.pk, rating=5)
    with pytest.raises(AlreadyRated):
        rate(row.applicant, row.pk, rating=1)
    row.refresh_from_db()
    assert row.rating == 5


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PROCESSING, State.WITHDRAWN])
def test_a_dossier_not_completed_cannot_be_rated(state: str) -> None:
    row = _completed(state)
    with pytest.raises(NotYetRateable):
        rate(row.applicant, row.pk, rating=3)
    row.refresh_from_db()
    assert row.rating is None


@pytest.mark.parametrize("value", [0, 6, -1, True])
def test_a_rating_outside_one_to_five_is_refused(value: int) -> None:
    row = _completed()
    with pytest.raises(InvalidRating):
        rate(row.applicant, row.pk, rating=value)


def test_somebody_elses_dossier_cannot_be_rated() -> None:
    row = _completed()
    with pytest.raises(NotAllowed):
        rate(ApplicantFactory(), row.pk, rating=5)


def test_rating_takes_a_handful_of_queries(django_assert_max_num_queries: object) -> None:
    row = _completed()
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        rate(row.applicant, row.pk, rating=5)


def test_the_rating_page_offers_an_accessible_scale_and_records_the_choice(client: Client) -> None:
    row = _completed()
    sign_in(client, row.applicant)
    url = reverse("services:rate", args=[row.pk])

    page = client.get(url).content.decode()
    assert "<fieldset" in page
    assert "<legend" in page
    assert page.count('type="radio"') == 5

    response = client.post(url, {"rating": "2", "comment": "<script>alert(1)</script>"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.rating == 2
    thanks = client.get(url).content.decode()
    assert 'type="radio"' not in thanks  # rated: a thank-you instead of the form


def test_the_rating_page_explains_a_missing_choice(client: Client) -> None:
    row = _completed()
    sign_in(client, row.applicant)
    response = client.post(reverse("services:rate", args=[row.pk]), {"comment": "x"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#id_rating"' in page
    assert 'id="id_rating"' in page
    row.refresh_from_db()
    assert row.rating is None


def test_the_rating_page_of_an_open_dossier_says_it_is_too_early(client: Client) -> None:
    row = _completed(State.PROCESSING)
    sign_in(client, row.applicant)
    response = client.post(reverse("services:rate", args=[row.pk]), {"rating": "5"})
    assert response.status_code == 200
    assert 'type="radio"' not in response.content.decode()
    row.refresh_from_db()
    assert row.rating is None


def test_another_applicants_rating_page_is_not_found(client: Client) -> None:
    row = _completed()
    sign_in(client, ApplicantFactory())
    assert client.get(reverse("services:rate", args=[row.pk])).status_code == 404
