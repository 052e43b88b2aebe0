"""What every demo step shares: slugs, adding a published page once, translating it once.

A page is found again by its slug under its parent (the demo's marker), so a second run adds
nothing. Pages are published as the demo editor, one revision each, through Wagtail's own
``Revision.publish`` (the portal's publishing hooks run as for an editor's Publish button),
then dated back to the day the demo says they were published."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db.models import Model
from django.utils.text import slugify
from wagtail.models import Locale, Page

from chancery.portal.localize import translate

# Pages and snippets made by this load, indexed for search once at its end.
TOUCHED: list[Model] = []

# A text in each language: {"vi": ..., "en": ..., "fr": ...} (French may be missing).
Texts = Mapping[str, str]


def ascii_slug(text: str, limit: int = 80) -> str:
    """A URL slug without diacritics (đ is not decomposed by NFKD, so it is mapped first)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(folded)[:limit].strip("-")


def rich(*paragraphs: str) -> list[dict[str, Any]]:
    """A StreamField body of plain paragraphs (raw JSON form, escaped as rich text)."""
    return [
        {"type": "paragraph", "value": f"<p>{html.escape(p, quote=False)}</p>"} for p in paragraphs
    ]


def paragraph_html(*paragraphs: str) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def existing_child(parent: Page, slug: str) -> Any:
    page = parent.get_children().filter(slug=slug).first()
    return page.specific if page is not None else None


def backdate(page: Page, at: datetime | None) -> None:
    """Make the page look published at ``at`` (listings sort on first publication)."""
    if at is None:
        return
    Page.objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)


def add_published(parent: Page, page: Page, *, user: Any, at: datetime | None = None) -> Any:
    """Add ``page`` under ``parent`` and publish it (one revision); return it."""
    page.locale = parent.locale
    page.owner = user
    parent.add_child(instance=page)
    # Validated once by add_child's save; the revision need not validate it again.
    publish(page.save_revision(user=user, clean=False), user)
    backdate(page, at)
    page.refresh_from_db()
    TOUCHED.append(page)
    return page


def publish(revision: Any, user: Any) -> None:
    """Publish as the demo editor, who may lack the section's publish permission (the demo
    is the ministry's seed content, not the editor's own action)."""
    revision.publish(user=user, skip_permission_checks=True)


def pairs(source: Iterable[str], target: Iterable[str]) -> dict[str, str]:
    """Source texts to their translations, also keyed by their HTML-escaped form (rich-text
    segments are stored escaped)."""
    strings: dict[str, str] = {}
    for src, dst in zip(source, target, strict=True):
        if not src or not dst:
            continue
        strings[src] = dst
        strings.setdefault(html.escape(src, quote=False), html.escape(dst, quote=False))
    return strings


def has_translation(instance: Model, language: str) -> bool:
    return bool(instance.has_translation(Locale.objects.get(language_code=language)))  # type: ignore[attr-defined]


def translate_once(
    instance: Any,
    language: str,
    strings: Mapping[str, str],
    *,
    user: Any,
    at: datetime | None = None,
) -> bool:
    """Translate ``instance`` into ``language`` unless it already is; True when it was."""
    if has_translation(instance, language):
        return False
    if not isinstance(instance, Page):
        TOUCHED.append(translate(instance, language, strings, user=user))
        return True
    # A draft, then published here and now: wagtail-localize would publish it only when the
    # whole demo's transaction commits, too late to date it back.
    translated = translate(instance, language, strings, user=user, publish=False)
    publish(translated.latest_revision, user)
    backdate(translated, at)
    TOUCHED.append(translated)
    return True
