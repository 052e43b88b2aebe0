"""The access filter of search, on the denormalised access columns of documents.

``GuardedQuerySet.visible_to`` decides with ``EXISTS`` subqueries over the three through
tables (compartments, distribution, assigned units). At a million documents, PostgreSQL turns
them into hashed scans of those whole tables on every search (hundreds of milliseconds). Here
the same rule reads three integer arrays on the document row itself, kept by triggers of
migration 0006 in the same transaction as any change of the through tables:

- unclassified, or classified at or below the user's clearance and (the user or a person
  they act for today on the distribution, or the user's unit or such a person's unit
  assigned);
- and every compartment of the document held by the user (need-to-know, at every level).

The user's side (their compartments, the people and units they act for) is computed by
subqueries of the same SQL statement, so the whole decision is still one query. Equality with
``visible_to`` is proved by ``tests/test_search_access_equivalence.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, Func, Q, QuerySet, Value
from django.utils import timezone

from chancery.core.service import Clearance
from chancery.documents.models import Document

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User

_IDS = ArrayField(BigIntegerField())


def _concat(own: list[int], others: Any) -> Func:
    return Func(Value(own, output_field=_IDS), others, function="array_cat", output_field=_IDS)


def access_condition(user: User) -> Q:
    """The rule of ``visible_to`` for documents, on the denormalised columns."""
    delegation: Any = apps.get_model("core", "Delegation")
    user_model: Any = apps.get_model("core", "User")
    principals = (
        delegation.objects.active(timezone.localdate())
        .filter(delegate_id=user.pk, principal__is_active=True)
        .values("principal_id")
    )
    readers = _concat([user.pk], ArraySubquery(principals))
    principal_units = ArraySubquery(
        user_model.objects.filter(pk__in=principals, unit__isnull=False).values("unit_id")
    )
    own_units = [user.unit_id] if user.unit_id is not None else []
    units = _concat(own_units, principal_units)
    held = ArraySubquery(
        user_model.compartments.through.objects.filter(user_id=user.pk).values("compartment_id")
    )
    classified_ok = Q(classification__lte=user.clearance) & (
        Q(access_readers__overlap=readers) | Q(access_units__overlap=units)
    )
    return (Q(classification=Clearance.UNCLASSIFIED) | classified_ok) & Q(
        access_compartments__contained_by=held
    )


def searchable_by(user: User | AnonymousUser) -> QuerySet[Document]:
    """Every document ``user`` may read (the same set as ``documents_visible_to``)."""
    if not user.is_authenticated or not user.is_active:
        return Document.objects.none()
    return Document.objects.filter(access_condition(user))
