"""The demo: every state of the life cycle, consistent deadlines, loaded once."""

from __future__ import annotations

import pytest

from chancery.core.service import add_working_days, calendar_for_unit
from chancery.eservices.constants import State
from chancery.eservices.demo import DEMO_APPLICANT, DEMO_APPLICANT_PASSWORD, load_eservices_demo
from chancery.eservices.models import Applicant, Dossier, DossierEvent, IssuedCertificate
from chancery.eservices.tests.factories import hq_department, mission, officer, procedure_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    units = [hq_department("consular"), mission("emb-fr", "FR"), mission("cg-sf", "US")]
    procedure_version(units=units)
    for unit in units:
        officer(unit)


def test_the_demo_loads_dossiers_in_every_state_once(catalogue: None) -> None:
    created = load_eservices_demo()
    assert created > 400
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert load_eservices_demo() == 0
    assert Dossier.objects.count() + Applicant.objects.count() == created


def test_demo_dossiers_have_unique_codes_and_return_dates_on_their_units_calendar(
    catalogue: None,
) -> None:
    load_eservices_demo()
    codes = list(Dossier.objects.exclude(state=State.DRAFT).values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert all(codes)
    for dossier in Dossier.objects.exclude(state=State.DRAFT).filter(extensions__isnull=True)[:60]:
        limit = dossier.version.channel(dossier.channel)["working_days"]  # type: ignore[index]
        expected = add_working_days(dossier.received_on, limit, calendar_for_unit(dossier.unit))  # type: ignore[arg-type]
        assert dossier.due_on == expected


def test_demo_history_leads_to_each_state_and_completed_ones_are_judged(catalogue: None) -> None:
    load_eservices_demo()
    returned = Dossier.objects.filter(state=State.RETURNED).first()
    assert returned is not None
    path = list(returned.events.order_by("at", "pk").values_list("to_state", flat=True))
    assert path[0] == State.SUBMITTED
    assert path[-1] == State.RETURNED
    assert not Dossier.objects.filter(state=State.RETURNED, timeliness="").exists()
    assert IssuedCertificate.objects.exists()
    assert DossierEvent.objects.filter(data__imported=True).count() > 1000
    demo = Applicant.objects.get(email=DEMO_APPLICANT)
    assert demo.check_password(DEMO_APPLICANT_PASSWORD)
    assert demo.dossiers.exists()
