"""Classification markings of cables as printed and shown: the banner of a whole cable and the
portion mark of a paragraph. One helper for the PDF and the HTML views, so both print the
same words.

The banner words are the legal markings of each working language (like the precedence names,
reference data rather than interface text): a cable shows them in the language it is read in.
"""

from __future__ import annotations

from django.utils.translation import get_language

from chancery.documents.cables.constants import PORTION_MARKS

# Level -> marking per language (vi, en, fr).
BANNERS: dict[int, dict[str, str]] = {
    0: {"vi": "KHÔNG MẬT", "en": "UNCLASSIFIED", "fr": "NON CLASSIFIÉ"},
    1: {"vi": "MẬT", "en": "CONFIDENTIAL", "fr": "CONFIDENTIEL"},
    2: {"vi": "TỐI MẬT", "en": "SECRET", "fr": "SECRET"},
    3: {"vi": "TUYỆT MẬT", "en": "TOP SECRET", "fr": "TRÈS SECRET"},
}


def _language(language: str | None) -> str:
    code = (language or get_language() or "vi")[:2]
    return code if code in BANNERS[0] else "vi"


def banner(
    level: int, language: str | None = None, *, compartments: list[str] | None = None
) -> str:
    """The banner of a cable at ``level`` in ``language`` (the active one by default), with its
    compartments after a double slash, as printed at the top and bottom of every page."""
    text = BANNERS.get(int(level), BANNERS[3])[_language(language)]
    if compartments:
        text = f"{text}//{'/'.join(sorted(compartments))}"
    return text


def portion_mark(level: int) -> str:
    """The mark printed before a paragraph at ``level``: (U), (C), (S) or (TS)."""
    return PORTION_MARKS.get(int(level), PORTION_MARKS[3])


def marking_choices(language: str | None = None) -> list[tuple[int, str]]:
    """(level, "(C) CONFIDENTIAL") pairs for the paragraph marking selects."""
    return [(level, f"{portion_mark(level)} {banner(level, language)}") for level in BANNERS]
