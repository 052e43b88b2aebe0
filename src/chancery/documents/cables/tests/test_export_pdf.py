"""Export of a cable to PDF: the signed original for an unclassified cable, a copy
watermarked with the reader's name for a classified one; audited; 404 when not readable."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.core.constants import Clearance
from chancery.core.models import AuditEntry, User
from chancery.core.tests.factories import UserFactory
from chancery.documents.cables.tests.factories_archive import CableFactory
from chancery.documents.models import Cable
from chancery.lib.pdfgen import simple_pdf

pytestmark = pytest.mark.django_db


def _text(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "export.pdf"
    source.write_bytes(data)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def _with_pdf(cable: Cable, level: int) -> Cable:
    original = simple_pdf([["SIGNED CABLE ORIGINAL"]])
    owner = blobs.Owner.of(cable) if level else None
    cable.signed_pdf = blobs.store(
        io.BytesIO(original), filename="cable.pdf", actor=None, classification=level, owner=owner
    )
    cable.save(update_fields=["signed_pdf"])
    return cable


def _reader(cable: Cable, **kwargs: object) -> User:
    return UserFactory(unit=cable.assigned_units.get(), full_name="Trần Thị Đọc", **kwargs)


def test_a_classified_cable_is_exported_with_the_readers_name_across_it(
    client: Client, tmp_path: Path
) -> None:
    cable = CableFactory(classification=Clearance.SECRET, addressed=[CableFactory().post])
    _with_pdf(cable, Clearance.SECRET)
    reader = _reader(cable, clearance=Clearance.SECRET)
    client.force_login(reader)
    response = client.get(reverse("cables:export", args=[cable.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert (
        f'filename="{cable.reference.replace(" ", "-").replace("/", "-")}.pdf"'
        in (response["Content-Disposition"])
    )
    text = _text(response.content, tmp_path)
    assert "SIGNED CABLE ORIGINAL" in text
    assert "Trần Thị Đọc" in text
    assert cable.reference in text
    event = cable.events.get(kind="exported")
    assert (event.actor, event.data) == (reader, {"watermarked": True})
    entry = AuditEntry.objects.get(action="cables.export", object_id=str(cable.pk))
    assert entry.classification == Clearance.SECRET


def test_an_unclassified_cable_is_exported_as_signed(client: Client) -> None:
    cable = CableFactory(addressed=[CableFactory().post])
    _with_pdf(cable, Clearance.UNCLASSIFIED)
    client.force_login(_reader(cable))
    response = client.get(reverse("cables:export", args=[cable.pk]))
    assert response.status_code == 200
    with blobs.open_blob(cable.signed_pdf.address, actor=None) as stored:
        assert response.content == stored.read()
    assert cable.events.get(kind="exported").data == {"watermarked": False}


def test_a_reader_below_the_level_gets_404_and_nothing_is_recorded(client: Client) -> None:
    cable = CableFactory(classification=Clearance.SECRET, addressed=[CableFactory().post])
    _with_pdf(cable, Clearance.SECRET)
    client.force_login(_reader(cable, clearance=Clearance.CONFIDENTIAL))
    assert client.get(reverse("cables:export", args=[cable.pk])).status_code == 404
    assert not cable.events.filter(kind="exported").exists()
    assert not AuditEntry.objects.filter(action="cables.export").exists()


def test_a_cable_without_a_signed_pdf_is_rendered_with_its_markings_and_watermarked(
    client: Client, tmp_path: Path
) -> None:
    cable = CableFactory(
        subject="Draft on maritime cooperation",
        classification=Clearance.SECRET,
        paragraphs=[("Paragraph one.", Clearance.SECRET)],
        addressed=[CableFactory().post],
    )
    client.force_login(_reader(cable, clearance=Clearance.SECRET))
    response = client.get(reverse("cables:export", args=[cable.pk]))
    assert response.status_code == 200
    text = _text(response.content, tmp_path)
    assert "Draft on maritime cooperation" in text
    assert "Trần Thị Đọc" in text
    assert "(S)" in text
