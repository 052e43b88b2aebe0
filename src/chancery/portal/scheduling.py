"""Embargo to the minute: scheduled publication and expiry happen at their time, not at the next
cron run.

Wagtail keeps the schedule: publishing a revision with a future ``go_live_at`` stores it as the
revision's ``approved_go_live_at`` and leaves the page unpublished (not live: its URL answers
404 and no listing, feed, sitemap or search shows it); a live page's ``expire_at`` says when it
is taken down. Wagtail's ``publish_scheduled`` command does the due work when something runs it.
Here the same work (``publish_due``) runs

* every minute from the worker (``portal.publish_due`` in tasks.py), and
* from the first portal request at or after the next scheduled change (the page cache keeps
  that moment beside its generation; see cache.py), before anything is served,

one process at a time (a PostgreSQL advisory lock; the others wait for it, then find nothing
left to do). Unlike ``publish_scheduled``, due means ``<= now`` (not ``< now``), so that a page
scheduled for 10:00 is live at 10:00:00.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache as memoize
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Min, Model
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger("chancery.portal.scheduling")

LOCK = "chancery.portal.publish_due"
# How long a request waits for another process's due publication before giving up (it then
# renders from the database, and the minute job tries again).
LOCK_TIMEOUT = "10s"


@dataclass
class DueResult:
    published: list[str] = field(default_factory=list)  # "<model> <pk>" of each
    expired: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.published or self.expired)


@memoize
def _scheduled_models() -> tuple[type[Model], ...]:
    """Page and every other model with Wagtail's draft state (snippets), as publish_scheduled."""
    others = [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    return (Page, *others)


def next_scheduled_change() -> datetime | None:
    """The earliest pending go-live or expiry (past ones included: they are due); ``None``."""
    moments: list[datetime] = []
    pending = Revision.objects.filter(approved_go_live_at__isnull=False).aggregate(
        at=Min("approved_go_live_at")
    )["at"]
    if pending is not None:
        moments.append(pending)
    for model in _scheduled_models():
        expiry = model._default_manager.filter(live=True, expire_at__isnull=False).aggregate(
            at=Min("expire_at")
        )["at"]
        if expiry is not None:
            moments.append(expiry)
    return min(moments) if moments else None


def publish_due(*, reason: str) -> DueResult:
    """Unpublish what has expired and publish the revisions whose go-live time has come, then
    purge the page cache when anything changed (or when the cache's next change had passed,
    since another process may have done the work a moment ago and not purged yet).

    Called by the minute job, by the page cache from a request, and by ``publish_scheduled``
    users through ``chancery portal-purge --due``; no user acts, nothing is refused. Each item
    is done in its own savepoint: one broken revision is logged and does not stop the others.
    """
    from chancery.portal import cache

    now = timezone.now()
    try:
        was_due = cache.state().due(now.timestamp())
    except Exception:  # the cache is down: publish anyway; purge() logs its own failure
        logger.warning("scheduled publishing: the page cache is unavailable", exc_info=True)
        was_due = False
    result = DueResult()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_TIMEOUT])
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [LOCK])
            cursor.execute("SELECT set_config('lock_timeout', '0', true)")
        _expire(now, result)
        _go_live(now, result)
    if result.failed:
        logger.error("scheduled publishing: %s failed (%s)", ", ".join(result.failed), reason)
    if result.changed or was_due:
        cache.purge(
            f"scheduled publishing ({reason}): {len(result.published)} published, "
            f"{len(result.expired)} expired",
            postpone_due=True,
        )
    else:
        try:
            cache.refresh_schedule(postpone_due=True)
        except Exception:
            logger.warning("scheduled publishing: the page cache is unavailable", exc_info=True)
    if result.changed:
        logger.info(
            "scheduled publishing (%s): published %s; expired %s",
            reason,
            ", ".join(result.published) or "nothing",
            ", ".join(result.expired) or "nothing",
        )
    return result


def _expire(now: datetime, result: DueResult) -> None:
    for model in _scheduled_models():
        for obj in list(model._default_manager.filter(live=True, expire_at__lte=now)):
            label = f"{model._meta.label} {obj.pk}"
            try:
                with transaction.atomic():
                    obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")  # type: ignore[attr-defined]
            except Exception:
                logger.exception("scheduled expiry of %s failed", label)
                result.failed.append(label)
            else:
                result.expired.append(label)


def _go_live(now: datetime, result: DueResult) -> None:
    due = Revision.objects.filter(approved_go_live_at__lte=now).order_by("approved_go_live_at")
    for revision in list(due):
        label = f"{revision.base_content_type.model} {revision.object_id}"
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
        except Exception:
            logger.exception("scheduled publication of %s failed", label)
            result.failed.append(label)
        else:
            result.published.append(label)


def _revision_saved(sender: Any, instance: Revision, **kwargs: Any) -> None:
    """A revision scheduled for later moves the cache's next change forward: at once (so that
    a request never misses it) and again from the database once the transaction commits."""
    at = instance.approved_go_live_at
    if at is None:
        return
    from chancery.portal import cache

    try:
        cache.note_scheduled(at)
    except Exception:  # the cache being down must not stop an editor from scheduling
        logger.exception("portal cache: the schedule of revision %s was not noted", instance.pk)
    transaction.on_commit(cache.refresh_schedule)


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(_revision_saved, sender=Revision, dispatch_uid="portal-scheduled")
