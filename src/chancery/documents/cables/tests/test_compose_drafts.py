"""Composing: who drafts from which post, what a draft may say (taxonomy, markings, levels,
references), who sees a draft, attachments encrypted at the cable's level."""

from __future__ import annotations

import pytest

from chancery.blobs import service as blobs
from chancery.core.service import Clearance
from chancery.documents.cables.actions import compose
from chancery.documents.cables.actions.content import DraftContent, Paragraph, UnknownReference
from chancery.documents.cables.constants import AddresseeRole, CableStatus
from chancery.documents.cables.exceptions import (
    MarkingTooLow,
    NotAllowed,
    StaleVersion,
    UnknownTag,
    WrongState,
)
from chancery.documents.cables.queries import get_cable_for_user, my_drafts
from chancery.documents.cables.tests.factories import CableOffice, precedence
from chancery.documents.cables.tests.factories_delivery import released_cable
from chancery.documents.models import Cable, CableEvent, CableTag, Caption
from chancery.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_seeded_taxonomy_has_countries_subjects_precedences_and_captions(
    cable_office: CableOffice,
) -> None:
    assert CableTag.objects.get(code="VN").name_vi == "Việt Nam"
    assert CableTag.objects.get(code="FR").name_fr == "France"
    assert CableTag.objects.get(code="PREL").name_en == "Political relations"
    assert CableTag.objects.filter(kind="country").count() > 240
    assert precedence("FLASH").ack_minutes == 10
    assert Caption.objects.get(code="LEADERS-ONLY").roles == ["leader"]


def test_seeding_again_keeps_what_administrators_changed(cable_office: CableOffice) -> None:
    from chancery.documents.cables.seeds import seed_all

    CableTag.objects.filter(code="PREL").update(name_en="Politics")
    seed_all()
    assert CableTag.objects.get(code="PREL").name_en == "Politics"
    assert CableTag.objects.filter(code="PREL").count() == 1


def test_headquarters_staff_draft_from_the_ministry_and_mission_staff_from_the_mission(
    cable_office: CableOffice,
) -> None:
    office = cable_office
    hq = office.draft()
    mission = compose.create_draft(
        office.mission_officer, subject="Báo cáo tình hình", precedence=precedence()
    )
    assert (hq.post, hq.drafting_unit) == (office.ministry, office.department)
    assert hq.status == CableStatus.DRAFT
    assert mission.post == office.mission
    assert list(hq.paragraphs.values_list("number", flat=True)) == [1]
    assert hq.tags == ["PREL", "US"]
    assert CableEvent.objects.filter(cable=hq, kind="drafted").exists()


def test_a_draft_is_invisible_outside_drafter_clearers_and_approver(
    cable_office: CableOffice,
) -> None:
    office = cable_office
    cable = office.draft()
    assert list(my_drafts(office.drafter)) == [cable]
    for person in (office.outsider, office.mission_officer, office.approver):
        assert not Cable.objects.visible_to(person).filter(pk=cable.pk).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        get_cable_for_user(office.outsider, cable.pk)


def test_a_secret_paragraph_cannot_be_saved_in_a_confidential_cable(
    cable_office: CableOffice,
) -> None:
    office = cable_office
    with pytest.raises(MarkingTooLow):
        office.draft(markings=[Clearance.CONFIDENTIAL, Clearance.SECRET], classification=1)
    cable = office.draft(markings=[Clearance.SECRET])
    with pytest.raises(MarkingTooLow):
        compose.update_draft(
            office.drafter,
            cable,
            DraftContent(classification=Clearance.CONFIDENTIAL),
            version=cable.version,
        )
    cable.refresh_from_db()
    assert cable.classification == Clearance.SECRET


def test_tags_must_be_active_in_the_taxonomy(cable_office: CableOffice) -> None:
    office = cable_office
    with pytest.raises(UnknownTag):
        office.draft(tags=["PREL", "NOPE"])
    CableTag.objects.filter(code="ECON").update(active=False)
    cable = office.draft(tags=["prel"])
    assert cable.tags == ["PREL"]
    with pytest.raises(UnknownTag):
        compose.update_draft(
            office.drafter, cable, DraftContent(tags=["ECON"]), version=cable.version
        )


def test_paragraphs_are_replaced_and_renumbered(cable_office: CableOffice) -> None:
    office = cable_office
    cable = office.draft(markings=[0, 0, 0])
    cable = compose.update_draft(
        office.drafter,
        cable,
        DraftContent(
            classification=Clearance.CONFIDENTIAL,
            paragraphs=[Paragraph("Một"), Paragraph("  "), Paragraph("Hai", 1)],
        ),
        version=cable.version,
    )
    rows = list(cable.paragraphs.values_list("number", "text", "classification"))
    assert rows == [(1, "Một", 0), (2, "Hai", 1)]


def test_addressees_for_action_and_information(cable_office: CableOffice) -> None:
    office = cable_office
    cable = office.draft(
        info_units=[office.department, office.mission], action_people=[office.outsider]
    )
    rows = set(cable.addressees.values_list("role", "unit_id", "person_id"))
    assert rows == {
        (AddresseeRole.ACTION, office.mission.pk, None),
        (AddresseeRole.INFO, office.department.pk, None),
        (AddresseeRole.ACTION, None, office.outsider.pk),
    }


def test_the_drafter_cannot_classify_above_their_clearance(cable_office: CableOffice) -> None:
    office = cable_office
    with pytest.raises(NotAllowed):
        office.draft(markings=[Clearance.TOP_SECRET])


def test_captions_the_drafter_does_not_satisfy_are_refused(cable_office: CableOffice) -> None:
    office = cable_office
    with pytest.raises(NotAllowed):
        office.draft(captions=[Caption.objects.get(code="LEADERS-ONLY")])


def test_references_only_to_what_the_drafter_may_read(cable_office: CableOffice) -> None:
    office = cable_office
    other = compose.create_draft(office.outsider, subject="Khác", precedence=precedence())
    with pytest.raises(UnknownReference):
        office.draft(references=[other])
    own_draft = office.draft()
    with pytest.raises(UnknownReference):
        office.draft(references=[own_draft])  # a draft has no number to cite
    earlier = released_cable(action=[office.department], precedence_code="ROUTINE")
    assert list(office.draft(references=[earlier]).references.all()) == [earlier]
    hidden = DocumentFactory(classification=Clearance.SECRET)
    with pytest.raises(UnknownReference):
        office.draft(document_references=[hidden])
    visible = DocumentFactory()
    cable = office.draft(document_references=[visible])
    assert list(cable.document_references.all()) == [visible]


def test_only_the_drafter_edits_and_only_the_current_version(cable_office: CableOffice) -> None:
    office = cable_office
    cable = office.draft()
    with pytest.raises(NotAllowed):
        compose.update_draft(
            office.outsider, cable, DraftContent(subject="X"), version=cable.version
        )
    with pytest.raises(StaleVersion):
        compose.update_draft(
            office.drafter, cable, DraftContent(subject="X"), version=cable.version - 1
        )


def test_a_cancelled_cable_cannot_change(cable_office: CableOffice) -> None:
    office = cable_office
    cable = office.draft()
    with pytest.raises(NotAllowed):
        compose.cancel(office.outsider, cable, version=cable.version)
    cable = compose.cancel(office.drafter, cable, version=cable.version)
    assert cable.status == CableStatus.CANCELLED
    with pytest.raises(WrongState):
        compose.update_draft(
            office.drafter, cable, DraftContent(subject="X"), version=cable.version
        )


def test_attachments_are_encrypted_at_the_cables_level_and_again_when_it_rises(
    cable_office: CableOffice,
) -> None:
    office = cable_office
    cable = office.draft(markings=[Clearance.CONFIDENTIAL])
    attachment = compose.add_attachment(
        office.drafter, cable, b"ghi chu\n", filename="ghi-chu.txt", version=cable.version
    )
    assert attachment.blob.classification == Clearance.CONFIDENTIAL
    cable.refresh_from_db()
    compose.update_draft(
        office.drafter,
        cable,
        DraftContent(classification=Clearance.SECRET),
        version=cable.version,
    )
    attachment.refresh_from_db()
    assert attachment.blob.classification == Clearance.SECRET
    with blobs.open_blob(attachment.blob.address, actor=office.drafter) as reader:
        assert reader.read() == b"ghi chu\n"
