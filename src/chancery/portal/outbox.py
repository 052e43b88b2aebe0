"""The dissemination outbox: the ordered steps that follow the publication of a revision.

``enqueue(page, revision)`` runs inside the publishing transaction (``publishing.py``). It
records, once per revision, one ``OutboxStep`` per ``OutboxKind`` in ``OUTBOX_ORDER``:

1. CACHE_PURGE, always: the portal's page cache is purged again once the revision is
   committed (``publishing.py`` already purges on commit; this one is recorded and retried).
2. FEEDS, always: feeds are built on request from the database, so nothing is regenerated;
   the step checks that the page is listed where its section's feed reads, and says so.
3. EMAIL_ALERTS: travel advisories published as a major update only; it sends the alerts of
   that revision's ``AdvisoryUpdate`` (``advisories.send_alerts``). Not needed otherwise.
4. FACEBOOK: the Vietnamese version; 5. X: the English version (both are settings:
   ``CHANCERY_PORTAL_FACEBOOK_LANGUAGE``, ``CHANCERY_PORTAL_X_LANGUAGE``). The rule is the
   same for both networks: a public news item or press briefing is posted on its first
   publication only (later corrections are not re-posted), a travel advisory on every major
   update; other page types are not posted. A network that is not configured is skipped.

It then defers ``portal.run_outbox(revision_id)`` in the same transaction (one waiting job
per revision). The job runs the steps in order. A step that fails temporarily (network
unreachable, 5xx, 429, rate-limit codes) is marked RETRYING with its attempts, a short error
and ``next_attempt_at`` (exponential backoff), and gets a ``portal.retry_outbox_step`` job at
that time; the job goes on with the next step, so a failed post never holds back the others.
After ``CHANCERY_PORTAL_OUTBOX_MAX_ATTEMPTS`` tries, or at once on a permanent failure (any
other 4xx), the step is FAILED; an editor may retry it from the page's Dissemination view.

A DONE or SKIPPED step is never run again. Social networks offer no idempotency key, so a
post whose answer was lost (a crash or a timeout after the network accepted it) could go out
twice: every attempt after the first looks for a post of ours carrying the page's link made
since the step was created, and records it instead of posting again. The risk left is a post
made in the seconds before a crash that the network's listing does not yet show.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from procrastinate.exceptions import AlreadyEnqueued

from chancery.portal.constants import OUTBOX_ORDER, OutboxKind, OutboxStatus, UpdateKind
from chancery.portal.models import (
    AdvisoryPage,
    AdvisoryUpdate,
    BriefingPage,
    ListingPage,
    NewsPage,
    OutboxStep,
)
from chancery.portal.social import PermanentFailure, TemporaryFailure, network

log = logging.getLogger(__name__)


def network_language(kind: str) -> str:
    """The language version the network ``kind`` receives (a setting: vi for Facebook, en
    for X by default)."""
    if kind == OutboxKind.FACEBOOK:
        return str(settings.CHANCERY_PORTAL_FACEBOOK_LANGUAGE)
    return str(settings.CHANCERY_PORTAL_X_LANGUAGE)


# The longest wait between two tries, however many there were.
MAX_BACKOFF = dt.timedelta(hours=6)
# pg_try_advisory_lock(class, step id): one runner per step across all workers.
LOCK_CLASS = 0x504F5254
FINISHED = (OutboxStatus.DONE, OutboxStatus.SKIPPED)

# What a step did or why it was not needed; stored as a key (``key`` or ``key:count``) and
# read in the editor's language.
OUTCOMES: dict[str, Any] = {
    "purged": _("The portal's page cache was purged."),
    "listed": _("The page is listed in its section's feed."),
    "no_feed": _("Its section has no feed."),
    "private": _("The page is private: nothing is sent out."),
    "withdrawn": _("The page was unpublished before this step ran."),
    "not_advisory": _("Only travel advisories send e-mail alerts."),
    "minor": _("A minor update: subscribers are not alerted and nothing is posted."),
    "alerts_sent": _("E-mail alerts sent: %(count)s."),
    "not_configured": _("This network is not configured."),
    "other_language": _("This network receives another language version."),
    "not_posted_type": _("Pages of this type are not posted to social networks."),
    "posted_before": _("Already posted for an earlier version of this page."),
    "posted": _("Posted."),
    "found_posted": _("Found already posted by an earlier try; not posted again."),
}


def describe(outcome: str) -> str:
    """The outcome key of a step, in the current language."""
    if not outcome:
        return ""
    key, _sep, count = outcome.partition(":")
    message = OUTCOMES.get(key)
    if message is None:
        return outcome
    return str(message) % {"count": count} if count else str(message)


# -- Creating the steps ----------------------------------------------------------------------


def enqueue(page: Any, revision: Any) -> list[OutboxStep]:
    """Create the ordered steps of a published revision and defer the job that runs them.

    Called by ``publishing.after_publish`` inside the publishing transaction; idempotent (a
    second call for the same revision finds the steps and the waiting job). A new page
    scheduled for later is announced by Wagtail when it is scheduled (not live yet) and again
    when it goes live: only the second time has anything to disseminate."""
    page = page.specific
    if not page.live:
        return []
    steps = []
    for kind, position in sorted(OUTBOX_ORDER.items(), key=lambda item: item[1]):
        status, outcome = _plan(page, revision, kind)
        step, _created = OutboxStep.objects.get_or_create(
            revision=revision,
            kind=kind,
            defaults={"page": page, "position": position, "status": status, "outcome": outcome},
        )
        steps.append(step)
    if any(step.status == OutboxStatus.PENDING for step in steps):
        defer_run(revision.pk)
    return steps


def _plan(page: Any, revision: Any, kind: str) -> tuple[str, str]:
    """(status, outcome) of a new step: PENDING, or SKIPPED with the reason."""
    pending = (OutboxStatus.PENDING.value, "")
    if kind in (OutboxKind.CACHE_PURGE, OutboxKind.FEEDS):
        return pending
    if _private(page):
        return OutboxStatus.SKIPPED.value, "private"
    if kind == OutboxKind.EMAIL_ALERTS:
        if not isinstance(page, AdvisoryPage):
            return OutboxStatus.SKIPPED.value, "not_advisory"
        if page.update_kind != UpdateKind.MAJOR:
            return OutboxStatus.SKIPPED.value, "minor"
        return pending
    reason = _not_posted(page, revision, kind)
    return (OutboxStatus.SKIPPED.value, reason) if reason else pending


def _not_posted(page: Any, revision: Any, kind: str) -> str:
    """Why this revision is not posted to the network ``kind`` ("" when it is)."""
    if page.locale.language_code != network_language(kind):
        return "other_language"
    if isinstance(page, AdvisoryPage):
        if page.update_kind != UpdateKind.MAJOR:
            return "minor"
    elif isinstance(page, NewsPage | BriefingPage):
        earlier = (
            OutboxStep.objects.filter(page=page, kind=kind)
            .exclude(revision=revision)
            .exclude(status=OutboxStatus.SKIPPED)
        )
        if earlier.exists():
            return "posted_before"
    else:
        return "not_posted_type"
    if network(kind) is None:
        return "not_configured"
    return ""


def _private(page: Any) -> bool:
    return bool(page.get_view_restrictions().exists())


def defer_run(revision_id: int) -> None:
    """Defer ``portal.run_outbox`` in the caller's transaction; one waiting job per revision."""
    from chancery.portal.tasks import run_outbox

    try:
        # A savepoint: the refused insert of a second waiting job must not abort publishing.
        with transaction.atomic():
            run_outbox.configure(
                queue=settings.CHANCERY_PORTAL_OUTBOX_QUEUE,
                queueing_lock=f"portal.outbox.{revision_id}",
            ).defer(revision_id=revision_id)
    except AlreadyEnqueued:
        pass


def defer_retry(step_id: int, at: dt.datetime | None) -> None:
    """Defer ``portal.retry_outbox_step`` at ``at`` (now when None), in the caller's
    transaction. Duplicates are harmless: a step that is done, or not yet due, is left."""
    from chancery.portal.tasks import retry_outbox_step

    retry_outbox_step.configure(queue=settings.CHANCERY_PORTAL_OUTBOX_QUEUE, schedule_at=at).defer(
        step_id=step_id
    )


# -- Running the steps -----------------------------------------------------------------------


def run(revision_id: int) -> None:
    """Run the revision's waiting steps in order (the job ``portal.run_outbox``).

    Steps waiting for a retry are left to their own retry job; a failing step never stops
    the next ones."""
    ids = OutboxStep.objects.filter(
        revision_id=revision_id, status=OutboxStatus.PENDING
    ).values_list("pk", flat=True)
    for step_id in list(ids.order_by("position")):
        run_step(step_id)


def run_step(step_id: int) -> str | None:
    """Try one step once; answer its status afterwards (None when another runner holds it).

    A finished or FAILED step is left alone; a RETRYING step is tried only once it is due
    (the editor's "Retry now" makes it due at once)."""
    with _held(step_id) as held:
        if not held:
            return None
        step = OutboxStep.objects.select_related("page", "revision").filter(pk=step_id).first()
        if step is None or step.status in FINISHED:
            return None if step is None else step.status
        due = step.next_attempt_at is None or step.next_attempt_at <= timezone.now()
        if step.status == OutboxStatus.FAILED or not due:
            return step.status
        # The try is recorded before the network is called, so that a crash in between is
        # seen by the next try (attempts > 1: look for the post before posting again).
        step.attempts += 1
        step.status = OutboxStatus.PENDING
        step.next_attempt_at = None
        step.save(update_fields=["attempts", "status", "next_attempt_at", "updated_at"])
        try:
            result = RUNNERS[step.kind](step)
        except PermanentFailure as failure:
            _failed(step, str(failure))
        except TemporaryFailure as failure:
            _retry_or_fail(step, str(failure), failure.retry_at)
        except Exception as error:  # a bug or an outage of ours: retried, never silent
            log.exception("outbox step %s (%s) failed", step.pk, step.kind)
            _retry_or_fail(step, f"internal error: {type(error).__name__}", None)
        else:
            step.status = result.status
            step.outcome = result.outcome
            step.external_id = result.external_id or step.external_id
            step.last_error = ""
            step.save(
                update_fields=["status", "outcome", "external_id", "last_error", "updated_at"]
            )
        return step.status


def _failed(step: OutboxStep, error: str) -> None:
    step.status = OutboxStatus.FAILED
    step.last_error = error[:500]
    step.save(update_fields=["status", "last_error", "updated_at"])


def _retry_or_fail(step: OutboxStep, error: str, not_before: dt.datetime | None) -> None:
    if step.attempts >= settings.CHANCERY_PORTAL_OUTBOX_MAX_ATTEMPTS:
        _failed(step, error)
        return
    at = timezone.now() + backoff(step.attempts)
    if not_before is not None and not_before > at:
        at = not_before
    with transaction.atomic():
        step.status = OutboxStatus.RETRYING
        step.last_error = error[:500]
        step.next_attempt_at = at
        step.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
        defer_retry(step.pk, at)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed try: the base, doubled each time, capped."""
    base = settings.CHANCERY_PORTAL_OUTBOX_BACKOFF_SECONDS
    return min(dt.timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def retry_now(step: OutboxStep) -> None:
    """The editor's "Retry now" on a FAILED or RETRYING step: one more try, right away.

    The caller has checked that the user may publish the page; a step in any other state is
    refused with ``ValueError``."""
    if step.status not in (OutboxStatus.FAILED, OutboxStatus.RETRYING):
        raise ValueError("only a failed or retrying step can be retried")
    with transaction.atomic():
        step.status = OutboxStatus.RETRYING
        step.next_attempt_at = timezone.now()
        step.save(update_fields=["status", "next_attempt_at", "updated_at"])
        defer_retry(step.pk, None)


@contextmanager
def _held(step_id: int) -> Iterator[bool]:
    """A session advisory lock on the step: released when the block ends, or by PostgreSQL
    when a crashed worker's connection drops."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, step_id])
        held = bool(cursor.fetchone()[0])
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, step_id])


# -- What each step does ---------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    status: str
    outcome: str
    external_id: str = ""


def _done(outcome: str, external_id: str = "") -> Result:
    return Result(OutboxStatus.DONE.value, outcome, external_id)


def _skipped(outcome: str) -> Result:
    return Result(OutboxStatus.SKIPPED.value, outcome)


def _cache_purge(step: OutboxStep) -> Result:
    from chancery.portal import cache

    cache.purge(f"dissemination of revision {step.revision_id}")
    return _done("purged")


def _feeds(step: OutboxStep) -> Result:
    page = step.page.specific
    if not page.live:
        return _skipped("withdrawn")
    parent = page.get_parent().specific
    if not isinstance(parent, ListingPage) or not parent.feed_section:
        return _skipped("no_feed")
    if _private(page):
        return _skipped("private")
    if not parent.listed().filter(pk=page.pk).exists():
        raise PermanentFailure("the page is not listed in its section's feed")
    return _done("listed")


def _email_alerts(step: OutboxStep) -> Result:
    from chancery.portal import advisories

    update = AdvisoryUpdate.objects.filter(revision_id=step.revision_id).first()
    if update is None:
        raise PermanentFailure("no advisory update was recorded for this revision")
    if update.kind != UpdateKind.MAJOR:
        return _skipped("minor")
    sent = advisories.send_alerts(update.pk)
    return _done(f"alerts_sent:{sent}")


def _social(step: OutboxStep) -> Result:
    page = step.page.specific
    if not page.live:
        return _skipped("withdrawn")
    adapter = network(step.kind)
    if adapter is None:
        return _skipped("not_configured")
    link = page.get_full_url()
    if step.attempts > 1:
        try:
            found = adapter.find_post(link, since=step.created_at)
        except PermanentFailure as failure:
            # The account may not be allowed to read its own posts (X's lowest tier): post
            # anyway, accepting the small risk of a duplicate, and say so in the logs.
            log.warning("outbox step %s: cannot look for an earlier post: %s", step.pk, failure)
            found = None
        if found:
            return _done("found_posted", found)
    post_id = adapter.post(message(page, step.kind), link, network_language(step.kind))
    return _done("posted", post_id)


def message(page: Any, kind: str) -> str:
    """The text posted with the page's link: the title and a sentence of context (the change
    note of an advisory, the summary of an article); X gets one line, shortened to fit."""
    context = page.change_note if isinstance(page, AdvisoryPage) else page.summary
    if kind == OutboxKind.X:
        return f"{page.title}: {context}" if isinstance(page, AdvisoryPage) else page.title
    return f"{page.title}\n\n{context}".strip()


RUNNERS: dict[str, Callable[[OutboxStep], Result]] = {
    OutboxKind.CACHE_PURGE.value: _cache_purge,
    OutboxKind.FEEDS.value: _feeds,
    OutboxKind.EMAIL_ALERTS.value: _email_alerts,
    OutboxKind.FACEBOOK.value: _social,
    OutboxKind.X.value: _social,
}
