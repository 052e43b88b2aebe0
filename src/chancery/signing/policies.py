"""Who may do what with a signed document (on top of the access model's visibility)."""

from __future__ import annotations

from chancery.core.service import Guarded, Role, User, policy
from chancery.signing.constants import IssuedStatus
from chancery.signing.models import SignedDocument


def _of_issuer(user: User, document: SignedDocument) -> bool:
    return user.unit_id is not None and user.unit_id == document.issuer_unit_id


@policy(SignedDocument, "countersign")
def may_countersign(user: User, obj: Guarded) -> bool:
    """Anyone who can see a valid document may add a signature with their own certificate;
    which certificate they may use is decided when the key is unlocked."""
    assert isinstance(obj, SignedDocument)
    return obj.status == IssuedStatus.VALID


@policy(SignedDocument, "timestamp")
def may_timestamp(user: User, obj: Guarded) -> bool:
    assert isinstance(obj, SignedDocument)
    return obj.status == IssuedStatus.VALID and (
        user.pk == obj.created_by_id or _of_issuer(user, obj) or user.has_role(Role.ADMIN)
    )


@policy(SignedDocument, "revoke")
def may_revoke(user: User, obj: Guarded) -> bool:
    """The issuing unit's head or a ministry leader, the clerk of the issuing unit who issued
    it, or an administrator."""
    assert isinstance(obj, SignedDocument)
    if obj.status != IssuedStatus.VALID:
        return False
    if user.has_role(Role.ADMIN) or user.has_role(Role.LEADER):
        return True
    if user.has_role(Role.UNIT_HEAD) and _of_issuer(user, obj):
        return True
    return user.pk == obj.created_by_id and user.has_role(Role.CLERK)
