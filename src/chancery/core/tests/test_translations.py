"""Every user-facing string has a Vietnamese, English and French translation.

``makemessages`` runs on a temporary copy of the source tree with its catalogues, exactly as
``make translations`` would; the merged catalogues must then have no entry that is missing,
empty or fuzzy. The working tree is never touched. Needs GNU gettext (``.ci/run`` installs it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LANGUAGES = ("vi", "en", "fr")
SOURCE = Path(settings.PACKAGE_DIR)
IGNORED = ("__pycache__", "*.pyc", "*.mo")


def _untranslated(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.msgid!r} ({where})")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                problems.append(f"untranslated plural: {entry.msgid!r} ({where})")
        elif not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r} ({where})")
    return problems


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_source_string_is_translated_in_every_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "chancery"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns(*IGNORED))
    monkeypatch.chdir(copy)

    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=list(LANGUAGES), verbosity=0, no_obsolete=True)

    problems = {}
    for language in LANGUAGES:
        po_path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
        assert po_path.exists(), f"no {language} catalogue: run make translations"
        found = _untranslated(po_path)
        if found:
            problems[language] = found
    report = "\n".join(
        f"{language}: {len(found)} problem(s)\n  " + "\n  ".join(found[:40])
        for language, found in problems.items()
    )
    assert not problems, f"Catalogues are incomplete (see docs/translations.md):\n{report}"


def test_the_compiled_catalogues_are_the_ones_django_uses() -> None:
    from django.utils import translation

    with translation.override("fr"):
        assert translation.gettext("Skip to main content") == "Aller au contenu principal"
    with translation.override("vi"):
        assert translation.gettext("Skip to main content") == "Chuyển đến nội dung chính"
