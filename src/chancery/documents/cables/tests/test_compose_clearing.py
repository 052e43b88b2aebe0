"""Clearing: clearers in order, send-back with a reason and a new round, the approver after the
last clearer; who may do each step."""

from __future__ import annotations

import pytest

from chancery.core.service import Clearance
from chancery.core.tests.factories import UserFactory
from chancery.documents.cables.actions import clearing, compose
from chancery.documents.cables.actions.clearing import CannotRead
from chancery.documents.cables.actions.content import DraftContent
from chancery.documents.cables.constants import CableStatus, ClearanceStatus
from chancery.documents.cables.exceptions import CableError, NotAllowed, WrongState
from chancery.documents.cables.queries import awaiting_my_clearance, awaiting_my_release
from chancery.documents.cables.tests.factories import CableOffice
from chancery.documents.models import Cable

pytestmark = pytest.mark.django_db


def submit(office: CableOffice, cable: Cable, clearers: int = 2) -> Cable:
    people = [office.clearer, office.second_clearer][:clearers]
    return clearing.submit_for_clearance(
        office.drafter, cable, clearers=people, approver=office.approver, version=cable.version
    )


def test_clearers_clear_in_order_then_the_approver_gets_it(cable_office: CableOffice) -> None:
    office = cable_office
    cable = submit(office, office.draft())
    assert cable.status == CableStatus.CLEARING
    assert list(awaiting_my_clearance(office.clearer)) == [cable]
    assert not awaiting_my_clearance(office.second_clearer).exists()
    with pytest.raises(NotAllowed):
        clearing.clear(office.second_clearer, cable, version=cable.version)
    cable = clearing.clear(office.clearer, cable, version=cable.version, comment="Đồng ý")
    assert list(awaiting_my_clearance(office.second_clearer)) == [cable]
    cable = clearing.clear(office.second_clearer, cable, version=cable.version)
    assert cable.status == CableStatus.AWAITING_RELEASE
    assert list(awaiting_my_release(office.approver)) == [cable]


def test_the_chain_sees_the_draft_and_nobody_else(cable_office: CableOffice) -> None:
    office = cable_office
    cable = submit(office, office.draft())
    for person in (office.drafter, office.clearer, office.second_clearer, office.approver):
        assert Cable.objects.visible_to(person).filter(pk=cable.pk).exists()
    for person in (office.outsider, office.mission_officer):
        assert not Cable.objects.visible_to(person).filter(pk=cable.pk).exists()


def test_no_clearers_goes_straight_to_release(cable_office: CableOffice) -> None:
    office = cable_office
    cable = submit(office, office.draft(), clearers=0)
    assert cable.status == CableStatus.AWAITING_RELEASE


def test_a_send_back_returns_a_draft_and_the_next_submission_is_a_new_round(
    cable_office: CableOffice,
) -> None:
    office = cable_office
    cable = submit(office, office.draft())
    cable = clearing.clear(office.clearer, cable, version=cable.version)
    with pytest.raises(CableError):
        clearing.send_back(office.second_clearer, cable, reason=" ", version=cable.version)
    cable = clearing.send_back(
        office.second_clearer, cable, reason="Sửa đoạn 1", version=cable.version
    )
    assert cable.status == CableStatus.DRAFT
    returned = cable.clearers.get(clearer=office.second_clearer)
    assert (returned.status, returned.comment) == (ClearanceStatus.RETURNED, "Sửa đoạn 1")
    cable = compose.update_draft(
        office.drafter, cable, DraftContent(subject="Đã sửa"), version=cable.version
    )
    cable = submit(office, cable)
    assert list(awaiting_my_clearance(office.clearer)) == [cable]
    assert cable.clearers.filter(round=2).count() == 2


def test_the_approver_may_send_back_but_others_not(cable_office: CableOffice) -> None:
    office = cable_office
    cable = submit(office, office.draft(), clearers=0)
    with pytest.raises(NotAllowed):
        clearing.send_back(office.clearer, cable, reason="Không", version=cable.version)
    cable = clearing.send_back(office.approver, cable, reason="Chưa rõ", version=cable.version)
    assert cable.status == CableStatus.DRAFT


def test_submission_refusals(cable_office: CableOffice) -> None:
    office = cable_office
    cable = office.draft()
    with pytest.raises(NotAllowed):
        clearing.submit_for_clearance(
            office.outsider, cable, clearers=[], approver=office.approver, version=cable.version
        )
    with pytest.raises(CableError):
        clearing.submit_for_clearance(
            office.drafter,
            cable,
            clearers=[office.clearer],
            approver=office.clearer,
            version=cable.version,
        )
    uncleared = UserFactory(unit=office.department, clearance=Clearance.UNCLASSIFIED)
    secret = office.draft(markings=[Clearance.SECRET])
    with pytest.raises(CannotRead):
        clearing.submit_for_clearance(
            office.drafter,
            secret,
            clearers=[uncleared],
            approver=office.approver,
            version=secret.version,
        )
    empty = office.draft(action_units=[])
    with pytest.raises(WrongState):
        clearing.submit_for_clearance(
            office.drafter, empty, clearers=[], approver=office.approver, version=empty.version
        )


def test_a_cable_in_clearance_cannot_be_edited(cable_office: CableOffice) -> None:
    office = cable_office
    cable = submit(office, office.draft())
    with pytest.raises(WrongState):
        compose.update_draft(
            office.drafter, cable, DraftContent(subject="X"), version=cable.version
        )
