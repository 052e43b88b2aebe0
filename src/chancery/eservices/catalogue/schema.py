"""Validation of a procedure version's data: channels, components, steps and the rest.

``validate_version_data`` checks one complete version (the keys of ``VERSION_KEYS``) and returns
the problems found, keyed by the part they concern (``channels``, ``components[2].kind``, …),
each message translated into the caller's language. An empty dict means the version is valid.
The form itself is checked by the forms area's ``validate_schema`` when it is installed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from chancery.eservices.constants import Channel, ComponentKind, ServiceLevel

# The structured parts of a version, stored as they are on the model (JSON in a CSV cell).
JSON_PARTS = (
    "other_agencies",
    "channels",
    "components",
    "steps",
    "eligibility",
    "legal_basis",
    "result",
    "form_schema",
    "unconfirmed",
)
# The parts of a version that the catalogue reads and writes (also the JSON/CSV columns).
VERSION_KEYS = (
    "level",
    "effective_from",
    "effective_to",
    "agencies",
    "result_template",
    "source_url",
    *JSON_PARTS,
)
LANGUAGES = ("vi", "en", "fr")
CURRENCY = re.compile(r"^[A-Z]{3}$")
COMPONENT_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_WORKING_DAYS = 365
MAX_TEXT = 4000
# Names a version may list in ``unconfirmed`` (the public page marks each one).
UNCONFIRMABLE = (
    "code",
    "name",
    "fees",
    "time_limits",
    "components",
    "steps",
    "eligibility",
    "legal_basis",
    "result",
    "level",
    "effective_from",
    "agencies",
    "form",
)

Errors = dict[str, list[str]]


def parse_date(value: Any) -> dt.date | None:
    """A date from a ``date`` or an ISO string; None when empty. Raises ValueError otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(value)


def _text(value: Any, limit: int = MAX_TEXT) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _translated(errors: Errors, key: str, value: Any, *, required: bool = True) -> None:
    """``value`` is ``{"vi": …, "en": …, "fr": …}`` with Vietnamese present when required."""
    if not isinstance(value, dict):
        errors[key].append(_("Give the text as Vietnamese, English and French (vi, en, fr)."))
        return
    unknown = sorted(set(value) - {*LANGUAGES, "url"})
    if unknown:
        errors[key].append(_("Unknown languages: %(names)s.") % {"names": ", ".join(unknown)})
    for language in LANGUAGES:
        if language in value and not _text(value[language]):
            errors[key].append(
                _("The %(language)s text must be at most %(limit)s characters.")
                % {"language": language, "limit": MAX_TEXT}
            )
    if required and not (isinstance(value.get("vi"), str) and value["vi"].strip()):
        errors[key].append(_("The Vietnamese text is required."))


def _channels(errors: Errors, channels: Any) -> None:
    if not isinstance(channels, list) or not channels:
        errors["channels"].append(_("List at least one channel (online, in person or by post)."))
        return
    seen: set[str] = set()
    for index, entry in enumerate(channels):
        key = f"channels[{index}]"
        if not isinstance(entry, dict):
            errors[key].append(_("Each channel must be an object."))
            continue
        channel = entry.get("channel")
        if channel not in Channel.values:
            errors[f"{key}.channel"].append(
                _("Unknown channel %(value)s: use one of %(choices)s.")
                % {"value": channel, "choices": ", ".join(Channel.values)}
            )
        elif channel in seen:
            errors[f"{key}.channel"].append(_("This channel is listed twice."))
        seen.add(str(channel))
        days = entry.get("working_days")
        if type(days) is not int or not 0 <= days <= MAX_WORKING_DAYS:
            errors[f"{key}.working_days"].append(
                _("The time limit must be a whole number of working days from 0 to %(max)s.")
                % {"max": MAX_WORKING_DAYS}
            )
        fee = entry.get("fee")
        if isinstance(fee, bool) or not isinstance(fee, int | float) or fee < 0:
            errors[f"{key}.fee"].append(_("The fee must be a number, 0 or more."))
        if not isinstance(entry.get("currency"), str) or not CURRENCY.match(entry["currency"]):
            errors[f"{key}.currency"].append(_("The currency must be a code such as VND or USD."))
        for note in ("fee_note_vi", "fee_note_en", "fee_note_fr", "time_note_vi", "time_note_en"):
            if note in entry and not _text(entry[note]):
                errors[f"{key}.{note}"].append(_("This note must be text."))


def _components(errors: Errors, components: Any) -> set[str]:
    codes: set[str] = set()
    if not isinstance(components, list):
        errors["components"].append(_("The dossier components must be a list."))
        return codes
    for index, entry in enumerate(components):
        key = f"components[{index}]"
        if not isinstance(entry, dict):
            errors[key].append(_("Each dossier component must be an object."))
            continue
        code = entry.get("code")
        if not isinstance(code, str) or not COMPONENT_CODE.match(code):
            errors[f"{key}.code"].append(
                _("The code must be lowercase letters, digits and underscores (a letter first).")
            )
        elif code in codes:
            errors[f"{key}.code"].append(
                _("Two components have the code %(code)s.") % {"code": code}
            )
        else:
            codes.add(code)
        if not (isinstance(entry.get("name_vi"), str) and entry["name_vi"].strip()):
            errors[f"{key}.name_vi"].append(_("The Vietnamese name is required."))
        if entry.get("kind") not in ComponentKind.values:
            errors[f"{key}.kind"].append(
                _("Unknown kind %(value)s: use one of %(choices)s.")
                % {"value": entry.get("kind"), "choices": ", ".join(ComponentKind.values)}
            )
        count = entry.get("count", 1)
        if type(count) is not int or not 1 <= count <= 50:
            errors[f"{key}.count"].append(_("The count must be a whole number from 1 to 50."))
        if not isinstance(entry.get("required", True), bool):
            errors[f"{key}.required"].append(_("Say true or false."))
        max_files = entry.get("max_files", 1)
        if type(max_files) is not int or not 1 <= max_files <= 20:
            errors[f"{key}.max_files"].append(_("The number of files must be from 1 to 20."))
    return codes


def _steps(errors: Errors, steps: Any) -> None:
    if not isinstance(steps, list) or not steps:
        errors["steps"].append(_("List at least one step."))
        return
    for index, step in enumerate(steps):
        _translated(errors, f"steps[{index}]", step)


def _form(errors: Errors, schema: Any, component_codes: set[str]) -> None:
    if schema in (None, {}):
        return
    if not isinstance(schema, dict) or not isinstance(schema.get("sections"), list):
        errors["form_schema"].append(_("The form must be an object with a list of sections."))
        return
    engine_errors = _engine_errors(schema, component_codes)
    errors["form_schema"].extend(engine_errors)


def _engine_errors(schema: dict[str, Any], component_codes: set[str]) -> list[str]:
    """The forms area's own checks of the schema (fields, types, conditions, file slots)."""
    from chancery.eservices.forms.engine import validate_schema

    return [str(message) for message in validate_schema(schema, sorted(component_codes))]


def _dates(errors: Errors, data: dict[str, Any]) -> None:
    parsed: dict[str, dt.date | None] = {}
    for key in ("effective_from", "effective_to"):
        try:
            parsed[key] = parse_date(data.get(key))
        except (TypeError, ValueError):
            errors[key].append(_("Give a date as YYYY-MM-DD."))
    start, end = parsed.get("effective_from"), parsed.get("effective_to")
    if start is not None and end is not None and end < start:
        errors["effective_to"].append(_("The end date is before the start date."))


def validate_version_data(data: dict[str, Any]) -> dict[str, list[str]]:
    """Problems in a complete version's ``data``, keyed by part; empty when it is valid.

    Anyone may call it (it reads nothing from the database). Refuses: unknown channels or
    component kinds, negative fees, time limits out of range, missing Vietnamese texts, a form
    whose file fields name no component, an end date before the start date, malformed shapes.
    """
    errors: Errors = defaultdict(list)
    if data.get("level") not in ServiceLevel.values:
        errors["level"].append(
            _("Choose the level of online service: %(choices)s.")
            % {"choices": ", ".join(ServiceLevel.values)}
        )
    _channels(errors, data.get("channels"))
    codes = _components(errors, data.get("components", []))
    _steps(errors, data.get("steps"))
    eligibility = data.get("eligibility") or {}
    if eligibility:
        _translated(errors, "eligibility", eligibility)
    result = data.get("result")
    _translated(errors, "result", result)
    legal_basis = data.get("legal_basis", [])
    if not isinstance(legal_basis, list) or not legal_basis:
        errors["legal_basis"].append(_("List at least one legal document."))
    else:
        for index, entry in enumerate(legal_basis):
            _translated(errors, f"legal_basis[{index}]", entry)
    others = data.get("other_agencies", [])
    if not isinstance(others, list):
        errors["other_agencies"].append(_("The other agencies must be a list."))
    else:
        for index, entry in enumerate(others):
            _translated(errors, f"other_agencies[{index}]", entry)
    agencies = data.get("agencies", [])
    if not isinstance(agencies, list) or not all(isinstance(a, str) for a in agencies):
        errors["agencies"].append(_("The agencies must be a list of unit codes."))
    unconfirmed = data.get("unconfirmed", [])
    if not isinstance(unconfirmed, list) or not all(n in UNCONFIRMABLE for n in unconfirmed):
        errors["unconfirmed"].append(
            _("Unconfirmed values are named among: %(names)s.")
            % {"names": ", ".join(UNCONFIRMABLE)}
        )
    for key, limit in (("result_template", 64), ("source_url", 500)):
        if not _text(data.get(key, "") or "", limit):
            errors[key].append(_("At most %(limit)s characters of text.") % {"limit": limit})
    _dates(errors, data)
    _form(errors, data.get("form_schema"), codes)
    return {key: messages for key, messages in errors.items() if messages}
