"""Cursor (keyset) pagination for every list endpoint of the API.

A page is the rows after the last row of the previous page in a fixed ordering whose last field
is unique, so a walk through a list neither repeats nor skips a row when rows are added or
removed between two requests (offset pagination does both), and a deep page costs what the
first one does. The cursor carries the ordering values of that last row, signed so that a
client cannot forge one and opaque so that nobody builds on its format.

Usage in an endpoint::

    @router.get("/units", response=page_schema(UnitOut))
    def list_units(request, page: Query[CursorQuery]):
        return paginate(request, Unit.objects.all(), ordering=("code",), query=page)
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Generic, TypeVar
from uuid import UUID

from django.core import signing
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import create_model

from chancery.lib.problems import INVALID_CURSOR, Problem

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class CursorQuery(Schema):
    cursor: str | None = Field(
        None, description="Opaque cursor from the `next` link of the previous page."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.")


@cache
def page_schema(item: type[Schema], name: str | None = None) -> type[Schema]:
    """The response schema of a page of ``item``: ``{"items": [...], "next": url | null}``."""
    model: type[Schema] = create_model(
        name or f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),  # type: ignore[valid-type]
        next=(str | None, Field(None, description="URL of the next page; null on the last.")),
        next_cursor=(str | None, Field(None, description="The cursor in `next`, on its own.")),
    )
    return model


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next: str | None
    next_cursor: str | None


def _parse(ordering: Sequence[str]) -> list[tuple[str, bool]]:
    if not ordering:
        raise ValueError("cursor pagination needs an ordering ending on a unique field")
    return [(name.lstrip("-"), name.startswith("-")) for name in ordering]


def _value(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _salt(namespace: str, ordering: Sequence[str]) -> str:
    return f"chancery.cursor:{namespace}:{','.join(ordering)}"


def encode_cursor(obj: Any, ordering: Sequence[str], namespace: str) -> str:
    values = [_value(obj, name) for name, _desc in _parse(ordering)]
    if any(value is None for value in values):
        raise ValueError("cursor pagination cannot order on a null value")
    return signing.dumps(
        values, salt=_salt(namespace, ordering), compress=True, serializer=_Serializer
    )


class _Encoder(json.JSONEncoder):
    # Not DjangoJSONEncoder: it cuts datetimes to milliseconds, and a keyset needs them whole.
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, Decimal | UUID):
            return str(o)
        return super().default(o)


class _Serializer(signing.JSONSerializer):
    """Dates, times, decimals and UUIDs as strings, which lookups accept back as they are."""

    def dumps(self, obj: Any) -> bytes:
        return _Encoder(separators=(",", ":")).encode(obj).encode("latin-1")


def decode_cursor(cursor: str, ordering: Sequence[str], namespace: str) -> list[Any]:
    try:
        values = signing.loads(cursor, salt=_salt(namespace, ordering))
    except signing.BadSignature as exc:
        raise Problem(kind=INVALID_CURSOR, detail=_("Start again from the first page.")) from exc
    if not isinstance(values, list) or len(values) != len(ordering):
        raise Problem(kind=INVALID_CURSOR, detail=_("Start again from the first page."))
    return values


def after(ordering: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in ``ordering``: a > x OR (a = x AND b > y) ..."""
    fields = _parse(ordering)
    condition = Q()
    for index, (name, descending) in enumerate(fields):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
        for position in range(index):
            step &= Q(**{fields[position][0]: values[position]})
        condition |= step
    return condition


def paginate(
    request: HttpRequest,
    queryset: models.QuerySet[Any],
    *,
    ordering: Sequence[str],
    query: CursorQuery,
    namespace: str | None = None,
) -> Page[Any]:
    """One page of ``queryset`` in ``ordering`` (its last field must be unique and not null).

    ``namespace`` binds cursors to one list (the request path by default): a cursor from another
    list is refused rather than silently misread.
    """
    namespace = namespace or request.path
    queryset = queryset.order_by(*ordering)
    if query.cursor:
        queryset = queryset.filter(
            after(ordering, decode_cursor(query.cursor, ordering, namespace))
        )
    rows = list(queryset[: query.limit + 1])
    items, more = rows[: query.limit], len(rows) > query.limit
    if not more or not items:
        return Page(items, None, None)
    cursor = encode_cursor(items[-1], ordering, namespace)
    params = request.GET.copy()
    params["cursor"] = cursor
    return Page(items, request.build_absolute_uri(f"{request.path}?{params.urlencode()}"), cursor)
