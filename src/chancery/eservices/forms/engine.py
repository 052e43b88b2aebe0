"""The form of a procedure version, as data: checking a schema, cleaning answers, file slots.

A form is a JSON object kept in ``ProcedureVersion.form_schema``::

    {"sections": [
        {"id": "request",
         "title": {"vi": "Yêu cầu", "en": "Request", "fr": "Demande"},
         "fields": [
            {"name": "purpose", "type": "select", "label": {"vi": "Mục đích", "en": "Purpose"},
             "required": true,
             "options": [{"value": "work", "label": {"vi": "Làm việc", "en": "Work"}},
                         {"value": "other", "label": {"vi": "Khác", "en": "Other"}}]},
            {"name": "other_purpose", "type": "text", "label": {"vi": "Mục đích khác"},
             "required": true, "show_if": {"field": "purpose", "equals": "other"}},
            {"name": "document", "type": "file", "component": "document",
             "label": {"vi": "Giấy tờ"}, "required": true, "max_files": 3,
             "accept": ["pdf", "jpeg"]}]}]}

Field keys:

- ``name`` (required, unique in the form, ``[a-z][a-z0-9_]*``): the key of the answer.
- ``type`` (required): ``text``, ``textarea``, ``email``, ``tel``, ``date``, ``number``,
  ``select``, ``radio``, ``checkbox`` (one yes/no box), ``checkboxes`` (several options),
  ``file`` (a slot for the files of one dossier component; not an answer).
- ``label`` (required): ``{"vi": …, "en": …, "fr": …}``; Vietnamese is required, French falls
  back to English then Vietnamese, English to Vietnamese. ``help``: the same shape, optional.
- ``required``: bool (a required ``checkbox`` must be ticked; ``checkboxes`` need one option).
- ``options`` (select, radio, checkboxes): ``[{"value": "work", "label": {…}}]``.
- ``show_if``: ``{"field": <an earlier field>, "equals": v}`` or ``{"field", "in": [v, …]}``
  or ``{"field", "not_empty": true}``. A field is shown only when its controlling field is
  shown and the condition holds, so conditions chain. Hidden fields are neither required nor
  kept: ``clean`` drops their answers.
- ``max_length``, ``min_length`` (text, textarea, email, tel): defaults 2,000 characters for
  text-like fields and 10,000 for ``textarea``; ``pattern`` (a regular expression the whole
  answer must match) with ``pattern_message`` (``{"vi", "en", "fr"}``).
- ``min``, ``max``: numbers for ``number``; ISO dates or ``"today"`` for ``date``.
- ``max_files`` (file, default 5), ``accept`` (file: a list of ``pdf``, ``jpeg``, ``png``,
  ``docx``, ``odt``; default all of them), ``component`` (file, required: the code of the
  version's dossier component whose files the slot holds).

``validate_schema`` (in ``forms.schema``, importable from here) checks a schema before it is
saved. Answers are stored as JSON: text as ``str`` (NFC, control characters removed), dates
as ISO strings, numbers as ``int`` or ``float``, a checkbox as ``bool``, checkboxes as a list
of option values. Nothing in a schema or an answer is ever evaluated: patterns are matched as
regular expressions, conditions compared as values.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import formats
from django.utils.translation import gettext, ngettext

from chancery.eservices.forms.schema import (
    ACCEPT,
    CHOICE_TYPES,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_LENGTH,
    FIELD_TYPES,
    iter_fields,
    parse_limit_date,
    translated,
    validate_schema,
)

__all__ = [
    "ACCEPT",
    "FIELD_TYPES",
    "FileSlot",
    "clean",
    "condition_hint",
    "file_slots",
    "iter_fields",
    "missing_files",
    "sanitise_text",
    "summary",
    "translated",
    "validate_schema",
    "visible_names",
]

# Beyond this an answer is a mistake or an attack (and would lose precision in JavaScript).
MAX_NUMBER = 10**15
TEL_RE = re.compile(r"\+?[0-9][0-9 ().\-]{4,30}\Z")
# Cc characters except tab and line breaks (kept in textareas), plus Cf format characters such
# as bidi overrides that disguise text; zero-width joiners are kept for scripts that need them.
_KEEP = {"\t", "\n"}
_ALLOWED_FORMAT = {"\u200c", "\u200d"}


# Conditions -----------------------------------------------------------------------------------


def _holds(condition: Mapping[str, Any], value: Any) -> bool:
    if "not_empty" in condition:
        filled = value not in (None, "", [], False)
        return filled if condition["not_empty"] else not filled
    wanted = [condition["equals"]] if "equals" in condition else list(condition.get("in") or [])
    if isinstance(value, list):
        return any(item in wanted for item in value)
    return value in wanted


def visible_names(schema: Mapping[str, Any], answers: Mapping[str, Any]) -> set[str]:
    """Names of the fields shown for ``answers`` (cleaned answers; conditions chain)."""
    shown: set[str] = set()
    for field in iter_fields(schema):
        condition = field.get("show_if")
        if condition:
            target = condition.get("field")
            if target not in shown or not _holds(condition, answers.get(target)):
                continue
        shown.add(field["name"])
    return shown


def condition_hint(schema: Mapping[str, Any], field: Mapping[str, Any]) -> str:
    """ "Only if …" for a conditional field, in the active language (empty otherwise)."""
    condition = field.get("show_if")
    if not condition:
        return ""
    target = next((f for f in iter_fields(schema) if f["name"] == condition.get("field")), None)
    if target is None:
        return ""
    label = translated(target.get("label"))
    if "not_empty" in condition:
        if condition["not_empty"]:
            return gettext("Only if you answered “%(field)s”.") % {"field": label}
        return gettext("Only if you left “%(field)s” empty.") % {"field": label}
    values = [condition["equals"]] if "equals" in condition else list(condition["in"])
    shown = [_display(target, value) for value in values]
    return gettext("Only if “%(field)s” is %(values)s.") % {
        "field": label,
        "values": gettext(" or ").join(f"“{v}”" for v in shown),
    }


# Cleaning -------------------------------------------------------------------------------------


def sanitise_text(value: str, *, multiline: bool = False) -> str:
    """``value`` in NFC without control or invisible format characters, trimmed. Line
    breaks are kept (as ``\\n``) only when ``multiline``."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if char in _KEEP:
            kept.append(char if multiline or char == "\t" else " ")
        elif category in ("Cc", "Cs", "Co", "Cn") or (
            category == "Cf" and char not in _ALLOWED_FORMAT
        ):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def _raw(data: Mapping[str, Any], name: str, many: bool) -> Any:
    """The submitted value: a list for ``many`` fields (from a QueryDict or JSON)."""
    getlist = getattr(data, "getlist", None)
    if many and getlist is not None:
        return getlist(name)
    return data.get(name)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _clean_text(field: Mapping[str, Any], value: Any) -> tuple[Any, list[str]]:
    kind = field["type"]
    if not isinstance(value, str):
        return None, [gettext("Enter text.")]
    text = sanitise_text(value, multiline=kind == "textarea")
    if not text:
        return None, []
    limit = field.get("max_length", DEFAULT_MAX_LENGTH[kind])
    if len(text) > limit:
        return None, [
            ngettext(
                "Use at most %(max)d character (you used %(count)d).",
                "Use at most %(max)d characters (you used %(count)d).",
                limit,
            )
            % {"max": limit, "count": len(text)}
        ]
    if len(text) < field.get("min_length", 0):
        minimum = field["min_length"]
        return None, [
            ngettext("Use at least %(min)d character.", "Use at least %(min)d characters.", minimum)
            % {"min": minimum}
        ]
    if kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            return None, [gettext("Enter an e-mail address like name@example.com.")]
    if kind == "tel" and not TEL_RE.match(text):
        return None, [gettext("Enter a telephone number, like +84 24 3799 3000.")]
    if "pattern" in field and not re.fullmatch(field["pattern"], text):
        message = translated(field.get("pattern_message")) or gettext(
            "The answer is not in the expected format."
        )
        return None, [message]
    return text, []


def _clean_date(field: Mapping[str, Any], value: Any) -> tuple[Any, list[str]]:
    if not isinstance(value, str):
        return None, [gettext("Enter a date like 2025-09-02.")]
    text = value.strip()
    if not text:
        return None, []
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None, [gettext("Enter a real date like 2025-09-02.")]
    low, high = parse_limit_date(field.get("min")), parse_limit_date(field.get("max"))
    if low and day < low:
        return None, [gettext("Enter a date on or after %(date)s.") % {"date": _date(low)}]
    if high and day > high:
        return None, [gettext("Enter a date on or before %(date)s.") % {"date": _date(high)}]
    return day.isoformat(), []


def _clean_number(field: Mapping[str, Any], value: Any) -> tuple[Any, list[str]]:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None, [gettext("Enter a number.")]
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if not value:
            return None, []
        if len(value) > 40:
            return None, [gettext("Enter a number.")]
        try:
            parsed = Decimal(value.replace(",", "."))
        except InvalidOperation:
            return None, [gettext("Enter a number.")]
        if not parsed.is_finite():
            return None, [gettext("Enter a number.")]
        value = int(parsed) if parsed == parsed.to_integral_value() else float(parsed)
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_NUMBER:
        return None, [gettext("Enter a number.")]
    if "min" in field and value < field["min"]:
        return None, [gettext("Enter %(min)s or more.") % {"min": field["min"]}]
    if "max" in field and value > field["max"]:
        return None, [gettext("Enter %(max)s or less.") % {"max": field["max"]}]
    return value, []


def _clean_choice(field: Mapping[str, Any], value: Any) -> tuple[Any, list[str]]:
    allowed = {option["value"] for option in field["options"]}
    if field["type"] == "checkboxes":
        if value is None or value == "":
            return None, []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, [gettext("Choose from the list.")]
        if not set(value) <= allowed:
            return None, [gettext("Choose only options from the list.")]
        ordered = [option["value"] for option in field["options"] if option["value"] in value]
        return ordered or None, []
    if value is None or value == "":
        return None, []
    if not isinstance(value, str) or value not in allowed:
        return None, [gettext("Choose an option from the list.")]
    return value, []


def _clean_checkbox(field: Mapping[str, Any], value: Any) -> tuple[Any, list[str]]:
    if isinstance(value, bool):
        return value, []
    if value is None or value == "":
        return False, []
    if isinstance(value, str) and value.lower() in ("on", "true", "1", "yes"):
        return True, []
    if isinstance(value, str) and value.lower() in ("off", "false", "0", "no"):
        return False, []
    return None, [gettext("Tick the box or leave it empty.")]


_CLEANERS = {
    "date": _clean_date,
    "number": _clean_number,
    "select": _clean_choice,
    "radio": _clean_choice,
    "checkboxes": _clean_choice,
    "checkbox": _clean_checkbox,
}


def _required_message(field: Mapping[str, Any]) -> str:
    kind = field["type"]
    label = translated(field.get("label"))
    if kind == "checkbox":
        return gettext("Tick “%(field)s” to continue.") % {"field": label}
    if kind in CHOICE_TYPES:
        return gettext("Choose an answer to “%(field)s”.") % {"field": label}
    return gettext("Answer “%(field)s”.") % {"field": label}


def clean(
    schema: Mapping[str, Any], data: Mapping[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The cleaned answers of the fields shown for ``data``, and the errors per field name.

    ``data`` is a POST ``QueryDict`` or a JSON object. Hidden fields (their ``show_if`` not
    met, given the cleaned answers before them) and unknown keys are dropped; file fields are
    not answers (see ``file_slots``). ``partial=True`` (saving a draft) does not require
    anything but still refuses malformed values, which are then left out of the answers.
    Messages are in the active language. Never raises on hostile input.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    shown: set[str] = set()
    for field in iter_fields(schema):
        name, kind = field["name"], field["type"]
        condition = field.get("show_if")
        if condition and (
            condition.get("field") not in shown
            or not _holds(condition, cleaned.get(condition.get("field")))
        ):
            continue
        shown.add(name)
        if kind == "file":
            continue
        raw = _raw(data, name, kind == "checkboxes")
        cleaner = _CLEANERS.get(kind, _clean_text)
        problems: list[str] = []
        if raw is None and kind != "checkbox":
            value = None
        else:
            value, problems = cleaner(field, raw)
        if problems:
            errors[name] = problems
            continue
        if field.get("required") and not partial and _empty(value):
            errors[name] = [_required_message(field)]
            continue
        if value is not None:
            cleaned[name] = value
    return cleaned, errors


# File slots -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileSlot:
    """A place for the files of one dossier component, as the form shows it."""

    name: str
    component: str
    label: str
    required: bool
    max_files: int
    accept: tuple[str, ...]

    @property
    def content_types(self) -> tuple[str, ...]:
        return tuple(ct for kind in self.accept for ct in ACCEPT.get(kind, ()))


def file_slots(schema: Mapping[str, Any], answers: Mapping[str, Any]) -> list[FileSlot]:
    """The file slots shown for ``answers`` (cleaned), labels in the active language."""
    shown = visible_names(schema, answers)
    return [
        FileSlot(
            name=field["name"],
            component=field["component"],
            label=translated(field.get("label")),
            required=bool(field.get("required")),
            max_files=int(field.get("max_files", DEFAULT_MAX_FILES)),
            accept=tuple(field.get("accept") or ACCEPT),
        )
        for field in iter_fields(schema)
        if field["type"] == "file" and field["name"] in shown
    ]


def missing_files(
    schema: Mapping[str, Any], answers: Mapping[str, Any], counts: Mapping[str, int]
) -> dict[str, list[str]]:
    """Problems with the files, per file field name: a required slot without a file, or a slot
    holding more than ``max_files``. ``counts`` is the number of current (not superseded)
    files per component code."""
    problems: dict[str, list[str]] = {}
    for slot in file_slots(schema, answers):
        count = counts.get(slot.component, 0)
        if slot.required and count == 0:
            problems[slot.name] = [gettext("Add a file for “%(slot)s”.") % {"slot": slot.label}]
        elif count > slot.max_files:
            problems[slot.name] = [
                ngettext(
                    "“%(slot)s” takes at most %(max)d file: remove %(extra)d.",
                    "“%(slot)s” takes at most %(max)d files: remove %(extra)d.",
                    slot.max_files,
                )
                % {"slot": slot.label, "max": slot.max_files, "extra": count - slot.max_files}
            ]
    return problems


# Summary --------------------------------------------------------------------------------------


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _display(field: Mapping[str, Any], value: Any) -> str:
    """An answer as a person reads it, in the active language."""
    kind = field["type"]
    if kind in CHOICE_TYPES:
        labels = {o["value"]: translated(o.get("label")) for o in field.get("options") or []}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)
    if kind == "checkbox":
        return gettext("Yes") if value else gettext("No")
    if kind == "date" and isinstance(value, str):
        try:
            return _date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if kind == "number" and isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def summary(schema: Mapping[str, Any], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, answer) pairs of the shown, answered fields, in the active language: for staff
    pages, receipts and e-mails. File slots are not listed (their files are)."""
    shown = visible_names(schema, answers)
    pairs = []
    for field in iter_fields(schema):
        name = field["name"]
        if field["type"] == "file" or name not in shown:
            continue
        value = answers.get(name)
        if value is None or value == "" or value == []:
            continue
        pairs.append((translated(field.get("label")), _display(field, value)))
    return pairs
