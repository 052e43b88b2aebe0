"""Checking a form schema: the vocabulary of fields and ``validate_schema``.

The format is described in ``eservices.forms.engine`` (the module others import); this module
holds what both the checks and the engine need.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext

FIELD_TYPES = (
    "text",
    "textarea",
    "email",
    "tel",
    "date",
    "number",
    "select",
    "radio",
    "checkbox",
    "checkboxes",
    "file",
)
TEXT_TYPES = ("text", "textarea", "email", "tel")
CHOICE_TYPES = ("select", "radio", "checkboxes")
# File kinds a slot may accept, with the content types the upload check expects.
ACCEPT: dict[str, tuple[str, ...]] = {
    "pdf": ("application/pdf",),
    "jpeg": ("image/jpeg",),
    "png": ("image/png",),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    "odt": ("application/vnd.oasis.opendocument.text",),
}
DEFAULT_MAX_LENGTH = {"text": 2000, "textarea": 10000, "email": 254, "tel": 32}
DEFAULT_MAX_FILES = 5
MAX_FIELDS = 300
NAME_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
FIELD_KEYS = {
    "name",
    "type",
    "label",
    "help",
    "required",
    "options",
    "show_if",
    "max_length",
    "min_length",
    "pattern",
    "pattern_message",
    "min",
    "max",
    "max_files",
    "accept",
    "component",
}


def translated(value: Any, language: str | None = None) -> str:
    """The text of a ``{"vi", "en", "fr"}`` object in ``language`` (the active one by
    default): French falls back to English, then Vietnamese; anything else to Vietnamese."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        return ""
    language = (language or get_language() or "vi")[:2]
    order = {"fr": ("fr", "en", "vi"), "en": ("en", "vi")}.get(language, ("vi", "en"))
    for code in order:
        text = value.get(code)
        if isinstance(text, str) and text:
            return text
    return ""


def iter_fields(schema: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every field of a (valid) schema, in order."""
    for section in schema.get("sections") or []:
        if isinstance(section, Mapping):
            for field in section.get("fields") or []:
                if isinstance(field, dict):
                    yield field


def _check_i18n(value: Any, where: str, errors: list[str], *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, Mapping) or not isinstance(value.get("vi"), str) or not value["vi"]:
        errors.append(gettext("%(where)s needs a Vietnamese text (vi).") % {"where": where})
        return
    for code, text in value.items():
        if code not in ("vi", "en", "fr") or not isinstance(text, str):
            errors.append(
                gettext("%(where)s: %(code)s is not a language of the form (vi, en, fr).")
                % {"where": where, "code": code}
            )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_limit_date(value: Any) -> dt.date | None:
    if value == "today":
        return timezone.localdate()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _check_field(field: Any, where: str, components: set[str] | None, errors: list[str]) -> None:
    if not isinstance(field, Mapping):
        errors.append(gettext("%(where)s is not an object.") % {"where": where})
        return
    kind = field.get("type")
    unknown = sorted(set(field) - FIELD_KEYS)
    if unknown:
        errors.append(
            gettext("%(where)s has unknown keys: %(keys)s.")
            % {"where": where, "keys": ", ".join(map(str, unknown))}
        )
    if kind not in FIELD_TYPES:
        errors.append(
            gettext("%(where)s has an unknown type %(type)s (use one of: %(types)s).")
            % {"where": where, "type": repr(kind), "types": ", ".join(FIELD_TYPES)}
        )
    _check_i18n(field.get("label"), gettext("%(where)s label") % {"where": where}, errors)
    _check_i18n(
        field.get("help"), gettext("%(where)s help") % {"where": where}, errors, required=False
    )
    if "required" in field and not isinstance(field["required"], bool):
        errors.append(gettext("%(where)s: required must be true or false.") % {"where": where})
    if kind in CHOICE_TYPES:
        options = field.get("options")
        if not isinstance(options, list) or not options:
            errors.append(gettext("%(where)s needs a list of options.") % {"where": where})
        else:
            seen: set[str] = set()
            for n, option in enumerate(options, start=1):
                if not isinstance(option, Mapping) or not isinstance(option.get("value"), str):
                    errors.append(
                        gettext("%(where)s option %(n)s needs a text value.")
                        % {"where": where, "n": n}
                    )
                    continue
                if option["value"] in seen:
                    errors.append(
                        gettext("%(where)s has the option value %(value)s twice.")
                        % {"where": where, "value": option["value"]}
                    )
                seen.add(option["value"])
                _check_i18n(
                    option.get("label"),
                    gettext("%(where)s option %(n)s") % {"where": where, "n": n},
                    errors,
                )
    elif "options" in field:
        errors.append(gettext("%(where)s: only choice fields have options.") % {"where": where})
    for key in ("max_length", "min_length"):
        if key in field:
            if kind not in TEXT_TYPES:
                errors.append(
                    gettext("%(where)s: %(key)s applies to text fields only.")
                    % {"where": where, "key": key}
                )
            elif not _is_int(field[key]) or not 0 < field[key] <= DEFAULT_MAX_LENGTH["textarea"]:
                errors.append(
                    gettext("%(where)s: %(key)s must be a whole number from 1 to %(max)s.")
                    % {"where": where, "key": key, "max": DEFAULT_MAX_LENGTH["textarea"]}
                )
    if "pattern" in field:
        try:
            if kind not in TEXT_TYPES or not isinstance(field["pattern"], str):
                raise re.error("not text")
            re.compile(field["pattern"])
        except re.error:
            errors.append(
                gettext("%(where)s: the pattern is not a valid regular expression of a text field.")
                % {"where": where}
            )
        _check_i18n(
            field.get("pattern_message"),
            gettext("%(where)s pattern message") % {"where": where},
            errors,
            required=False,
        )
    for key in ("min", "max"):
        if key not in field:
            continue
        value = field[key]
        fine = (kind == "number" and (_is_int(value) or isinstance(value, float))) or (
            kind == "date" and parse_limit_date(value) is not None
        )
        if not fine:
            errors.append(
                gettext(
                    "%(where)s: %(key)s must be a number (number fields) or an ISO date or "
                    '"today" (date fields).'
                )
                % {"where": where, "key": key}
            )
    if kind == "file":
        component = field.get("component")
        if not isinstance(component, str) or not component:
            errors.append(
                gettext("%(where)s needs the code of a dossier component.") % {"where": where}
            )
        elif components is not None and component not in components:
            errors.append(
                gettext("%(where)s: %(component)s is not a component of this version.")
                % {"where": where, "component": component}
            )
        if "max_files" in field and (not _is_int(field["max_files"]) or field["max_files"] < 1):
            errors.append(
                gettext("%(where)s: max_files must be a whole number above 0.") % {"where": where}
            )
        accept = field.get("accept", list(ACCEPT))
        if not isinstance(accept, list) or not accept or not set(accept) <= set(ACCEPT):
            errors.append(
                gettext("%(where)s: accept must list some of %(kinds)s.")
                % {"where": where, "kinds": ", ".join(ACCEPT)}
            )
    else:
        for key in ("component", "max_files", "accept"):
            if key in field:
                errors.append(
                    gettext("%(where)s: %(key)s applies to file fields only.")
                    % {"where": where, "key": key}
                )


def _check_condition(
    field: Mapping[str, Any],
    where: str,
    position: dict[str, int],
    kinds: dict[str, Any],
    errors: list[str],
) -> None:
    condition = field["show_if"]
    if not isinstance(condition, Mapping):
        errors.append(gettext("%(where)s: show_if must be an object.") % {"where": where})
        return
    target = condition.get("field")
    tests = [key for key in ("equals", "in", "not_empty") if key in condition]
    if len(tests) != 1 or set(condition) - {"field", "equals", "in", "not_empty"}:
        errors.append(
            gettext('%(where)s: show_if needs "field" and one of "equals", "in", "not_empty".')
            % {"where": where}
        )
    if "in" in condition and not isinstance(condition["in"], list):
        errors.append(gettext('%(where)s: show_if "in" must be a list.') % {"where": where})
    name = field.get("name")
    if target == name:
        errors.append(gettext("%(where)s: show_if points to the field itself.") % {"where": where})
    elif target not in position:
        errors.append(
            gettext("%(where)s: show_if points to an unknown field %(field)s.")
            % {"where": where, "field": repr(target)}
        )
    elif isinstance(name, str) and position[target] > position.get(name, -1):
        errors.append(
            gettext("%(where)s: show_if must point to an earlier field, not %(field)s.")
            % {"where": where, "field": target}
        )
    elif kinds.get(target) == "file":
        errors.append(
            gettext("%(where)s: show_if cannot depend on a file field.") % {"where": where}
        )


def _cycles(graph: dict[str, str]) -> list[str]:
    """Names of fields whose chain of conditions loops back on itself."""
    looping: set[str] = set()
    for start in graph:
        seen = [start]
        node = graph.get(start)
        while node is not None and node in graph:
            if node in seen:
                looping.update(seen[seen.index(node) :])
                break
            seen.append(node)
            node = graph.get(node)
    return sorted(looping)


def validate_schema(schema: Any, components: Iterable[Any] | None = None) -> list[str]:
    """What is wrong with ``schema``, in the active language (empty when it is a valid form).

    ``components``, when given, are the version's dossier components (codes or the component
    objects of ``ProcedureVersion.components``): a file field must name one of them. An empty
    object (``{}``) is a valid form with no questions.
    """
    errors: list[str] = []
    if not isinstance(schema, Mapping):
        return [gettext("The form must be a JSON object.")]
    if not schema:
        return []
    unknown = sorted(set(schema) - {"sections"})
    if unknown:
        errors.append(gettext("Unknown keys in the form: %(keys)s.") % {"keys": ", ".join(unknown)})
    sections = schema.get("sections")
    if not isinstance(sections, list):
        return [*errors, gettext('The form needs a list of "sections".')]
    codes: set[str] | None = None
    if components is not None:
        codes = {str(c.get("code") if isinstance(c, Mapping) else c) for c in components}
    section_ids: set[str] = set()
    fields: list[tuple[str, Mapping[str, Any]]] = []
    for s, section in enumerate(sections, start=1):
        where = gettext("Section %(n)s") % {"n": s}
        if not isinstance(section, Mapping):
            errors.append(gettext("%(where)s is not an object.") % {"where": where})
            continue
        sid = section.get("id")
        if not isinstance(sid, str) or not NAME_RE.match(sid):
            errors.append(
                gettext("%(where)s needs an id of lower-case letters, digits and _.")
                % {"where": where}
            )
        elif sid in section_ids:
            errors.append(gettext("Two sections have the id %(id)s.") % {"id": sid})
        else:
            section_ids.add(sid)
        _check_i18n(section.get("title"), gettext("%(where)s title") % {"where": where}, errors)
        if not isinstance(section.get("fields"), list):
            errors.append(gettext("%(where)s needs a list of fields.") % {"where": where})
            continue
        for f, field in enumerate(section["fields"], start=1):
            label = gettext("Field %(s)s.%(f)s") % {"s": s, "f": f}
            if isinstance(field, Mapping) and isinstance(field.get("name"), str):
                label = f"{label} ({field['name']})"
            fields.append((label, field))
    if len(fields) > MAX_FIELDS:
        errors.append(gettext("A form has at most %(max)s fields.") % {"max": MAX_FIELDS})
    position: dict[str, int] = {}
    kinds: dict[str, Any] = {}
    for index, (where, field) in enumerate(fields):
        name = field.get("name") if isinstance(field, Mapping) else None
        if not isinstance(name, str) or not NAME_RE.match(name):
            errors.append(
                gettext("%(where)s needs a name of lower-case letters, digits and _.")
                % {"where": where}
            )
        elif name in position:
            errors.append(gettext("Two fields are named %(name)s.") % {"name": name})
        else:
            position[name] = index
            kinds[name] = field.get("type")
    graph: dict[str, str] = {}
    for where, field in fields:
        _check_field(field, where, codes, errors)
        if isinstance(field, Mapping) and "show_if" in field:
            _check_condition(field, where, position, kinds, errors)
            target = (
                field["show_if"].get("field") if isinstance(field["show_if"], Mapping) else None
            )
            if isinstance(field.get("name"), str) and isinstance(target, str):
                graph[field["name"]] = target
    looping = _cycles(graph)
    if looping:
        errors.append(
            gettext("The conditions of these fields form a cycle: %(names)s.")
            % {"names": ", ".join(looping)}
        )
    return errors
