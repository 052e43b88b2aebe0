"""A form with every kind of field and chained conditions, for the forms area's tests."""

from __future__ import annotations

from typing import Any


def _l(vi: str, en: str, fr: str | None = None) -> dict[str, str]:
    return {"vi": vi, "en": en, **({"fr": fr} if fr else {})}


def option(value: str, en: str) -> dict[str, Any]:
    return {"value": value, "label": _l(en.upper(), en)}


RICH_FORM: dict[str, Any] = {
    "sections": [
        {
            "id": "about",
            "title": _l("Về bạn", "About you", "Vous"),
            "fields": [
                {
                    "name": "full_name",
                    "type": "text",
                    "label": _l("Họ và tên", "Full name", "Nom complet"),
                    "help": _l("Như trong hộ chiếu", "As in your passport"),
                    "required": True,
                    "max_length": 50,
                },
                {"name": "email", "type": "email", "label": _l("Thư điện tử", "E-mail")},
                {"name": "phone", "type": "tel", "label": _l("Điện thoại", "Phone")},
                {
                    "name": "born_on",
                    "type": "date",
                    "label": _l("Ngày sinh", "Date of birth"),
                    "max": "today",
                },
                {
                    "name": "copies",
                    "type": "number",
                    "label": _l("Số bản", "Copies"),
                    "min": 1,
                    "max": 10,
                },
                {
                    "name": "notes",
                    "type": "textarea",
                    "label": _l("Ghi chú", "Notes"),
                },
                {
                    "name": "passport_no",
                    "type": "text",
                    "label": _l("Số hộ chiếu", "Passport number"),
                    "pattern": "[A-Z][0-9]{7}",
                    "pattern_message": _l("Một chữ và bảy số", "One letter and seven digits"),
                },
            ],
        },
        {
            "id": "request",
            "title": _l("Yêu cầu", "Request"),
            "fields": [
                {
                    "name": "purpose",
                    "type": "radio",
                    "label": _l("Mục đích", "Purpose"),
                    "required": True,
                    "options": [option("work", "Work"), option("other", "Other")],
                },
                {
                    "name": "other_purpose",
                    "type": "select",
                    "label": _l("Mục đích khác", "Other purpose"),
                    "required": True,
                    "show_if": {"field": "purpose", "equals": "other"},
                    "options": [option("study", "Study"), option("family", "Family")],
                },
                {
                    "name": "school",
                    "type": "text",
                    "label": _l("Trường", "School"),
                    "required": True,
                    "show_if": {"field": "other_purpose", "equals": "study"},
                },
                {
                    "name": "countries",
                    "type": "checkboxes",
                    "label": _l("Quốc gia", "Countries"),
                    "options": [option("fr", "France"), option("de", "Germany")],
                },
                {
                    "name": "visa_note",
                    "type": "text",
                    "label": _l("Thị thực", "Visa note"),
                    "show_if": {"field": "countries", "in": ["de"]},
                },
                {
                    "name": "consent",
                    "type": "checkbox",
                    "label": _l("Tôi đồng ý", "I agree"),
                    "required": True,
                },
                {
                    "name": "enrolment",
                    "type": "file",
                    "component": "enrolment",
                    "label": _l("Giấy nhập học", "Enrolment letter"),
                    "required": True,
                    "max_files": 1,
                    "accept": ["pdf"],
                    "show_if": {"field": "school", "not_empty": True},
                },
                {
                    "name": "document",
                    "type": "file",
                    "component": "document",
                    "label": _l("Giấy tờ", "Document"),
                    "required": True,
                    "max_files": 2,
                },
            ],
        },
    ]
}

RICH_COMPONENTS = ["enrolment", "document"]

# Answers that pass, without the conditional branch.
VALID: dict[str, Any] = {"full_name": "Trần Thị Mai", "purpose": "work", "consent": "on"}
