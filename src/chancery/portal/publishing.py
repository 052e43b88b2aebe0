"""What follows the publication (or withdrawal) of a portal page, in one visible order.

Wagtail owns publishing: the editor's Publish button, an approved workflow, scheduled
publishing and wagtail-localize's "publish translation" all end in ``Revision.publish``, which
sends ``page_published``; unpublishing sends ``page_unpublished``. These two receivers are the
only signal handlers of the portal's business flow (STYLE.md prefers explicit calls, but there
is no other single point that every path passes through); everything after them is explicit:

1. record an advisory update (travel advisories only);
2. purge the page cache at once, so that readers see the change on their next request;
3. queue the dissemination outbox (feeds, e-mail alerts, social networks), run by a job
   deferred in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def after_publish(page: Any, revision: Any) -> None:
    """Called once per published revision, inside the publishing transaction."""
    from chancery.portal import advisories, cache, outbox

    page = page.specific
    advisories.record_update(page, revision)
    transaction.on_commit(lambda: cache.purge(f"published {page.pk}"))
    outbox.enqueue(page, revision)


def after_unpublish(page: Any) -> None:
    """Called when a page is taken down (unpublished, expired, deleted or moved)."""
    from chancery.portal import cache

    transaction.on_commit(lambda: cache.purge(f"withdrawn {page.pk}"))


def _published(sender: Any, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    if revision is not None:
        after_publish(instance, revision)


def _withdrawn(sender: Any, instance: Any, **kwargs: Any) -> None:
    after_unpublish(instance)


def connect() -> None:
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_published, dispatch_uid="portal-published")
    page_unpublished.connect(_withdrawn, dispatch_uid="portal-unpublished")
    post_page_move.connect(_withdrawn, dispatch_uid="portal-moved")
