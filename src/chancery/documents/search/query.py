"""The search query: free text, name typo tolerance, filters, access, ranking, snippets.

Everything a user is shown comes from one queryset that starts from ``searchable_by(user)``
(search/access.py: the rule of ``visible_to`` on denormalised columns, proved equal to it):
the access filter, the text match and the filters are one SQL query, and the count is taken on
that same query (never before filtering). Snippets are computed afterwards for the page shown
only, again through the access filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Count,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from chancery.documents.models import Document
from chancery.documents.search.access import searchable_by
from chancery.documents.search.index import normalise
from chancery.documents.search.params import JsonParams

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User

# Counts are exact up to this many results and shown as "more than" beyond: counting a
# million matches would cost more than the search itself.
COUNT_CAP = 1000
# A text found in at least this share of all documents (measured on a sample, before access
# and filters), and in at least this many, is "common": its results are the newest
# COMMON_WINDOW readable matches, walked in date order, which relevance orders and which
# cap its count (see _common_page).
COMMON_MATCHES = 2000
COMMON_SHARE = 0.02
# How many of the newest readable matches of a common text are ranked (and counted).
COMMON_WINDOW = 300
PAGE_SIZE = 20
MAX_PAGE = 50
# Names are matched with typos only for short queries that look like names.
NAME_QUERY_MAX_WORDS = 6
# Private-use characters mark the matches in ts_headline's output; the text is HTML-escaped
# and then they become <mark> tags (stripped from the source text first).
MARK_START, MARK_STOP = "\ue000", "\ue001"
_OPERATORS = re.compile(r'["\-]|\bor\b', re.IGNORECASE)
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class SearchParams(JsonParams):
    """A search as the form, the API and saved searches express it."""

    q: str = ""
    register: int | None = None
    document_type: int | None = None
    unit: int | None = None
    direction: str = ""
    status: str = ""
    urgency: int | None = None
    classification: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    sort: str = "relevance"

    @property
    def text(self) -> str:
        return normalise(self.q).strip()


@dataclass
class Hit:
    document: Document
    subject_html: SafeString
    snippet_html: SafeString


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    capped: bool
    page: int
    page_size: int
    # Set when the text is so common that relevance orders only the newest ``window``
    # readable matches (and the count is capped there): the page says so.
    window: int | None = None

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _fold(expression: Any) -> Func:
    return Func(expression, function="documents_fold", output_field=TextField())


CONFIGS = ("chancery_vi", "chancery_en", "chancery_fr")


def text_query(text: str) -> SearchQuery:
    """The query in every configuration: Vietnamese (unaccented words) or English or French
    (unaccented stems). A document indexed in one of them matches through that one."""
    query = SearchQuery(text, config=CONFIGS[0], search_type="websearch")
    for config in CONFIGS[1:]:
        query = query | SearchQuery(text, config=config, search_type="websearch")
    return query


def _wants_names(text: str) -> bool:
    return 0 < len(text.split()) <= NAME_QUERY_MAX_WORDS and not _OPERATORS.search(text)


def _filters(params: SearchParams) -> Q:
    condition = Q()
    for name in ("register", "document_type", "unit", "urgency", "classification"):
        value = getattr(params, name)
        if value is not None:
            condition &= Q(**{f"{name}_id" if name in _FKS else name: value})
    if params.direction:
        condition &= Q(direction=params.direction)
    if params.status:
        condition &= Q(status=params.status)
    if params.date_from:
        condition &= Q(document_date__gte=params.date_from)
    if params.date_to:
        condition &= Q(document_date__lte=params.date_to)
    if params.tags:
        condition &= Q(tags__contains=[normalise(tag) for tag in params.tags])
    return condition


_FKS = {"register", "document_type", "unit"}


def search_queryset(
    user: User | AnonymousUser, params: SearchParams, *, created_after: datetime | None = None
) -> QuerySet[Document]:
    """Documents ``user`` may read that match ``params``, ordered; one SQL query.

    ``created_after`` narrows further (alerts: documents created since the last check).
    """
    return matching(searchable_by(user), params, created_after=created_after)


def matching(
    base: QuerySet[Document],
    params: SearchParams,
    *,
    created_after: datetime | None = None,
    by_date: bool = False,
    names: bool = True,
    query: SearchQuery | None = None,
) -> QuerySet[Document]:
    """``base`` (already access-filtered by the caller) narrowed to ``params``, ordered (by
    date when ``by_date``, whatever ``params.sort``); ``names=False`` leaves out the
    typo-tolerant comparison with sender and signer names; ``query`` is the text parsed by
    :func:`analyse` (parsed here otherwise)."""
    queryset: Any = base.filter(_filters(params))
    if created_after is not None:
        queryset = queryset.filter(created_at__gt=created_after)
    text = params.text
    if text:
        query = query or text_query(text)
        rank: Any = SearchRank(F("search_vector"), query)
        match = Q(search_vector=query)
        if names and _wants_names(text):
            folded = _fold(Value(text))
            queryset = queryset.alias(
                sender_folded=_fold(F("sender_name")), signer_folded=_fold(F("signer_name"))
            )
            match |= Q(sender_folded__trigram_word_similar=folded)
            match |= Q(signer_folded__trigram_word_similar=folded)
            rank = rank + Greatest(
                TrigramWordSimilarity(cast(Any, folded), "sender_folded"),
                TrigramWordSimilarity(cast(Any, folded), "signer_folded"),
                output_field=FloatField(),
            )
        queryset = queryset.filter(match).annotate(rank=rank)
    if text and params.sort != "date" and not by_date:
        return queryset.order_by(F("rank").desc(), *DATE_ORDER)  # type: ignore[no-any-return]
    return queryset.order_by(*DATE_ORDER)  # type: ignore[no-any-return]


# The order of the index documents_date_idx (migration 0006).
DATE_ORDER: list[Any] = [F("document_date").desc(nulls_last=True), F("created_at").desc(), "pk"]


class ParsedQuery(SearchQuery):
    """A tsquery given as its text (parsed already by :func:`analyse`), cast, not parsed."""

    template = "(%(expressions)s)::tsquery"


def analyse(text: str) -> tuple[SearchQuery, bool]:
    """``text`` parsed once in every configuration, the duplicates dropped, ORed; and whether
    it is common: found in at least COMMON_SHARE of all documents (and at least
    COMMON_MATCHES of them), when walking the date order finds a window of readable matches
    sooner than the GIN index lists every match. One statement.

    Vietnamese words are not stemmed, so the three configurations mostly give the same
    query: ORing it three times made the GIN index read every posting list three times.
    The share is measured on a fixed sample of ~2,000 rows (``documents_search_share``,
    migration 0006: ~10 ms). The planner's estimate would cost nothing but assumes the words
    independent, which subjects written from templates are not (a phrase found in 13 % of
    the documents is estimated at 0.6 %); counting on the GIN index costs as much as the
    search itself (~100 ms to build the bitmap of a word found in a sixth of a million).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """WITH parsed AS (
                 SELECT coalesce(string_agg(DISTINCT '(' || q::text || ')', ' | '), '') AS q
                 FROM (SELECT websearch_to_tsquery(c::regconfig, %s) AS q
                       FROM unnest(%s::text[]) c) s
                 WHERE q::text <> '')
               SELECT parsed.q, documents_search_share(parsed.q::tsquery), c.reltuples
               FROM parsed, pg_class c WHERE c.oid = 'documents_document'::regclass""",
            [text, list(CONFIGS)],
        )
        parsed, share, total = cursor.fetchone()
    common = share >= COMMON_SHARE and share * total >= COMMON_MATCHES
    return ParsedQuery(parsed), bool(common)


def count_capped(queryset: QuerySet[Document], cap: int | None = None) -> tuple[int, bool]:
    """How many rows, exactly up to ``cap`` (COUNT_CAP by default); ``(cap, True)`` beyond."""
    cap = COUNT_CAP if cap is None else cap
    count = queryset.order_by()[: cap + 1].count()
    return (cap, True) if count > cap else (count, False)


def marked(text: str | None) -> SafeString:
    """``text`` HTML-escaped, its ts_headline markers turned into ``<mark>`` tags."""
    html = str(escape(text or ""))
    return mark_safe(html.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def strip_markers(expression: Any) -> Func:
    """``expression`` without the marker characters (so that only ts_headline adds them)."""
    return Func(
        expression,
        Value(MARK_START + MARK_STOP),
        Value(""),
        function="translate",
        output_field=TextField(),
    )


def highlight(base: QuerySet[Document], ids: list[Any], text: str) -> dict[object, Hit]:
    """The documents of the page shown, with their subject and a text snippet where the
    matches are ``<mark>``ed, read again through ``base`` (the access filter). Only these rows
    are ever passed to ``ts_headline``. Values are HTML-escaped."""
    if not ids:
        return {}
    queryset: Any = base.filter(pk__in=ids).select_related("document_type", "unit").order_by()
    if not text:
        return {d.pk: Hit(d, marked(d.subject), mark_safe("")) for d in queryset}
    query = text_query(text)
    config = Func(F("language"), function="documents_search_config")
    options: dict[str, Any] = {"start_sel": MARK_START, "stop_sel": MARK_STOP, "config": config}
    queryset = queryset.annotate(
        subject_hl=SearchHeadline(
            strip_markers(F("subject")), query, highlight_all=True, **options
        ),
        snippet_hl=SearchHeadline(
            strip_markers(Left("content_text", 20000)),
            query,
            max_fragments=2,
            max_words=24,
            min_words=8,
            fragment_delimiter=" … ",
            **options,
        ),
    )
    result: dict[object, Hit] = {}
    for document in queryset:
        snippet = document.snippet_hl if MARK_START in (document.snippet_hl or "") else ""
        result[document.pk] = Hit(document, marked(document.subject_hl), marked(snippet))
    return result


def search_documents(
    user: User | AnonymousUser, params: SearchParams, page: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    """One page of results with highlighted snippets and the (capped) count: three queries."""
    return search_page(searchable_by(user), params, page=page, page_size=page_size)


def search_page(
    base: QuerySet[Document], params: SearchParams, page: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    """:func:`search_documents` over ``base``, which must already be access-filtered (the
    benchmark passes an unfiltered one as its baseline)."""
    page = max(1, min(page, MAX_PAGE))
    start = (page - 1) * page_size
    query, common = analyse(params.text) if params.text else (None, False)
    window = None
    if query is not None and common:
        ids, total, capped = _common_page(base, params, query, start, page_size)
        window = COMMON_WINDOW
    else:
        ids, total, capped = _ranked_page(base, params, query, start, page_size)
    rows = highlight(base, ids, params.text)
    hits = [rows[pk] for pk in ids if pk in rows]
    return SearchResults(
        hits=hits, total=total, capped=capped, page=page, page_size=page_size, window=window
    )


def _ranked_page(
    base: QuerySet[Document],
    params: SearchParams,
    query: SearchQuery | None,
    start: int,
    page_size: int,
) -> tuple[list[Any], int, bool]:
    """The page of a rare text (or of filters alone): every readable match ranked, the count
    taken in the same statement (``count(*) OVER ()``: the rows are all read to rank them
    anyway). Names are compared with typos only when the text itself finds nothing: for a
    name written right the text finds it, and the trigram comparison of a common given name
    (``Thị``, ``Văn``) with every sender and signer costs a second at a million documents.
    """
    passes = (False, True) if params.text and _wants_names(params.text) else (False,)
    for names in passes:
        queryset = matching(base, params, query=query, names=names)
        counted = queryset.annotate(found=Window(Count("pk")))
        rows = list(counted.values_list("pk", "found")[start : start + page_size])
        if rows:
            found = rows[0][1]
            total, capped = (COUNT_CAP, True) if found > COUNT_CAP else (found, False)
            return [pk for pk, _ in rows], total, capped
        total, capped = count_capped(queryset) if start else (0, False)
        if total:  # a page beyond the last one
            return [], total, capped
    return [], 0, False


def _common_page(
    base: QuerySet[Document], params: SearchParams, query: SearchQuery, start: int, page_size: int
) -> tuple[list[Any], int, bool]:
    """The page of a common text: the newest COMMON_WINDOW + 1 readable matches (which give
    the capped count), of which relevance orders the newest COMMON_WINDOW.

    Reading every match of a common word (a sixth of the corpus) to filter and rank them all
    takes seconds at a million documents, and so does even building the GIN bitmap of those
    matches. Instead one statement walks ``documents_date_idx`` newest first, deciding access
    on its included columns without reading the row (``v``: ``base`` in date order, an
    index-only scan), and looks up each readable row by primary key to check the text match,
    the filters and compute the rank (``d``, a LATERAL subquery: a nested loop, in date
    order), stopping at the window.
    """
    dates = Q()  # a date range bounds the walk itself (an index condition)
    if params.date_from:
        dates &= Q(document_date__gte=params.date_from)
    if params.date_to:
        dates &= Q(document_date__lte=params.date_to)
    readable = base.filter(dates).order_by(*DATE_ORDER).values("pk", "document_date", "created_at")
    # Without the typo-tolerant name comparison: folding two names per row visited would
    # cost more than the text match, and a text found in thousands of documents is not a
    # misspelt name (a misspelt name matches no vector, so it is never common).
    lookup: Any = matching(
        Document.objects.filter(pk=RawSQL("v.pk", ())),
        params,
        by_date=True,
        names=False,
        query=query,
    )
    outer_sql, outer_params = readable.query.sql_with_params()
    inner_sql, inner_params = lookup.order_by().values("rank")[:1].query.sql_with_params()
    statement = (
        f"SELECT v.pk, d.rank FROM ({outer_sql} OFFSET 0) v "  # noqa: S608 (ORM-built SQL)
        f"CROSS JOIN LATERAL ({inner_sql}) d "
        "ORDER BY v.document_date DESC NULLS LAST, v.created_at DESC, v.pk LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*outer_params, *inner_params, COMMON_WINDOW + 1])
        rows = cursor.fetchall()
    total, capped = (COMMON_WINDOW, True) if len(rows) > COMMON_WINDOW else (len(rows), False)
    window = rows[:COMMON_WINDOW]
    if params.sort != "date":
        window.sort(key=lambda row: -row[1])  # stable: date order among equal ranks
    return [pk for pk, _ in window[start : start + page_size]], total, capped


def new_matches(user: User, params: SearchParams, since: datetime) -> int:
    """How many documents created since ``since`` match and ``user`` may read now."""
    count, _ = count_capped(search_queryset(user, params, created_after=since), cap=100)
    return count
