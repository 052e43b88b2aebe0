"""The cable search: text, filters, access, ranking, counts, facets and snippets.

Every row, count and facet comes from one queryset that starts from
``Cable.objects.visible_to(user)`` (the access model at every level, captions and addressee
lists): access, text match and filters are one SQL statement, and the total is taken in that
same statement (``count(*) OVER ()``). The text is matched in the three configurations as in
documents (``documents.search.query.text_query``); snippets reuse the documents' highlighting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, TextField, Window
from django.db.models.functions import Left
from django.utils.safestring import SafeString, mark_safe

from chancery.documents.cables.search.params import ANY_STATUS, CableSearchParams
from chancery.documents.models import Cable, CableAddressee, PrecedenceLevel
from chancery.documents.search.query import (
    MARK_START,
    MARK_STOP,
    marked,
    strip_markers,
    text_query,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User

PAGE_SIZE = 20
MAX_PAGE = 50
FACET_TAGS = 20
DATE_ORDER: list[Any] = [
    F("released_at").desc(nulls_last=True),
    F("created_at").desc(),
    "pk",
]


@dataclass
class CableHit:
    cable: Cable
    subject_html: SafeString
    snippet_html: SafeString


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class CableSearchResults:
    hits: list[CableHit]
    total: int
    page: int
    page_size: int
    tags: list[Facet] = field(default_factory=list)
    precedences: list[Facet] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _filters(params: CableSearchParams) -> Q:
    condition = Q()
    if params.status and params.status != ANY_STATUS:
        condition &= Q(status=params.status)
    tags = params.tag_codes
    if tags:
        lookup = "tags__contains" if params.tags_mode == "all" else "tags__overlap"
        condition &= Q(**{lookup: tags})
    if params.precedence:
        condition &= Q(precedence__code=params.precedence)
    if params.post is not None:
        condition &= Q(post_id=params.post)
    if params.addressee_unit is not None:
        addressed = CableAddressee.objects.filter(
            cable=OuterRef("pk"), unit_id=params.addressee_unit
        )
        condition &= Q(Exists(addressed))
    if params.classification is not None:
        condition &= Q(classification=params.classification)
    if params.date_from:
        condition &= Q(released_at__date__gte=params.date_from)
    if params.date_to:
        condition &= Q(released_at__date__lte=params.date_to)
    return condition


def searchable_by(user: User | AnonymousUser) -> QuerySet[Cable]:
    """Every cable ``user`` may read (``visible_to``: nothing for anonymous or inactive)."""
    return Cable.objects.visible_to(user)


def matching(
    base: QuerySet[Cable], params: CableSearchParams, *, query: SearchQuery | None = None
) -> QuerySet[Cable]:
    """``base`` (access-filtered by the caller) narrowed to ``params``, ordered by relevance
    (rank, then newest) or by date."""
    queryset: Any = base.filter(_filters(params))
    text = params.text
    if text:
        query = query or text_query(text)
        queryset = queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
        if params.sort != "date":
            return queryset.order_by(F("rank").desc(), *DATE_ORDER)  # type: ignore[no-any-return]
    return queryset.order_by(*DATE_ORDER)  # type: ignore[no-any-return]


def search_queryset(user: User | AnonymousUser, params: CableSearchParams) -> QuerySet[Cable]:
    """Cables ``user`` may read that match ``params``, ordered; one SQL query."""
    return matching(searchable_by(user), params)


def highlight(base: QuerySet[Cable], ids: list[Any], text: str) -> dict[object, CableHit]:
    """The cables of the page shown with subject and body snippet ``<mark>``ed (HTML-escaped),
    read again through ``base`` (the access filter); only these rows reach ``ts_headline``."""
    if not ids:
        return {}
    queryset: Any = base.filter(pk__in=ids).select_related("precedence", "post").order_by()
    if not text:
        return {c.pk: CableHit(c, marked(c.subject), mark_safe("")) for c in queryset}
    query = text_query(text)
    options: dict[str, Any] = {
        "start_sel": MARK_START,
        "stop_sel": MARK_STOP,
        "config": "chancery_vi",
    }
    queryset = queryset.annotate(
        subject_hl=SearchHeadline(
            strip_markers(Func(F("subject"), function="documents_nfc", output_field=TextField())),
            query,
            highlight_all=True,
            **options,
        ),
        snippet_hl=SearchHeadline(
            strip_markers(Left("body_text", 20000)),
            query,
            max_fragments=2,
            max_words=24,
            min_words=8,
            fragment_delimiter=" … ",
            **options,
        ),
    )
    result: dict[object, CableHit] = {}
    for cable in queryset:
        snippet = cable.snippet_hl if MARK_START in (cable.snippet_hl or "") else ""
        result[cable.pk] = CableHit(cable, marked(cable.subject_hl), marked(snippet))
    return result


def _page(queryset: QuerySet[Cable], start: int, page_size: int) -> tuple[list[Any], int]:
    counted = queryset.annotate(found=Window(Count("pk")))
    rows = list(counted.values_list("pk", "found")[start : start + page_size])
    if rows:
        return [pk for pk, _ in rows], int(rows[0][1])
    return [], (queryset.order_by().count() if start else 0)


def facets(queryset: QuerySet[Cable]) -> tuple[list[Facet], list[Facet]]:
    """Counts of the matching cables by tag (the most frequent) and by precedence, in one
    statement over ``queryset`` (which carries the access filter)."""
    inner_sql, inner_params = (
        queryset.order_by().values("pk", "tags", "precedence_id").query.sql_with_params()
    )
    statement = (
        f"WITH m AS ({inner_sql}) "  # noqa: S608 (ORM-built SQL)
        "(SELECT 't', t.tag, count(*) FROM m, unnest(m.tags) AS t(tag) "
        "GROUP BY t.tag ORDER BY count(*) DESC, t.tag LIMIT %s) "
        "UNION ALL (SELECT 'p', m.precedence_id::text, count(*) FROM m GROUP BY 2)"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*inner_params, FACET_TAGS])
        rows = cursor.fetchall()
    levels = {str(level.pk): level for level in PrecedenceLevel.objects.all()}
    tags = [Facet(value, value, count) for kind, value, count in rows if kind == "t"]
    by_rank = sorted(
        ((levels[value], count) for kind, value, count in rows if kind == "p" and value in levels),
        key=lambda row: row[0].rank,
    )
    return tags, [Facet(level.code, level.name, count) for level, count in by_rank]


def search_cables(
    user: User | AnonymousUser,
    params: CableSearchParams,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    *,
    with_facets: bool = True,
) -> CableSearchResults:
    """One page of results with snippets, the exact total and the facets (four queries)."""
    base = searchable_by(user)
    page = max(1, min(page, MAX_PAGE))
    queryset = matching(base, params)
    ids, total = _page(queryset, (page - 1) * page_size, page_size)
    rows = highlight(base, ids, params.text)
    hits = [rows[pk] for pk in ids if pk in rows]
    results = CableSearchResults(hits=hits, total=total, page=page, page_size=page_size)
    if with_facets and total:
        results.tags, results.precedences = facets(queryset)
    return results


def matches(user: User, cable_id: UUID | str, params: CableSearchParams) -> bool:
    """Whether ``user`` may read the cable and it matches ``params`` (one query)."""
    return matching(searchable_by(user).filter(pk=cable_id), params).exists()
