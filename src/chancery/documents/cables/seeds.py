"""Reference data of cables: precedence levels, the tag taxonomy (country and subject codes)
and distribution captions.

Seeded after every ``migrate`` and ``flush`` (``post_migrate``, like ``documents/seeds.py``)
and idempotent: only missing codes are created, so administrators' edits stay. Country tags
are read at seed time from the ISO 3166-1 list of the system's ``iso-codes`` package (names in
Vietnamese and French from its translations); without it no country tag is seeded and a
warning is logged (administrators may then add them in the admin).
"""

from __future__ import annotations

import gettext
import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings

from chancery.documents.cables.constants import DEFAULT_PRECEDENCES, TagKind
from chancery.documents.cables.taxonomy import CAPTIONS, SUBJECT_TAGS

logger = logging.getLogger(__name__)

ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
LOCALE_DIR = Path("/usr/share/locale")


def countries() -> list[tuple[str, str, str, str]]:
    """(alpha-2 code, vi, en, fr) of every ISO 3166-1 country, or [] without the list."""
    path = Path(getattr(settings, "CHANCERY_CABLES_ISO_3166", "") or ISO_CODES)
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
    except (OSError, ValueError, KeyError):
        logger.warning("cables: no ISO 3166-1 list at %s; no country tag seeded", path)
        return []
    found: list[tuple[str, str, str, str]] = []
    catalogues = {
        language: gettext.translation(
            "iso_3166-1", localedir=str(LOCALE_DIR), languages=[language], fallback=True
        )
        for language in ("vi", "fr")
    }
    for entry in entries:
        english = entry.get("common_name") or entry["name"]
        found.append(
            (
                entry["alpha_2"],
                catalogues["vi"].gettext(entry["name"]),
                english,
                catalogues["fr"].gettext(entry["name"]),
            )
        )
    return found


def seed_precedences(model: Any) -> None:
    existing = set(model.objects.values_list("code", flat=True))
    taken = set(model.objects.values_list("rank", flat=True))
    for code, rank, ack, escalate, vi, en, fr in DEFAULT_PRECEDENCES:
        if code in existing or rank in taken:
            continue
        model.objects.create(
            code=code,
            rank=rank,
            ack_minutes=ack,
            escalate_minutes=escalate,
            name_vi=vi,
            name_en=en,
            name_fr=fr,
        )


def seed_tags(model: Any) -> None:
    existing = set(model.objects.values_list("code", flat=True))
    rows = [(TagKind.COUNTRY, *row) for row in countries()]
    rows += [(TagKind.SUBJECT, *row) for row in SUBJECT_TAGS]
    model.objects.bulk_create(
        [
            model(code=code, kind=kind, name_vi=vi, name_en=en, name_fr=fr)
            for kind, code, vi, en, fr in rows
            if code not in existing
        ]
    )


def seed_captions(model: Any) -> None:
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(code=code, roles=list(roles), name_vi=vi, name_en=en, name_fr=fr)
            for code, roles, vi, en, fr in CAPTIONS
            if code not in existing
        ]
    )


def seed_all() -> None:
    """Create whatever reference data of cables is missing."""
    from chancery.documents.models import CableTag, Caption, PrecedenceLevel

    seed_precedences(PrecedenceLevel)
    seed_tags(CableTag)
    seed_captions(Caption)


def after_migrate(sender: Any, **kwargs: Any) -> None:
    seed_all()


def register() -> None:
    """Hook the compose area in when the documents app loads: its policies, and the seeding
    of reference data after every migrate and flush."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from chancery.documents.cables import policies  # noqa: F401  (registers them)

    post_migrate.connect(
        after_migrate, sender=apps.get_app_config("documents"), dispatch_uid="cables-seeds"
    )
