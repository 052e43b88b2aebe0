"""Travel advisories: the record of each published edition and the alerts of major ones.

Modelled on GOV.UK's foreign travel advice: one edition per country and language, a level,
ordered sections, a public list of updates (major ones marked), an Atom feed per country, and
e-mail alerts to subscribers on a major update only.

* ``record_update`` runs on every publication (``publishing.after_publish``) and writes one
  ``AdvisoryUpdate`` per published revision.
* ``send_alerts`` e-mails a major update to its subscribers, at most once each (the outbox's
  e-mail step calls it; the job ``portal.send_advisory_alerts`` runs it on its own).

Who gets which alert (each active subscriber exactly one alert per major change):

* a subscriber whose language has a live edition of the country's advisory is alerted by the
  update of *that* edition, in that language, when that edition is published;
* every other subscriber (their language has no live edition, or is not a portal language) is
  alerted by the update of the source-language (``vi``) edition;
* a translation's major update is the translation of the latest source-language major update
  published before it (its ``change``); a subscriber already alerted of that change, in any
  language, is not alerted again. Re-publishing a translation therefore never repeats an alert.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chancery.portal.constants import (
    ADVISORY_SEVERITY,
    AdvisoryLevel,
    SubscriptionTopic,
    UpdateKind,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from wagtail.models import Revision

    from chancery.portal.models import AdvisoryIndexPage, AdvisoryPage, AdvisoryUpdate, Subscription

logger = logging.getLogger(__name__)

# Alerts are sent this many at a time, over one SMTP connection, with progress reported after
# each batch; a failure stops the run (the job retries) and keeps the batches already sent.
BATCH_SIZE = 200


@dataclass(frozen=True)
class LevelInfo:
    """How a level is shown: the ministry's tier in words, an icon (USWDS sprite) whose shape
    differs per level (never colour alone), and the USWDS alert style."""

    level: str
    label: StrOrPromise
    tier: StrOrPromise
    description: StrOrPromise
    icon: str
    style: str

    @property
    def severity(self) -> int:
        return ADVISORY_SEVERITY[self.level]


LEVELS: dict[str, LevelInfo] = {
    info.level: info
    for info in (
        LevelInfo(
            AdvisoryLevel.NORMAL.value,
            AdvisoryLevel.NORMAL.label,
            _("No advisory from the Ministry"),
            _("Travel is possible: take the usual precautions and follow local news."),
            "check_circle",
            "success",
        ),
        LevelInfo(
            AdvisoryLevel.ADVISORY.value,
            AdvisoryLevel.ADVISORY.label,
            _("Ministry tier 1 of 3: advisory"),
            _("Be careful: there are risks in some places or at some times."),
            "info",
            "info",
        ),
        LevelInfo(
            AdvisoryLevel.WARNING.value,
            AdvisoryLevel.WARNING.label,
            _("Ministry tier 2 of 3: warning"),
            _("Reconsider travel: the risks are serious; travel only if it is essential."),
            "warning",
            "warning",
        ),
        LevelInfo(
            AdvisoryLevel.REQUEST.value,
            AdvisoryLevel.REQUEST.label,
            _("Ministry tier 3 of 3: request"),
            _("Do not travel. Citizens already there are asked to leave now."),
            "do_not_disturb",
            "error",
        ),
    )
}


def level_info(level: str) -> LevelInfo:
    return LEVELS.get(level, LEVELS[AdvisoryLevel.NORMAL.value])


# --- Recording updates -------------------------------------------------------------------


def record_update(page: Any, revision: Revision) -> AdvisoryUpdate | None:
    """Record the publication of an ``AdvisoryPage`` revision; ``None`` for other pages.

    Who may call: ``publishing.after_publish`` (every publication path: the Publish button, an
    approved workflow, scheduled publishing, wagtail-localize's "publish translation"), inside
    the publishing transaction. Idempotent: a revision is recorded once (a scheduled revision
    is announced when scheduled and again when it goes live). A revision scheduled for later is
    recorded with its go-live time, and stays out of the page, the feed and the alerts until
    then. The kind is what the editor chose for this revision; the *next* edit's form proposes
    "minor" again (``advisory_form.AdvisoryPageForm``), so nothing is rewritten here.
    """
    from chancery.portal.models import AdvisoryPage, AdvisoryUpdate

    page = page.specific if hasattr(page, "specific") else page
    if not isinstance(page, AdvisoryPage):
        return None
    now = timezone.now()
    go_live = page.go_live_at
    update, _created = AdvisoryUpdate.objects.get_or_create(
        revision=revision,
        defaults={
            "page_id": page.pk,
            "published_at": go_live if go_live and go_live > now else now,
            "kind": page.update_kind or UpdateKind.MINOR,
            "level": page.level,
            "note": page.change_note,
        },
    )
    return update


def visible_updates(page: AdvisoryPage) -> QuerySet[AdvisoryUpdate]:
    """The updates readers may see: already published (never an embargoed one), newest first."""
    from chancery.portal.models import AdvisoryUpdate

    return AdvisoryUpdate.objects.filter(page=page, published_at__lte=timezone.now()).order_by(
        "-published_at", "-pk"
    )


# --- Alerts ------------------------------------------------------------------------------


def change_of(update: AdvisoryUpdate) -> AdvisoryUpdate:
    """The major change ``update`` tells of: itself for the source-language edition; for a
    translation, the latest source-language major update published before it (the change the
    translation follows), or itself when the source edition has none."""
    from chancery.portal.models import AdvisoryUpdate
    from chancery.portal.site import source_language

    page = update.page
    source = source_language()
    if page.locale.language_code == source:
        return update
    original = (
        AdvisoryUpdate.objects.filter(
            page__translation_key=page.translation_key,
            page__locale__language_code=source,
            kind=UpdateKind.MAJOR,
            published_at__lte=update.published_at,
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    return original or update


def recipients(update: AdvisoryUpdate) -> QuerySet[Subscription]:
    """The active subscriptions ``update`` is for: confirmed, not unsubscribed, to this country
    or to every advisory, in the update's language; the source-language edition's update also
    serves the languages that have no live edition of this advisory."""
    from chancery.portal.models import AdvisoryPage, Subscription
    from chancery.portal.site import source_language

    page = update.page
    country = page.country_code.upper()
    active = Subscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).filter(
        Q(topic=SubscriptionTopic.ADVISORY, country_code__iexact=country)
        | Q(topic=SubscriptionTopic.ALL_ADVISORIES)
    )
    language = page.locale.language_code
    if language != source_language():
        return active.filter(language=language)
    translated = (
        AdvisoryPage.objects.live()
        .filter(translation_key=page.translation_key)
        .exclude(locale__language_code=language)
        .values_list("locale__language_code", flat=True)
    )
    return active.exclude(language__in=list(translated))


def send_alerts(update_id: int, *, progress: Callable[[int, int], None] | None = None) -> int:
    """E-mail a major update to its subscribers, once each; return how many were sent now.

    Who may call: the outbox's e-mail step and the job ``portal.send_advisory_alerts``;
    synchronous and idempotent. Sends nothing for a minor update, an unknown one, a page that
    is not live, an update whose publication time is still to come, or one whose alerts were
    all sent. Each alert is written to ``AdvisoryAlert`` in the same transaction as its
    sending: a second call, or a concurrent one (it waits on the unique row), skips it; a
    failed send rolls its row back and raises, so that a retry sends it. ``progress(done,
    total)`` is called after each batch of ``BATCH_SIZE``.
    """
    from chancery.portal.models import AdvisoryUpdate

    update = (
        AdvisoryUpdate.objects.select_related("page", "page__locale").filter(pk=update_id).first()
    )
    if update is None or update.kind != UpdateKind.MAJOR or update.alerts_sent_at is not None:
        return 0
    if not update.page.live or update.published_at > timezone.now():
        return 0
    change = change_of(update)
    wanted = recipients(update)
    ids = list(
        wanted.exclude(advisory_alerts__change=change).order_by("pk").values_list("pk", flat=True)
    )
    total, sent = len(ids), 0
    for start in range(0, total, BATCH_SIZE):
        # Read again: someone may have unsubscribed since the list was made.
        batch = wanted.filter(pk__in=ids[start : start + BATCH_SIZE]).order_by("pk")
        with get_connection() as connection:
            for subscription in batch:
                sent += _send_one(update, change, subscription, connection)
        done = min(start + BATCH_SIZE, total)
        logger.info("advisory update %s: %s of %s alerts handled", update.pk, done, total)
        if progress is not None:
            progress(done, total)
    AdvisoryUpdate.objects.filter(pk=update.pk, alerts_sent_at__isnull=True).update(
        alerts_sent_at=timezone.now()
    )
    return sent


def _send_one(
    update: AdvisoryUpdate, change: AdvisoryUpdate, subscription: Subscription, connection: Any
) -> int:
    from chancery.portal.models import AdvisoryAlert

    with transaction.atomic():
        try:
            with transaction.atomic():
                AdvisoryAlert.objects.create(
                    update=update, change=change, subscription=subscription
                )
        except IntegrityError:
            return 0  # already sent (or being sent by a concurrent run that committed)
        alert_message(update, subscription, connection=connection).send()
    return 1


def _absolute(path: str) -> str:
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + path


def page_path(page: AdvisoryPage) -> str:
    parts = page.get_url_parts()
    return str(parts[2]) if parts else "/"


def alert_message(
    update: AdvisoryUpdate, subscription: Subscription, *, connection: Any = None
) -> EmailMultiAlternatives:
    """The alert of ``update`` for ``subscription``, in the subscriber's language, with a
    one-click unsubscribe link (RFC 8058 headers)."""
    page = update.page
    with translation.override(subscription.language):
        unsubscribe = _absolute(
            reverse("portal:subscription_unsubscribe", kwargs={"token": subscription.token})
        )
        info = level_info(update.level)
        context = {
            "update": update,
            "page": page,
            "country": page.title,
            "level": info,
            "level_label": str(info.label),
            "note": update.note,
            "link": _absolute(page_path(page)),
            "unsubscribe": unsubscribe,
            "language": subscription.language,
        }
        subject = gettext("%(country)s: travel advice updated (%(level)s)") % {
            "country": page.title,
            "level": info.label,
        }
        text = render_to_string("portal/email/advisory_alert.txt", context)
        html = render_to_string("portal/email/advisory_alert.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:255],
        body=text,
        to=[subscription.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": subscription.language,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Reading: the page, the index, the feed -------------------------------------------------


def page_context(page: AdvisoryPage) -> dict[str, Any]:
    """What ``advisory_page.html`` shows beside the page's own fields."""
    updates = list(visible_updates(page))
    return {
        "level": level_info(page.level),
        "updates": updates,
        "latest_update": updates[0] if updates else None,
        "subscribe_url": reverse("portal:subscribe")
        + f"?topic={SubscriptionTopic.ADVISORY.value}&country={page.country_code.upper()}",
        "feed_url": reverse(
            "portal:advisory_feed", kwargs={"country_code": page.country_code.upper()}
        ),
    }


def folded(title: str) -> str:
    """``title`` without diacritics, in lower case ("Ấn Độ" → "an do"): the sort key of the
    index, the same in every language whatever the database's collation."""
    text = title.replace("Đ", "D").replace("đ", "d")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.casefold().strip()


def first_letter(title: str) -> str:
    """The letter a title is filed under: its first letter without diacritics ("Ấn Độ" → A,
    "Đan Mạch" → D), so that the filter works the same in every language."""
    for char in folded(title):
        if char.isalpha():
            return char.upper()
    return "#"


def index_context(index: AdvisoryIndexPage, request: HttpRequest) -> dict[str, Any]:
    """Every country's advisory, sorted by title, filtered by ``?level=`` and ``?letter=``
    (unknown values are ignored: the whole list shows)."""
    pages = sorted(index.listed(), key=lambda page: (folded(page.title), page.title))
    letters = sorted({first_letter(page.title) for page in pages})
    level = request.GET.get("level", "")
    letter = request.GET.get("letter", "").upper()
    level = level if level in LEVELS else ""
    letter = letter if letter in letters else ""
    shown = [
        (page, level_info(page.level))
        for page in pages
        if (not level or page.level == level) and (not letter or first_letter(page.title) == letter)
    ]
    return {
        "advisories": shown,
        "levels": list(LEVELS.values()),
        "letters": letters,
        "selected_level": level,
        "selected_letter": letter,
        "total": len(pages),
    }


def feed_edition(country_code: str, language: str) -> AdvisoryPage | None:
    """The live advisory of ``country_code`` in ``language``, or in the source language when
    that language has no edition; ``None`` when the country has no live advisory."""
    from chancery.portal.models import AdvisoryPage
    from chancery.portal.site import source_language

    live = AdvisoryPage.objects.live().public().filter(country_code__iexact=country_code)
    for code in (language, source_language()):
        page = live.filter(locale__language_code=code).first()
        if page is not None:
            return page
    return None
