"""Translating portal content through wagtail-localize, as the CMS's translation view does:
a translation source, a translation per target language, string translations per segment.
Editors then see the status of each language and sync later source changes; untranslated
segments fall back to the source text (the English edition may lag the Vietnamese)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource


@transaction.atomic
def translate(
    instance: Any,
    language: str,
    strings: Mapping[str, str],
    *,
    user: Any = None,
    publish: bool = True,
) -> Any:
    """Create or update the ``language`` edition of a page or snippet from ``strings``
    (source text to translated text; a source text missing from it stays as it is), and
    return it, published when ``publish`` (pages only)."""
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _new = Translation.objects.get_or_create(
        source=source,
        target_locale=Locale.objects.get(language_code=language),
        defaults={"enabled": True},
    )
    catalogue = translation.export_po()
    for entry in catalogue:
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    translation.import_po(catalogue, user=user)
    # A draft, then published here: wagtail-localize publishes on commit, which would leave
    # the page unpublished until the outermost transaction ends (and never in a test).
    is_page = isinstance(instance, Page)
    translation.save_target(user=user, publish=not is_page and publish)
    target = instance.get_translation(Locale.objects.get(language_code=language))
    if is_page and publish:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
