"""What ``eservices/forms/_render.html`` prints: a form schema turned into plain rows.

The template stays free of logic: labels are picked in the active language here, each field
gets its ids (``field-<name>`` for the input the error summary links to, ``group-<name>`` for
its wrapper), its ``aria-describedby``, the fields it controls and its "Only if …" hint.
Conditional fields are all rendered (a browser without JavaScript shows them with the hint;
``forms.js`` hides them live; the server drops hidden answers anyway).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from chancery.eservices.forms.engine import condition_hint
from chancery.eservices.forms.schema import (
    ACCEPT,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_LENGTH,
    iter_fields,
    translated,
)

INPUT_TYPES = {"text": "text", "email": "email", "tel": "tel", "date": "date", "number": "text"}
AUTOCOMPLETE = {"email": "email", "tel": "tel"}


def _accept(kinds: Sequence[str]) -> str:
    return ",".join([f".{k}" for k in kinds] + [ct for k in kinds for ct in ACCEPT.get(k, ())])


def _field_row(
    schema: Mapping[str, Any],
    field: Mapping[str, Any],
    answers: Mapping[str, Any],
    errors: Mapping[str, Sequence[str]],
    files: Mapping[str, Sequence[Any]],
    controls: Mapping[str, list[str]],
) -> dict[str, Any]:
    name, kind = field["name"], field["type"]
    value = answers.get(name)
    described = []
    help_text = translated(field.get("help"))
    hint = condition_hint(schema, field)
    problems = list(errors.get(name, ()))
    if help_text:
        described.append(f"help-{name}")
    if hint:
        described.append(f"only-if-{name}")
    if problems:
        described.append(f"error-{name}")
    selected = value if isinstance(value, list) else [value]
    options = [
        {
            "value": option["value"],
            "label": translated(option.get("label")),
            "id": f"field-{name}" if n == 0 else f"field-{name}-{n}",
            "checked": option["value"] in selected,
        }
        for n, option in enumerate(field.get("options") or [])
    ]
    row: dict[str, Any] = {
        "name": name,
        "type": kind,
        "input_type": INPUT_TYPES.get(kind, "text"),
        "inputmode": "decimal" if kind == "number" else "",
        "autocomplete": AUTOCOMPLETE.get(kind, ""),
        "id": f"field-{name}",
        "label": translated(field.get("label")),
        "help": help_text,
        "hint": hint,
        "required": bool(field.get("required")),
        "value": "" if value is None or isinstance(value, bool | list) else str(value),
        "checked": value is True,
        "options": options,
        "errors": problems,
        "describedby": " ".join(described),
        "maxlength": field.get("max_length", DEFAULT_MAX_LENGTH.get(kind, "")),
        "controls": " ".join(f"group-{c}" for c in controls.get(name, [])),
        "show_if": json.dumps(field["show_if"]) if field.get("show_if") else "",
        "group": kind in ("radio", "checkboxes"),
    }
    if kind == "date":
        row["maxlength"] = ""
    if kind == "file":
        kinds = list(field.get("accept") or ACCEPT)
        row.update(
            component=field["component"],
            accept=_accept(kinds),
            accept_names=", ".join(k.upper() for k in kinds),
            max_files=int(field.get("max_files", DEFAULT_MAX_FILES)),
            files=list(files.get(field["component"], ())),
        )
    return row


def form_view(
    schema: Mapping[str, Any] | None,
    answers: Mapping[str, Any] | None = None,
    errors: Mapping[str, Sequence[str]] | None = None,
    files: Mapping[str, Sequence[Any]] | None = None,
) -> dict[str, Any]:
    """The rows of ``_render.html`` for ``schema`` in the active language: sections with their
    fields, and the error summary (label, message, anchor) in the order of the form."""
    schema = schema if isinstance(schema, Mapping) else {}
    answers, errors, files = answers or {}, errors or {}, files or {}
    controls: dict[str, list[str]] = {}
    for field in iter_fields(schema):
        if field.get("show_if"):
            controls.setdefault(field["show_if"].get("field"), []).append(field["name"])
    sections = []
    summary = []
    known: set[str] = set()
    for section in schema.get("sections") or []:
        rows = [
            _field_row(schema, field, answers, errors, files, controls)
            for field in section.get("fields") or []
        ]
        for row in rows:
            known.add(row["name"])
            summary += [(row["id"], message) for message in row["errors"]]
        sections.append(
            {"id": section.get("id", ""), "title": translated(section.get("title")), "fields": rows}
        )
    # Errors that belong to no field of the form (``__all__``) still reach the summary.
    for name, messages in errors.items():
        if name not in known:
            summary += [("", message) for message in messages]
    return {"sections": sections, "error_summary": summary}
