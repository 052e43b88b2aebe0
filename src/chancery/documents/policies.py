"""Who may do what to a document they can see (``core.service.can``), beyond reading.

Refusals of documents the user may not see never reach these rules: ``can`` checks visibility
first, and views answer 404.
"""

from __future__ import annotations

from typing import cast

from chancery.core.service import Guarded, Role, User, policy
from chancery.documents.models import Document


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
