"""The catalogue refuses a version whose parts are malformed, saying where and why."""

from __future__ import annotations

from typing import Any

import pytest

from chancery.eservices.catalogue.schema import validate_version_data
from chancery.eservices.tests.factories_catalogue import version_data


def test_a_complete_version_is_valid() -> None:
    assert validate_version_data(version_data()) == {}


@pytest.mark.parametrize(
    ("overrides", "key", "words"),
    [
        ({"channels": []}, "channels", "at least one channel"),
        (
            {"channels": [{"channel": "fax", "working_days": 1, "fee": 0, "currency": "VND"}]},
            "channels[0].channel",
            "Unknown channel",
        ),
        (
            {"channels": [{"channel": "online", "working_days": 1, "fee": -5, "currency": "VND"}]},
            "channels[0].fee",
            "0 or more",
        ),
        (
            {"channels": [{"channel": "online", "working_days": 1.5, "fee": 0, "currency": "VND"}]},
            "channels[0].working_days",
            "whole number",
        ),
        (
            {"channels": [{"channel": "online", "working_days": 1, "fee": 1, "currency": "dong"}]},
            "channels[0].currency",
            "VND or USD",
        ),
        ({"level": "maybe"}, "level", "level of online service"),
        ({"steps": []}, "steps", "at least one step"),
        ({"steps": [{"en": "Apply"}]}, "steps[0]", "Vietnamese text is required"),
        ({"result": "a stamp"}, "result", "vi, en, fr"),
        ({"legal_basis": []}, "legal_basis", "at least one legal document"),
        ({"effective_from": "1 July"}, "effective_from", "YYYY-MM-DD"),
        (
            {"effective_from": "2025-07-01", "effective_to": "2025-01-01"},
            "effective_to",
            "before the start date",
        ),
        ({"unconfirmed": ["mood"]}, "unconfirmed", "named among"),
        ({"agencies": "consular"}, "agencies", "list of unit codes"),
    ],
)
def test_a_malformed_part_is_refused_with_its_place_and_reason(
    overrides: dict[str, Any], key: str, words: str
) -> None:
    errors = validate_version_data(version_data(**overrides))

    assert key in errors, errors
    assert any(words in message for message in errors[key]), errors[key]


def test_a_component_with_an_unknown_kind_or_a_duplicate_code_is_refused() -> None:
    components = version_data()["components"]
    components[1]["code"] = components[0]["code"]
    components[0]["kind"] = "scroll"

    errors = validate_version_data(version_data(components=components))

    assert "Unknown kind scroll" in errors["components[0].kind"][0]
    assert "Two components have the code document" in errors["components[1].code"][0]


def test_a_form_whose_file_field_names_no_component_is_refused() -> None:
    only_passport = [c for c in version_data()["components"] if c["code"] == "passport"]

    errors = validate_version_data(version_data(components=only_passport))

    assert any("document" in message for message in errors["form_schema"])
