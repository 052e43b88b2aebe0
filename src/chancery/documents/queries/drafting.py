"""Permission-checked reads of drafting: versions and comments, the approval history, the
recipients and their dispatch, for documents the user may read."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from chancery.documents.constants import Direction
from chancery.documents.models import ApprovalStep, DraftVersion, Recipient, ReviewComment
from chancery.documents.queries.documents import documents_visible_to, get_document_for_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User
    from chancery.documents.models import Document
    from chancery.documents.models.documents import DocumentQuerySet


def versions_of(document: Document) -> list[DraftVersion]:
    """Every version, newest first, with its files, author and comments (3 queries)."""
    comments = ReviewComment.objects.select_related("author", "resolved_by").order_by("created_at")
    return list(
        document.draft_versions.select_related("file", "pdf", "author")
        .prefetch_related(Prefetch("comments", queryset=comments))
        .order_by("-number")
    )


def approval_rounds(document: Document) -> list[tuple[int, list[ApprovalStep]]]:
    """The approval steps grouped by round, latest round first (1 query)."""
    steps = document.approval_steps.select_related("approver", "version").order_by(
        "-round", "order"
    )
    return [(number, list(group)) for number, group in groupby(steps, key=lambda s: s.round)]


def recipients_of(document: Document) -> QuerySet[Recipient]:
    return document.recipients.select_related("unit").order_by("pk")


def replies_possible(user: User | AnonymousUser) -> DocumentQuerySet:
    """Incoming documents a draft may answer: those the user reads, latest first."""
    return documents_visible_to(user).filter(direction=Direction.INCOMING).order_by("-created_at")


def get_comment_for_user(user: User | AnonymousUser, pk: object, comment_pk: int) -> ReviewComment:
    """A review comment of a document ``user`` may read; ``Http404`` otherwise."""
    document = get_document_for_user(user, pk)
    try:
        return ReviewComment.objects.select_related("version__document").get(
            pk=comment_pk, version__document=document
        )
    except (ReviewComment.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
