"""The form engine refuses schemas that would mislead applicants or break the form."""

from __future__ import annotations

import copy
from typing import Any

from chancery.eservices.forms.engine import validate_schema
from chancery.eservices.tests.factories import SIMPLE_COMPONENTS, SIMPLE_FORM
from chancery.eservices.tests.factories_forms import RICH_COMPONENTS, RICH_FORM


def _form(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"sections": [{"id": "s", "title": {"vi": "Phần"}, "fields": list(fields)}]}


def _text(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": "text", "label": {"vi": name}, **extra}


def test_the_example_forms_are_valid() -> None:
    assert validate_schema(SIMPLE_FORM, components=SIMPLE_COMPONENTS) == []
    assert validate_schema(RICH_FORM, components=RICH_COMPONENTS) == []
    assert validate_schema({}) == []


def test_a_form_that_is_not_an_object_or_has_no_sections_is_refused() -> None:
    assert validate_schema([]) == ["The form must be a JSON object."]
    assert any("sections" in e for e in validate_schema({"fields": []}))


def test_unknown_type_is_refused_with_the_types_allowed() -> None:
    errors = validate_schema(_form({"name": "a", "type": "html", "label": {"vi": "A"}}))
    assert any("unknown type 'html'" in e and "checkboxes" in e for e in errors)


def test_duplicate_names_and_bad_names_are_refused() -> None:
    errors = validate_schema(_form(_text("a"), _text("a"), _text("Bad-Name")))
    assert "Two fields are named a." in errors
    assert any("(Bad-Name) needs a name" in e for e in errors)


def test_a_label_without_vietnamese_is_refused() -> None:
    errors = validate_schema(_form({"name": "a", "type": "text", "label": {"en": "A"}}))
    assert any("needs a Vietnamese text" in e for e in errors)


def test_unknown_keys_are_refused_so_typos_do_not_pass_silently() -> None:
    errors = validate_schema(_form(_text("a", requird=True)))
    assert any("unknown keys: requird" in e for e in errors)


def test_condition_on_an_unknown_field_is_refused() -> None:
    errors = validate_schema(_form(_text("a", show_if={"field": "ghost", "equals": "x"})))
    assert any("unknown field 'ghost'" in e for e in errors)


def test_condition_on_a_later_field_is_refused() -> None:
    errors = validate_schema(_form(_text("a", show_if={"field": "b", "equals": "x"}), _text("b")))
    assert any("must point to an earlier field" in e for e in errors)


def test_conditions_that_loop_are_reported_as_a_cycle() -> None:
    errors = validate_schema(
        _form(
            _text("a", show_if={"field": "b", "not_empty": True}),
            _text("b", show_if={"field": "a", "not_empty": True}),
        )
    )
    assert "The conditions of these fields form a cycle: a, b." in errors
    assert any(
        "points to the field itself" in e
        for e in validate_schema(_form(_text("a", show_if={"field": "a", "equals": "x"})))
    )


def test_condition_needs_exactly_one_test() -> None:
    errors = validate_schema(
        _form(_text("a"), _text("b", show_if={"field": "a", "equals": "x", "in": ["x"]}))
    )
    assert any('one of "equals", "in", "not_empty"' in e for e in errors)


def test_file_field_with_unknown_component_is_refused_when_components_are_given() -> None:
    form = copy.deepcopy(SIMPLE_FORM)
    form["sections"][0]["fields"][3]["component"] = "birth_certificate"
    assert validate_schema(form) == []
    errors = validate_schema(form, components=SIMPLE_COMPONENTS)
    assert errors == ["Field 1.4 (document): birth_certificate is not a component of this version."]


def test_choice_fields_need_options_and_file_fields_known_kinds() -> None:
    errors = validate_schema(
        _form(
            {"name": "a", "type": "select", "label": {"vi": "A"}},
            {
                "name": "f",
                "type": "file",
                "label": {"vi": "F"},
                "component": "x",
                "accept": ["exe"],
                "max_files": 0,
            },
        )
    )
    assert any("needs a list of options" in e for e in errors)
    assert any("accept must list some of" in e for e in errors)
    assert any("max_files must be a whole number above 0" in e for e in errors)


def test_invalid_pattern_and_limits_are_refused() -> None:
    errors = validate_schema(
        _form(
            _text("a", pattern="([a-z"),
            _text("b", max_length=0),
            {"name": "d", "type": "date", "label": {"vi": "D"}, "min": "yesterday"},
        )
    )
    assert any("not a valid regular expression" in e for e in errors)
    assert any("max_length must be a whole number" in e for e in errors)
    assert any("ISO date" in e for e in errors)
