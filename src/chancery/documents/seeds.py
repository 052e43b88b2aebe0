"""Reference data every deployment needs: the 29 administrative document types.

Seeded by migration 0002 and again after every ``migrate`` and ``flush`` (``post_migrate``,
as Django seeds content types and permissions), so that a flushed database (tests that commit)
still has them. Existing rows are left as administrators edited them.
"""

from __future__ import annotations

from typing import Any

from chancery.documents.constants import DOCUMENT_TYPES, PATTERN_WITH_TYPE, PATTERN_WITHOUT_TYPE


def seed_document_types(model: Any) -> None:
    """Create the document types that are missing (``model``: the real or historical model)."""
    existing = set(model.objects.values_list("code", flat=True))
    model.objects.bulk_create(
        [
            model(
                code=seed.code,
                abbreviation=seed.abbreviation,
                name_vi=seed.name_vi,
                name_en=seed.name_en,
                name_fr=seed.name_fr,
                number_pattern=PATTERN_WITH_TYPE if seed.abbreviation else PATTERN_WITHOUT_TYPE,
                order=order,
            )
            for order, seed in enumerate(DOCUMENT_TYPES, start=1)
            if seed.code not in existing
        ]
    )


def after_migrate(sender: Any, **kwargs: Any) -> None:
    from chancery.documents.models import DocumentType

    seed_document_types(DocumentType)
