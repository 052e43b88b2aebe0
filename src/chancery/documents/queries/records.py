"""Permission-checked reads of records: the file plan, a unit's records, the disposition and
declassification queues, the copy register. Documents the user may not see never appear, not
even in counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from chancery.core.service import Role, can
from chancery.documents.constants import DeclassificationStatus, RecordStatus
from chancery.documents.models import (
    CopyRecord,
    Declassification,
    Disposition,
    Document,
    FilePlanCategory,
)
from chancery.documents.queries.documents import documents_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User


def is_archivist(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.ARCHIVIST))


def file_plan() -> QuerySet[FilePlanCategory]:
    """The active categories of the file plan (not guarded: the schedule is not secret)."""
    return FilePlanCategory.objects.filter(active=True).select_related("parent")


def records_of_unit(user: User) -> QuerySet[Document]:
    """Records (declared, pending, transferred, destroyed) of the user's unit they may see."""
    return (
        documents_visible_to(user)
        .filter(unit_id=user.unit_id or 0)
        .exclude(record_status=RecordStatus.ACTIVE)
        .select_related("file_plan")
        .order_by("retain_until", "pk")
    )


def dispositions_visible_to(user: User) -> QuerySet[Disposition]:
    """Dispositions for archivists, only those whose every document they may see."""
    if not is_archivist(user):
        return Disposition.objects.none()
    visible = documents_visible_to(user).values("pk")
    links = Disposition.documents.through.objects.filter(disposition_id=OuterRef("pk"))
    return Disposition.objects.exclude(
        Exists(links.exclude(document_id__in=visible))
    ).select_related("proposed_by", "decided_by")


def get_disposition_for_user(user: User, pk: object) -> Disposition:
    try:
        return dispositions_visible_to(user).get(pk=str(pk))
    except (Disposition.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def due_records(user: User) -> QuerySet[Document]:
    """Records past retention, not on hold and not yet proposed, that the archivist sees."""
    if not is_archivist(user):
        return Document.objects.none()
    return (
        documents_visible_to(user)
        .filter(
            record_status=RecordStatus.RECORD,
            legal_hold=False,
            retain_until__lt=timezone.localdate(),
        )
        .select_related("file_plan")
        .order_by("retain_until", "pk")
    )


def declassification_queue(user: User) -> QuerySet[Declassification]:
    """Open declassification requests about documents the user sees (leaders, archivists)."""
    if not (is_archivist(user) or user.has_role(Role.LEADER)):
        return Declassification.objects.none()
    return (
        Declassification.objects.filter(
            status=DeclassificationStatus.REQUESTED,
            document__in=documents_visible_to(user).values("pk"),
        )
        .select_related("document", "document__document_type", "requested_by")
        .order_by("requested_at")
    )


def get_declassification_for_user(user: User, pk: object) -> Declassification:
    """A declassification request for a leader or archivist who sees its document; 404
    otherwise."""
    if not (is_archivist(user) or user.has_role(Role.LEADER)):
        raise Http404
    try:
        return (
            Declassification.objects.select_related("document", "requested_by")
            .filter(document__in=documents_visible_to(user).values("pk"))
            .get(pk=int(str(pk)))
        )
    except (Declassification.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def review_queue(user: User) -> QuerySet[Document]:
    """Classified documents whose protection period has passed (archivists, leaders)."""
    if not (is_archivist(user) or user.has_role(Role.LEADER)):
        return Document.objects.none()
    return (
        documents_visible_to(user)
        .filter(classification__gt=0, protection_ends__lt=timezone.localdate())
        .order_by("protection_ends", "pk")
    )


def may_read_copy_register(user: User, document: Document) -> bool:
    """The holding unit's head, archivists and administrators."""
    return can(user, "view", document) and (
        user.has_role(Role.ARCHIVIST)
        or user.has_role(Role.ADMIN)
        or (user.has_role(Role.UNIT_HEAD) and user.unit_id == document.unit_id)
    )


def copy_register(document: Document) -> QuerySet[CopyRecord]:
    """The copy register of a document (callers check ``may_read_copy_register`` first)."""
    return (
        CopyRecord.objects.filter(document=document)
        .select_related("user", "file")
        .order_by("copy_number")
    )
