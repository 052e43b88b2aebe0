"""Who may do what to a document they can see (``core.service.can``), beyond reading.

Refusals of documents the user may not see never reach these rules: ``can`` checks visibility
first, and views answer 404.
"""

from __future__ import annotations

from typing import cast

from chancery.core.service import Guarded, Role, User, policy
from chancery.documents.models import Assignment, Document


def _in_unit(user: User, document: Document) -> bool:
    return user.unit_id is not None and user.unit_id == document.unit_id


@policy(Document, "register")
def may_register(user: User, obj: Guarded) -> bool:
    """Clerks register the documents their unit receives."""
    return user.has_role(Role.CLERK) and _in_unit(user, cast(Document, obj))


@policy(Document, "assign")
def may_assign(user: User, obj: Guarded) -> bool:
    """Ministry leaders assign anywhere; unit heads assign what their unit holds."""
    document = cast(Document, obj)
    return user.has_role(Role.LEADER) or (
        user.has_role(Role.UNIT_HEAD) and _in_unit(user, document)
    )


@policy(Document, "edit")
def may_edit(user: User, obj: Guarded) -> bool:
    """The creator, and clerks and unit heads of the holding unit, while it is not a record."""
    document = cast(Document, obj)
    if document.is_record:
        return False
    return document.created_by_id == user.pk or (
        _in_unit(user, document) and (user.has_role(Role.CLERK) or user.has_role(Role.UNIT_HEAD))
    )


@policy(Document, "manage_records")
def may_manage_records(user: User, obj: Guarded) -> bool:
    """Archivists manage the records of every document they may see."""
    return user.has_role(Role.ARCHIVIST)


@policy(Document, "draft")
def may_draft(user: User, obj: Guarded) -> bool:
    """The drafter of an outgoing document, and the head of its drafting unit, while drafting."""
    document = cast(Document, obj)
    return document.direction == "out" and (
        document.created_by_id == user.pk
        or (user.has_role(Role.UNIT_HEAD) and _in_unit(user, document))
    )


@policy(Document, "review_draft")
def may_review_draft(user: User, obj: Guarded) -> bool:
    """Whoever may see an outgoing draft may comment on it (units consulted included)."""
    return cast(Document, obj).direction == "out"


# Routing and handling ------------------------------------------------------------------------
# Document-level rules are registered policies; rules about one assignment take the assignment
# (its document is already known to be visible to the user when they are asked).

ACTIVE_ASSIGNMENT = ("open", "in_progress")


def heads_unit(user: User, unit_id: object) -> bool:
    """Whether ``user`` is the head of the unit ``unit_id``."""
    return user.has_role(Role.UNIT_HEAD) and user.unit_id is not None and user.unit_id == unit_id


@policy(Document, "comment")
def may_comment(user: User, obj: Guarded) -> bool:
    """Leaders, the holding unit, the units assigned to or consulted on it, its distribution."""
    document = cast(Document, obj)
    if user.has_role(Role.LEADER) or _in_unit(user, document):
        return True
    if document.created_by_id == user.pk:
        return True
    if user.unit_id is not None and document.assigned_units.filter(pk=user.unit_id).exists():
        return True
    return document.distribution.filter(pk=user.pk).exists()


@policy(Document, "request_opinion")
def may_request_opinion(user: User, obj: Guarded) -> bool:
    """Leaders, heads of the holding unit or of a unit handling it, and its specialists."""
    document = cast(Document, obj)
    if user.has_role(Role.LEADER) or (user.has_role(Role.UNIT_HEAD) and _in_unit(user, document)):
        return True
    handling = document.assignments.filter(status__in=ACTIVE_ASSIGNMENT).exclude(role="information")
    if heads_unit(user, user.unit_id) and handling.filter(unit_id=user.unit_id or 0).exists():
        return True
    return handling.filter(assignee_id=user.pk).exists()


def may_sub_assign(user: User, assignment: Assignment) -> bool:
    """The head of the assigned unit, or the person the assignment designates."""
    return heads_unit(user, assignment.unit_id) or assignment.assignee_id == user.pk


def may_handle(user: User, assignment: Assignment) -> bool:
    """Report progress on or complete an assignment: its assignee; for a unit's assignment
    that nobody in the unit holds, the unit head."""
    if assignment.assignee_id is not None:
        return assignment.assignee_id == user.pk
    return heads_unit(user, assignment.unit_id)


def may_cancel(user: User, assignment: Assignment) -> bool:
    """Whoever made the assignment; for a unit's assignment, whoever may assign the document;
    for a sub-assignment, the head of the unit."""
    if assignment.assigned_by_id == user.pk:
        return True
    if assignment.parent_id is not None:
        return heads_unit(user, assignment.unit_id)
    return may_assign(user, assignment.document)
