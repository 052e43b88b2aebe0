"""Release: only the approver releases; the portion-marking rule holds at release; numbers per
post and year, gapless, from 1 each year; a wrong PIN consumes no number and still counts; the
signed PDF validates and carries the markings; addressees read the released cable."""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from chancery.blobs import service as blobs
from chancery.core.service import Clearance
from chancery.documents.cables.actions import release
from chancery.documents.cables.actions.release import ReleaseFailed, cable_reference
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.exceptions import MarkingTooLow, NotAllowed, WrongState
from chancery.documents.cables.markings import banner
from chancery.documents.cables.tests.factories import PIN, CableOffice
from chancery.documents.models import Cable, CableDelivery, CableParagraph, CableSeries
from chancery.signing import service as signing

pytestmark = pytest.mark.django_db


def audit_actions(action: str) -> list[Any]:
    from chancery.core.models import AuditEntry

    return list(AuditEntry.objects.filter(action=action))


def signed_bytes(cable: Cable) -> bytes:
    assert cable.signed_pdf is not None
    with blobs.open_blob(cable.signed_pdf.address, actor=None) as reader:
        return reader.read()


def pdf_text(data: bytes, tmp_path: Any) -> str:
    path = tmp_path / "cable.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_approver_releases_numbered_signed_and_delivered(
    signing_cable_office: CableOffice, tmp_path: Any
) -> None:
    office = signing_cable_office
    cable = office.released(office.draft(markings=[Clearance.UNCLASSIFIED, Clearance.SECRET]))
    assert cable.status == CableStatus.RELEASED
    year = cable.released_at.year  # type: ignore[union-attr]
    assert cable.reference == f"BNG {year}-000001"
    assert (cable.number, cable.released_by) == (1, office.approver)
    data = signed_bytes(cable)
    report = signing.validate(data)
    assert report.verdict == "valid"
    assert len(report.signatures) == 1
    text = pdf_text(data, tmp_path)
    level = banner(Clearance.SECRET, settings.LANGUAGE_CODE)
    assert text.count(level) >= 2  # top and bottom of the page
    assert "1. (U) Đoạn 1" in text
    assert "2. (S) Đoạn 2" in text
    assert cable.reference in text
    assert Cable.objects.visible_to(office.mission_officer).filter(pk=cable.pk).exists()
    assert not Cable.objects.visible_to(office.outsider).filter(pk=cable.pk).exists()
    assert CableDelivery.objects.filter(cable=cable, unit=office.mission).exists()
    entry = audit_actions("cables.released")[0]
    assert entry.data["reference"] == cable.reference


def test_the_reference_format_is_post_year_and_six_digits(cable_office: CableOffice) -> None:
    assert cable_reference(cable_office.mission, 2026, 123) == "WASHINGTON 2026-000123"


def test_only_the_approver_releases(signing_cable_office: CableOffice) -> None:
    office = signing_cable_office
    cable = office.cleared()
    with pytest.raises(NotAllowed):
        release.release(office.clearer, cable, certificate=office.certificates["approver"], pin=PIN)
    draft = office.draft()
    with pytest.raises(NotAllowed):
        release.release(
            office.approver, draft, certificate=office.certificates["approver"], pin=PIN
        )
    released = office.released(office.draft())
    with pytest.raises(WrongState):
        release.release(
            office.approver, released, certificate=office.certificates["approver"], pin=PIN
        )
    assert CableSeries.objects.get().last_number == 1


def test_a_secret_paragraph_cannot_be_released_as_confidential(
    signing_cable_office: CableOffice,
) -> None:
    office = signing_cable_office
    cable = office.cleared(office.draft(markings=[Clearance.CONFIDENTIAL]))
    # A marking raised behind the actions' back is still caught at release.
    CableParagraph.objects.filter(cable=cable).update(classification=Clearance.SECRET)
    with pytest.raises(MarkingTooLow):
        release.release(
            office.approver, cable, certificate=office.certificates["approver"], pin=PIN
        )
    cable.refresh_from_db()
    assert cable.status == CableStatus.AWAITING_RELEASE
    assert not CableSeries.objects.filter(last_number__gt=0).exists()


def test_numbers_run_per_post_and_restart_each_year(signing_cable_office: CableOffice) -> None:
    office = signing_cable_office
    with time_machine.travel(dt.datetime(2026, 12, 31, 9, 0, tzinfo=dt.UTC), tick=True):
        first = office.released(office.draft())
        second = office.released(office.draft())
    with time_machine.travel(dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC), tick=True):
        third = office.released(office.draft())
    assert [c.reference for c in (first, second, third)] == [
        "BNG 2026-000001",
        "BNG 2026-000002",
        "BNG 2027-000001",
    ]


def test_a_mission_numbers_its_own_series(signing_cable_office: CableOffice) -> None:
    office = signing_cable_office
    from chancery.documents.cables.actions import clearing, compose
    from chancery.documents.cables.actions.content import DraftContent, Paragraph
    from chancery.documents.cables.tests.factories import precedence

    office.released(office.draft())
    cable = compose.create_draft(
        office.mission_officer,
        subject="Báo cáo",
        precedence=precedence(),
        content=DraftContent(paragraphs=[Paragraph("Nội dung")], action_units=[office.department]),
    )
    cable = clearing.submit_for_clearance(
        office.mission_officer, cable, clearers=[], approver=office.approver, version=cable.version
    )
    # The approver must read it: the mission's draft is on their distribution.
    released = release.release(
        office.approver, cable, certificate=office.certificates["approver"], pin=PIN
    )
    assert released.reference.startswith("WASHINGTON ")
    assert released.number == 1


def _jobs() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_wrong_pin_consumes_no_number_and_still_counts(
    signing_cable_office: CableOffice,
) -> None:
    office = signing_cable_office
    cable = office.cleared()
    with pytest.raises(ReleaseFailed):
        release.release(
            office.approver, cable, certificate=office.certificates["approver"], pin="000000"
        )
    cable.refresh_from_db()
    assert cable.status == CableStatus.AWAITING_RELEASE
    assert cable.number is None
    assert cable.reference == ""
    certificate = signing.Certificate.objects.get(pk=office.certificates["approver"].pk)
    assert certificate.pin_failures == 1
    assert not signing.SignedDocument.objects.exists()
    assert not CableDelivery.objects.exists()
    released = release.release(
        office.approver, cable, certificate=office.certificates["approver"], pin=PIN
    )
    assert released.number == 1
