"""Import and export of the whole catalogue as JSON or CSV (``actions`` re-exports both).

One record per procedure: the procedure's own attributes, its field, and one version (the
published one, else the latest draft) with ``status`` and ``number``. JSON holds a list of
records under ``procedures``; CSV holds a row per record with the structured parts as JSON in
their cells. An export imported again changes nothing; an import is all-or-nothing: one bad
record and nothing is written, with every problem reported by record number.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core.service import Unit, User, record_audit
from chancery.eservices.catalogue import actions
from chancery.eservices.catalogue.schema import (
    JSON_PARTS,
    VERSION_KEYS,
    parse_date,
    validate_version_data,
)
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import Procedure, ProcedureField

FORMAT = "chancery-eservices-catalogue"
FORMAT_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROCEDURE_KEYS = ("code", "slug", "name_vi", "name_en", "name_fr", "public_register", "short_code")
FIELD_KEYS = ("code", "name_vi", "name_en", "name_fr")
CSV_COLUMNS = (
    *PROCEDURE_KEYS,
    "field_code",
    "field_name_vi",
    "field_name_en",
    "field_name_fr",
    "status",
    "number",
    *VERSION_KEYS,
)


@dataclass
class RowError:
    row: int
    code: str
    messages: list[str]


@dataclass
class ImportReport:
    """What an import did, or (``errors`` not empty) why it wrote nothing."""

    created_procedures: int = 0
    created_versions: int = 0
    published: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "created_procedures": self.created_procedures,
            "created_versions": self.created_versions,
            "published": self.published,
            "unchanged": self.unchanged,
            "errors": [{"row": e.row, "code": e.code, "messages": e.messages} for e in self.errors],
        }


# Export ---------------------------------------------------------------------------------------


def _records() -> list[dict[str, Any]]:
    records = []
    procedures = Procedure.objects.select_related("field").prefetch_related("versions__agencies")
    for procedure in procedures.order_by("code"):
        versions = sorted(procedure.versions.all(), key=lambda v: -v.number)
        chosen = next((v for v in versions if v.status == VersionStatus.PUBLISHED), None)
        chosen = chosen or next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        if chosen is None:
            continue
        records.append(
            {
                **{key: getattr(procedure, key) for key in PROCEDURE_KEYS},
                "field": {key: getattr(procedure.field, key) for key in FIELD_KEYS},
                "status": chosen.status,
                "number": chosen.number,
                **actions.version_data(chosen),
            }
        )
    return records


def export_catalogue(fmt: str) -> bytes:
    """The whole catalogue as ``fmt`` ("json" or "csv"): anyone who may read the staff
    catalogue may export it (drafts included). Refuses other formats (ValueError)."""
    records = _records()
    if fmt == "json":
        document = {"format": FORMAT, "format_version": FORMAT_VERSION, "procedures": records}
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()
    if fmt != "csv":
        raise ValueError(fmt)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        row = {key: record.get(key) for key in CSV_COLUMNS}
        for key in FIELD_KEYS:
            row[f"field_{key}"] = record["field"][key]
        for key in JSON_PARTS:
            row[key] = json.dumps(record[key], ensure_ascii=False, sort_keys=True)
        row["agencies"] = " ".join(record["agencies"])
        row["public_register"] = "yes" if record["public_register"] else "no"
        row["effective_from"] = record["effective_from"] or ""
        row["effective_to"] = record["effective_to"] or ""
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode()  # a BOM: spreadsheets then read UTF-8


# Import ---------------------------------------------------------------------------------------


class MalformedFile(Exception):
    """The file cannot be read at all (not JSON, not CSV, wrong format marker)."""


def _read(stream: IO[bytes] | IO[str] | bytes, fmt: str) -> list[dict[str, Any]]:
    raw = stream if isinstance(stream, bytes) else stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise MalformedFile(_("The file is larger than 5 MB."))
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise MalformedFile(_("The file is not UTF-8 text.")) from exc
    if fmt == "json":
        return _read_json(text)
    if fmt == "csv":
        return _read_csv(text)
    raise MalformedFile(_("Choose JSON or CSV."))


def _read_json(text: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedFile(
            _("The file is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": exc.lineno, "column": exc.colno}
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise MalformedFile(_("This is not a catalogue exported by Chancery."))
    records = document.get("procedures")
    if not isinstance(records, list):
        raise MalformedFile(_("The file has no list of procedures."))
    return [r if isinstance(r, dict) else {"_invalid": True} for r in records]


def _read_csv(text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = sorted(set(CSV_COLUMNS) - set(reader.fieldnames or ()))
    if missing:
        raise MalformedFile(_("Columns missing: %(names)s.") % {"names": ", ".join(missing)})
    records = []
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise MalformedFile(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    for row in rows:
        record: dict[str, Any] = {key: row.get(key) or "" for key in CSV_COLUMNS}
        record["field"] = {key: row.get(f"field_{key}") or "" for key in FIELD_KEYS}
        record["public_register"] = (row.get("public_register") or "").lower() in ("yes", "true")
        record["agencies"] = (row.get("agencies") or "").split()
        record["effective_from"] = row.get("effective_from") or None
        record["effective_to"] = row.get("effective_to") or None
        for key in JSON_PARTS:
            try:
                record[key] = json.loads(row.get(key) or "null")
            except json.JSONDecodeError:
                record.setdefault("_bad_cells", []).append(key)
        records.append(record)
    return records


def _problems(record: dict[str, Any], slugs: dict[str, str], units: set[str]) -> list[str]:
    if record.get("_invalid"):
        return [_("Each procedure must be an object.")]
    problems = [
        _("%(column)s: the cell is not valid JSON.") % {"column": key}
        for key in record.get("_bad_cells", [])
    ]
    code, slug = record.get("code"), record.get("slug")
    if not isinstance(code, str) or not code.strip() or len(code) > 32:
        problems.append(_("code: give the national catalogue code (at most 32 characters)."))
    if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > 120:
        problems.append(_("slug: lowercase letters, digits and hyphens."))
    elif slugs.get(slug, code) != code:
        problems.append(_("slug: another procedure already uses %(slug)s.") % {"slug": slug})
    for key, limit in (("name_vi", 500), ("short_code", 12)):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            problems.append(
                _("%(key)s: required, at most %(limit)s characters.") % {"key": key, "limit": limit}
            )
    field = record.get("field")
    if not isinstance(field, dict) or not field.get("code") or not field.get("name_vi"):
        problems.append(_("field: give the field's code and Vietnamese name."))
    status = record.get("status")
    if status not in (VersionStatus.PUBLISHED, VersionStatus.DRAFT):
        problems.append(_("status: published or draft."))
    if problems:
        return [str(p) for p in problems]
    data = actions.nfc({key: record.get(key) for key in VERSION_KEYS})
    for key, messages in validate_version_data(data).items():
        problems += [f"{key}: {message}" for message in messages]
    if status == VersionStatus.PUBLISHED and not data.get("effective_from"):
        problems.append(_("effective_from: a published version needs its start date."))
    unknown = sorted(set(data.get("agencies") or []) - units)
    if unknown:
        problems.append(_("agencies: unknown units %(codes)s.") % {"codes": ", ".join(unknown)})
    return [str(p) for p in problems]


def import_catalogue(
    actor: User | None, stream: IO[bytes] | IO[str] | bytes, fmt: str
) -> ImportReport:
    """Read a catalogue file and apply it: new fields and procedures are created, and each
    record whose version differs from the procedure's current one becomes a new version
    (published from its ``effective_from`` when its status says so). Catalogue editors only
    (``NotCatalogueEditor``). All-or-nothing: an unreadable file or any bad record writes
    nothing and the report lists every problem by record (1 = the first record)."""
    actions.require_editor(actor)
    report = ImportReport()
    try:
        records = _read(stream, fmt)
    except MalformedFile as exc:
        report.errors.append(RowError(0, "", [str(exc)]))
        return report
    slugs = dict(Procedure.objects.values_list("slug", "code"))
    units = set(Unit.objects.values_list("code", flat=True))
    for index, record in enumerate(records, start=1):
        problems = _problems(record, slugs, units)
        if problems:
            report.errors.append(RowError(index, str(record.get("code") or ""), problems))
        elif isinstance(record.get("slug"), str):
            slugs[record["slug"]] = record["code"]
    if report.errors:
        return report
    try:
        with transaction.atomic():
            for index, record in enumerate(records, start=1):
                _apply(actor, index, record, report)
            record_audit(actor, "eservices.catalogue.imported", data=report.as_dict())
    except _Refused as refused:
        return ImportReport(errors=[refused.error])
    return report


class _Refused(Exception):
    def __init__(self, error: RowError) -> None:
        self.error = error
        super().__init__(error.messages)


def _apply(actor: User | None, index: int, record: dict[str, Any], report: ImportReport) -> None:
    field, _created = ProcedureField.objects.update_or_create(
        code=record["field"]["code"],
        defaults={key: record["field"].get(key) or "" for key in FIELD_KEYS[1:]},
    )
    attributes = {key: record[key] for key in PROCEDURE_KEYS[1:]}
    procedure = Procedure.objects.filter(code=record["code"]).first()
    if procedure is None:
        procedure = Procedure.objects.create(code=record["code"], field=field, **attributes)
        report.created_procedures += 1
    else:
        changed = [k for k, v in attributes.items() if getattr(procedure, k) != v]
        if procedure.field_id != field.pk:
            procedure.field = field
            changed.append("field")
        for key in changed:
            if key != "field":
                setattr(procedure, key, attributes[key])
        if changed:
            procedure.save(update_fields=changed)
    data = actions.nfc({key: record.get(key) for key in VERSION_KEYS})
    status = record["status"]
    same = procedure.versions.filter(status=status).order_by("-number").first()
    if same is not None and actions.version_data(same) == data:
        report.unchanged += 1
        return
    try:
        version = actions._create_version(actor, procedure, data)
        report.created_versions += 1
        if status == VersionStatus.PUBLISHED:
            start = parse_date(data["effective_from"])
            assert start is not None  # checked in _problems
            actions._publish(actor, version, start)
            report.published += 1
    except actions.CatalogueError as exc:
        messages = [f"{k}: {m}" for k, ms in getattr(exc, "errors", {}).items() for m in ms]
        raise _Refused(RowError(index, record["code"], messages or [str(exc.message)])) from exc
