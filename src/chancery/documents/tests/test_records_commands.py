"""The records jobs and commands: daily proposal, review reminder, ``chancery archive`` and
``chancery edxml``."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from chancery.core.models import Notification
from chancery.core.service import Clearance, Role
from chancery.documents.archive.file_plan import DEFAULT_FILE_PLAN, seed_file_plan
from chancery.documents.archive.package import build_package
from chancery.documents.constants import Direction, RecordStatus, Status
from chancery.documents.edxml.envelope import build_envelope, parse_envelope
from chancery.documents.models import Disposition, Document, FilePlanCategory
from chancery.documents.tasks.records import (
    propose_due_dispositions_now,
    remind_declassification_review_now,
)
from chancery.documents.tests.factories_records import (
    add_file,
    archivist,
    category,
    completed_document,
    due_record,
    person,
)
from chancery.documents.tests.test_edxml_exchange import envelope

pytestmark = pytest.mark.django_db


def test_the_daily_job_proposes_due_records_once_and_tells_archivists() -> None:
    keeper = archivist()
    destroy = due_record()
    transfer = due_record(file_plan=category("P.9", None))
    held = due_record()
    Document.objects.filter(pk=held.pk).update(legal_hold=True)

    assert propose_due_dispositions_now() == 2
    assert propose_due_dispositions_now() == 0

    batches = {d.action: list(d.documents.all()) for d in Disposition.objects.all()}
    assert batches == {"destroy": [destroy], "transfer": [transfer]}
    assert all(d.proposed_by is None for d in Disposition.objects.all())
    held.refresh_from_db()
    assert held.record_status == RecordStatus.RECORD
    assert Notification.objects.filter(recipient=keeper).count() == 1


def test_the_review_reminder_counts_only_what_each_archivist_sees() -> None:
    seeing, blind = archivist(), archivist()
    document = completed_document(
        classification=Clearance.SECRET,
        protection_ends=timezone.localdate() - dt.timedelta(days=1),
    )
    document.distribution.set([seeing])
    assert remind_declassification_review_now() == 1
    assert Notification.objects.filter(recipient=seeing).exists()
    assert not Notification.objects.filter(recipient=blind).exists()


def test_the_file_plan_seed_is_idempotent_and_keeps_local_edits() -> None:
    assert seed_file_plan() == len(DEFAULT_FILE_PLAN)
    FilePlanCategory.objects.filter(code="04.02").update(retention_years=3)
    assert seed_file_plan() == 0
    assert FilePlanCategory.objects.get(code="04.02").retention_years == 3
    assert FilePlanCategory.objects.get(code="01.01").is_permanent
    assert FilePlanCategory.objects.get(code="01.01").parent.code == "01"  # type: ignore[union-attr]


def test_archive_verify_accepts_a_sound_package_and_refuses_a_tampered_one(tmp_path: Path) -> None:
    record = due_record()
    add_file(record, b"Original text\n", filename="note.txt", content_type="text/plain")
    sound = tmp_path / "sound.zip"
    sound.write_bytes(build_package(archivist(), [record]))
    out = io.StringIO()
    call_command("archive", "verify", str(sound), stdout=out)
    assert "OK: 1 documents, 1 files" in out.getvalue()

    with zipfile.ZipFile(sound) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in members if n.endswith("note.txt"))
    members[name] = b"Original text!\n"
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    with pytest.raises(CommandError, match="REFUSED"):
        call_command("archive", "verify", str(tampered))
    with pytest.raises(CommandError, match="REFUSED"):
        call_command("archive", "import", str(tampered), "--into", str(tmp_path / "in"))
    assert not (tmp_path / "in").exists()


def test_edxml_commands_import_and_export(tmp_path: Path) -> None:
    clerk = person(Role.CLERK)
    received = tmp_path / "in.edxml"
    received.write_bytes(build_envelope(envelope()))
    call_command("edxml", "import", str(received), "--user", clerk.username, stdout=io.StringIO())
    assert Document.objects.filter(
        direction=Direction.INCOMING, sender_code="000.00.00.H26"
    ).exists()
    assert (tmp_path / "in.status.edxml").exists()

    issued = completed_document(
        direction=Direction.OUTGOING,
        status=Status.ISSUED,
        unit=clerk.unit,
        number_symbol="9/BNG-LS",
    )
    add_file(issued, role="issued")
    out = tmp_path / "out.edxml"
    call_command(
        "edxml",
        "export",
        str(issued.pk),
        "--user",
        clerk.username,
        "--to",
        "000.00.00.H26",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    assert parse_envelope(out.read_bytes()).code_notation == "BNG-LS"

    bad = tmp_path / "bad.edxml"
    bad.write_bytes(b"<edXML><oops></edXML>")
    with pytest.raises(CommandError, match="well-formed"):
        call_command("edxml", "import", str(bad), "--user", clerk.username)
