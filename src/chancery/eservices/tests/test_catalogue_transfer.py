"""Import and export: a round trip changes nothing, and a bad file writes nothing at all."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

from chancery.core.models import AuditEntry
from chancery.eservices.catalogue import actions
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import Procedure, ProcedureVersion
from chancery.eservices.tests.factories_catalogue import (
    admin,
    consular_department,
    procedure,
    version_data,
)

pytestmark = pytest.mark.django_db


def _catalogue(editor: Any) -> ProcedureVersion:
    version = actions.create_version(
        editor,
        procedure(name_vi="Hợp pháp hóa lãnh sự giấy tờ"),
        version_data(agencies=[consular_department().code], unconfirmed=["fees"]),
    )
    return actions.publish_version(editor, version, dt.date(2025, 7, 1))


def _rows() -> int:
    return Procedure.objects.count() + ProcedureVersion.objects.count()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_imported_again_changes_nothing(fmt: str) -> None:
    editor = admin()
    _catalogue(editor)
    exported = actions.export_catalogue(fmt)
    before = _rows()

    report = actions.import_catalogue(editor, io.BytesIO(exported), fmt)

    assert report.ok, report.errors
    assert report.created_versions == 0
    assert report.unchanged == Procedure.objects.filter(versions__isnull=False).distinct().count()
    assert _rows() == before
    assert actions.export_catalogue(fmt) == exported


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_recreates_the_catalogue_in_an_empty_database(fmt: str) -> None:
    editor = admin()
    original = _catalogue(editor)
    exported = actions.export_catalogue(fmt)
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()

    report = actions.import_catalogue(editor, exported, fmt)

    assert report.ok, report.errors
    copy = ProcedureVersion.objects.get(procedure__code=original.procedure.code)
    assert copy.status == VersionStatus.PUBLISHED
    assert copy.effective_from == dt.date(2025, 7, 1)
    assert copy.channels == original.channels
    assert copy.form_schema == original.form_schema
    assert copy.unconfirmed == ["fees"]
    assert [u.code for u in copy.agencies.all()] == [consular_department().code]
    assert actions.export_catalogue(fmt) == exported


def test_a_changed_record_becomes_a_new_published_version() -> None:
    editor = admin()
    original = _catalogue(editor)
    document = json.loads(actions.export_catalogue("json"))
    record = next(r for r in document["procedures"] if r["code"] == original.procedure.code)
    record["channels"][0]["working_days"] = 5
    record["effective_from"] = "2026-01-01"

    report = actions.import_catalogue(editor, json.dumps(document).encode(), "json")

    assert report.ok, report.errors
    assert (report.created_versions, report.published) == (1, 1)
    original.refresh_from_db()
    assert original.status == VersionStatus.RETIRED
    newest = original.procedure.versions.get(number=2)
    assert newest.channels[0]["working_days"] == 5
    assert AuditEntry.objects.filter(action="eservices.catalogue.imported").exists()


def test_a_malformed_file_is_refused_with_nothing_written() -> None:
    editor = admin()
    before = _rows()

    report = actions.import_catalogue(editor, b'{"format": "chancery-eservices', "json")

    assert not report.ok
    assert "not valid JSON" in report.errors[0].messages[0]
    assert _rows() == before


def test_one_bad_record_refuses_the_whole_file_and_names_its_row() -> None:
    editor = admin()
    _catalogue(editor)
    document = json.loads(actions.export_catalogue("json"))
    good = dict(document["procedures"][0], code="9.100001", slug="new-good-one")
    bad = dict(document["procedures"][0], code="9.100002", slug="new-bad-one")
    bad["channels"] = [{"channel": "fax", "working_days": -1, "fee": 0, "currency": "VND"}]
    bad["agencies"] = ["atlantis"]
    document["procedures"] = [good, bad]
    before = _rows()

    report = actions.import_catalogue(editor, json.dumps(document).encode(), "json")

    assert not report.ok
    assert [(e.row, e.code) for e in report.errors] == [(2, "9.100002")]
    messages = " ".join(report.errors[0].messages)
    assert "Unknown channel fax" in messages
    assert "atlantis" in messages
    assert _rows() == before
    assert not Procedure.objects.filter(code="9.100001").exists()


def test_a_csv_with_missing_columns_is_refused() -> None:
    report = actions.import_catalogue(admin(), b"code,slug\n1.0,x\n", "csv")

    assert not report.ok
    assert "Columns missing" in report.errors[0].messages[0]


def test_a_csv_cell_that_is_not_json_is_named() -> None:
    editor = admin()
    _catalogue(editor)
    text = actions.export_catalogue("csv").decode("utf-8-sig")
    broken = text.replace('[{""channel""', "[{oops", 1)

    report = actions.import_catalogue(editor, broken.encode(), "csv")

    assert not report.ok
    assert any("channels: the cell is not valid JSON" in m for m in report.errors[0].messages)


def test_only_catalogue_editors_import() -> None:
    from chancery.core.constants import Role
    from chancery.eservices.tests.factories import officer

    with pytest.raises(actions.NotCatalogueEditor):
        actions.import_catalogue(
            officer(consular_department(), Role.CONSULAR_OFFICER.value), b"{}", "json"
        )


def test_the_command_exports_and_imports_the_catalogue(tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    editor = admin()
    _catalogue(editor)
    out = tmp_path / "catalogue.csv"

    call_command("eservices-catalogue", "export", "--format", "csv", "--out", str(out))
    said = StringIO()
    call_command("eservices-catalogue", "import", str(out), "--user", editor.username, stdout=said)

    assert "0 new versions" in said.getvalue()
    assert out.read_bytes() == actions.export_catalogue("csv")
