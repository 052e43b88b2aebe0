"""Cleaning answers: conditions, types, lengths, hostile text; file slots and the summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils import timezone, translation

from chancery.eservices.forms.engine import clean, file_slots, missing_files, summary
from chancery.eservices.tests.factories import SIMPLE_FORM
from chancery.eservices.tests.factories_forms import RICH_FORM, VALID


def _clean(**answers: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    return clean(RICH_FORM, {**VALID, **answers})


def test_valid_answers_are_kept_and_unknown_keys_dropped() -> None:
    cleaned, errors = _clean(csrfmiddlewaretoken="x", copies="3", born_on="1990-02-01")
    assert errors == {}
    assert cleaned == {
        "full_name": "Trần Thị Mai",
        "purpose": "work",
        "consent": True,
        "copies": 3,
        "born_on": "1990-02-01",
    }


def test_a_hidden_required_field_is_not_required() -> None:
    # Given "Other purpose" shows only when the purpose is "other"
    _cleaned, errors = _clean(purpose="work")
    assert "other_purpose" not in errors
    # When the purpose is "other", then it is required
    _, errors = _clean(purpose="other")
    assert errors == {"other_purpose": ["Choose an answer to “Other purpose”."]}


def test_the_answer_of_a_hidden_field_is_dropped() -> None:
    cleaned, errors = _clean(purpose="work", other_purpose="study", school="Sorbonne")
    assert errors == {}
    assert "other_purpose" not in cleaned
    assert "school" not in cleaned


def test_conditions_chain_through_hidden_fields() -> None:
    # school shows only if other_purpose == study, which shows only if purpose == other
    cleaned, errors = _clean(purpose="other", other_purpose="study")
    assert errors == {"school": ["Answer “School”."]}
    cleaned, errors = _clean(purpose="other", other_purpose="study", school="Sorbonne")
    assert errors == {}
    assert cleaned["school"] == "Sorbonne"
    # When the first link breaks, the whole chain is hidden even with answers posted
    cleaned, _ = _clean(purpose="work", other_purpose="study", school="Sorbonne")
    assert "school" not in cleaned


def test_in_condition_on_checkboxes_from_a_posted_form() -> None:
    data = QueryDict(mutable=True)
    data.update({"full_name": "A", "purpose": "work", "consent": "on", "visa_note": "soon"})
    data.setlist("countries", ["de", "fr"])
    cleaned, errors = clean(RICH_FORM, data)
    assert errors == {}
    assert cleaned["countries"] == ["fr", "de"]
    assert cleaned["visa_note"] == "soon"


def test_partial_skips_required_but_refuses_malformed_values() -> None:
    cleaned, errors = clean(RICH_FORM, {"copies": "many", "email": "x"}, partial=True)
    assert set(errors) == {"copies", "email"}
    assert cleaned == {"consent": False}
    _, errors = clean(RICH_FORM, {})
    assert set(errors) == {"full_name", "purpose", "consent"}


def test_values_of_the_wrong_type_are_refused() -> None:
    _, errors = _clean(full_name=["a", "b"], copies=True, purpose="spy", consent="maybe")
    assert errors == {
        "full_name": ["Enter text."],
        "copies": ["Enter a number."],
        "purpose": ["Choose an option from the list."],
        "consent": ["Tick the box or leave it empty."],
    }
    _, errors = _clean(copies=10**20)
    assert errors == {"copies": ["Enter a number."]}
    _, errors = _clean(countries="fr", born_on=19900201)
    assert errors == {
        "countries": ["Choose from the list."],
        "born_on": ["Enter a date like 2025-09-02."],
    }


def test_numbers_and_dates_outside_their_limits_are_refused() -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    _, errors = _clean(copies="11", born_on=tomorrow)
    assert errors["copies"] == ["Enter 10 or less."]
    assert errors["born_on"][0].startswith("Enter a date on or before")
    _, errors = _clean(copies="NaN", born_on="1990-02-30")
    assert errors == {
        "copies": ["Enter a number."],
        "born_on": ["Enter a real date like 2025-09-02."],
    }


def test_text_over_its_maximum_length_is_refused() -> None:
    _, errors = _clean(full_name="a" * 51, notes="b" * 10_001)
    assert errors["full_name"] == ["Use at most 50 characters (you used 51)."]
    assert errors["notes"] == ["Use at most 10000 characters (you used 10001)."]


def test_pattern_refusal_uses_the_forms_message_in_the_active_language() -> None:
    _, errors = _clean(passport_no="123")
    assert errors == {"passport_no": ["One letter and seven digits"]}
    with translation.override("vi"):
        _, errors = _clean(passport_no="123")
    assert errors == {"passport_no": ["Một chữ và bảy số"]}


def test_control_characters_are_stripped_and_text_normalised_to_nfc() -> None:
    decomposed = "Tra\u0300n\u0000\u202e Thi\u0323\x07"
    cleaned, errors = _clean(full_name=decomposed, notes="line 1\r\nline 2\x1b")
    assert errors == {}
    assert cleaned["full_name"] == "Tràn Thị"
    assert cleaned["notes"] == "line 1\nline 2"


def test_script_tags_are_kept_as_text() -> None:
    cleaned, errors = _clean(full_name="<script>alert(1)</script>")
    assert errors == {}
    assert cleaned["full_name"] == "<script>alert(1)</script>"


def test_file_slots_follow_the_conditions() -> None:
    answers, _ = _clean()
    assert [s.name for s in file_slots(RICH_FORM, answers)] == ["document"]
    answers, _ = _clean(purpose="other", other_purpose="study", school="Sorbonne")
    slots = file_slots(RICH_FORM, answers)
    assert [(s.name, s.component, s.max_files, s.accept) for s in slots] == [
        ("enrolment", "enrolment", 1, ("pdf",)),
        ("document", "document", 2, ("pdf", "jpeg", "png", "docx", "odt")),
    ]
    assert slots[0].label == "Enrolment letter"
    assert slots[0].required


def test_missing_files_lists_empty_required_slots_and_slots_over_their_limit() -> None:
    answers, _ = _clean(purpose="other", other_purpose="study", school="Sorbonne")
    problems = missing_files(RICH_FORM, answers, {"document": 3})
    assert problems == {
        "enrolment": ["Add a file for “Enrolment letter”."],
        "document": ["“Document” takes at most 2 files: remove 1."],
    }
    assert missing_files(RICH_FORM, answers, {"document": 1, "enrolment": 1}) == {}
    assert missing_files(SIMPLE_FORM, {}, {"document": 1, "passport": 1}) == {}


def test_summary_is_readable_in_the_active_language() -> None:
    answers, _ = _clean(purpose="other", other_purpose="family", countries=["fr"], copies="2")
    assert summary(RICH_FORM, answers) == [
        ("Full name", "Trần Thị Mai"),
        ("Copies", "2"),
        ("Purpose", "Other"),
        ("Other purpose", "Family"),
        ("Countries", "France"),
        ("I agree", "Yes"),
    ]
    with translation.override("fr"):
        assert summary(RICH_FORM, answers)[0] == ("Nom complet", "Trần Thị Mai")
    with translation.override("vi"):
        assert summary(RICH_FORM, answers)[2] == ("Mục đích", "OTHER")
