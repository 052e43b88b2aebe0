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

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
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
# A common text found in less than this share of all documents first looks for its window
# among recent documents only (see _recent_rows): walking the date order would visit too many
# readable rows before it finds the window (a text found in 3 % of the documents: ~10,000
# row lookups for a reader of 10 %), while the GIN bitmap of its matches is still cheap.
RECENT_SHARE = 0.06
# The recent range is sized to hold the window even if the reader may read only this share
# of the matches; when it holds fewer readable matches, the date walk runs after all.
RECENT_READABLE = 0.05
# Enough for the bitmaps of a recent range and of the text's matches to stay exact.
RECENT_WORK_MEM = "32MB"
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


class _AnyOf(Func):
    """``expression = ANY(array)``: inside an OR, unlike ``IN (subquery)``, a bitmap index
    scan (the array is computed once, before the scan)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def _named(column: str, text: str) -> Q:
    """Documents whose folded ``column`` is word-similar to ``text`` (``%>``, threshold
    ``pg_trgm.word_similarity_threshold``): the distinct folded names of
    ``documents_search_name`` are compared by trigrams (``documents_similar_names``,
    migration 0012), a few thousand rather than every document, and the documents carrying
    them are found by equality on ``documents_fold(name)`` (btree indexes). The same
    predicate on the same values as ``documents_fold(name) %> documents_fold(text)``."""
    names = Func(
        Value(text), function="documents_similar_names", output_field=ArrayField(TextField())
    )
    return Q(_AnyOf(F(column), names))


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
            match |= _named("sender_folded", text) | _named("signer_folded", text)
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


def analyse(text: str) -> tuple[SearchQuery, bool, date | None]:
    """``text`` parsed once in every configuration, the duplicates dropped, ORed; whether
    it is common: found in at least COMMON_SHARE of all documents (and at least
    COMMON_MATCHES of them), when walking the date order finds a window of readable matches
    sooner than the GIN index lists every match; and for a common text found in less than
    RECENT_SHARE of the documents, the date from which to look for its window first (see
    :func:`_recent_cutoff`). One statement.

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
               SELECT parsed.q, documents_search_share(parsed.q::tsquery), c.reltuples,
                      s.histogram_bounds::text::date[], s.null_frac
               FROM parsed CROSS JOIN pg_class c
               LEFT JOIN pg_stats s ON s.schemaname = current_schema()
                 AND s.tablename = 'documents_document' AND s.attname = 'document_date'
               WHERE c.oid = 'documents_document'::regclass""",
            [text, list(CONFIGS)],
        )
        parsed, share, total, bounds, null_frac = cursor.fetchone()
    common = bool(share >= COMMON_SHARE and share * total >= COMMON_MATCHES)
    recent = _recent_cutoff(share, total, bounds, null_frac) if common else None
    return ParsedQuery(parsed), common, recent


def _recent_cutoff(
    share: float, total: float, bounds: list[date] | None, null_frac: float | None
) -> date | None:
    """The date after which, by the planner's histogram of ``document_date``, there are
    enough documents to hold COMMON_WINDOW + 1 readable matches of a text found in ``share``
    of them, if the reader may read RECENT_READABLE of those; None when the text is too
    common for it (the date walk is cheaper), or the range would be most of the corpus, or
    the table has not been analysed."""
    if not bounds or len(bounds) < 2 or share >= RECENT_SHARE or share <= 0:
        return None
    needed = (COMMON_WINDOW + 1) / (share * RECENT_READABLE)
    fraction = needed / max(total * (1 - (null_frac or 0)), 1)
    if fraction >= 0.5:
        return None
    # The bounds split the dated rows into equal parts, oldest first: the cutoff is the
    # bound below which lies at most 1 - fraction of them (so at least ``fraction`` above).
    return bounds[int((1 - fraction) * (len(bounds) - 1))]


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
    """One page of results with highlighted snippets and the (capped) count: three queries
    (a common text looked for among recent documents first: ``work_mem`` set for the second
    and put back, and a fourth when the walk runs after all)."""
    return search_page(searchable_by(user), params, page=page, page_size=page_size)


def search_page(
    base: QuerySet[Document], params: SearchParams, page: int = 1, page_size: int = PAGE_SIZE
) -> SearchResults:
    """:func:`search_documents` over ``base``, which must already be access-filtered (the
    benchmark passes an unfiltered one as its baseline)."""
    page = max(1, min(page, MAX_PAGE))
    start = (page - 1) * page_size
    query, common, recent = analyse(params.text) if params.text else (None, False, None)
    window = None
    if query is not None and common:
        ids, total, capped = _common_page(base, params, query, start, page_size, recent)
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
    base: QuerySet[Document],
    params: SearchParams,
    query: SearchQuery,
    start: int,
    page_size: int,
    recent: date | None = None,
) -> tuple[list[Any], int, bool]:
    """The page of a common text: the newest COMMON_WINDOW + 1 readable matches (which give
    the capped count), of which relevance orders the newest COMMON_WINDOW. They are looked
    for among the documents dated ``recent`` or later first (:func:`_recent_rows`), and by
    the date walk below when there are not enough of them there (or no ``recent``).

    Reading every match of a common word (a sixth of the corpus) to filter and rank them all
    takes seconds at a million documents, and so does even building the GIN bitmap of those
    matches. Instead one statement walks ``documents_date_idx`` newest first, deciding access
    on its included columns without reading the row (``v``: ``base`` in date order, an
    index-only scan), and looks up each readable row by primary key to check the text match,
    the filters and compute the rank (``d``, a LATERAL subquery: a nested loop, in date
    order), stopping at the window.
    """
    rows = _recent_rows(base, params, query, recent) if recent is not None else None
    if rows is None:
        rows = _walk_rows(base, params, query)
    total, capped = (COMMON_WINDOW, True) if len(rows) > COMMON_WINDOW else (len(rows), False)
    window = rows[:COMMON_WINDOW]
    if params.sort != "date":
        window.sort(key=lambda row: -row[1])  # stable: date order among equal ranks
    return [pk for pk, _ in window[start : start + page_size]], total, capped


def _rank_lookup(params: SearchParams, query: SearchQuery) -> tuple[str, tuple[Any, ...]]:
    """SQL of the rank of the row ``v.pk`` if it matches (text and filters), else no row."""
    # Without the typo-tolerant name comparison: a text found in thousands of documents is
    # not a misspelt name (a misspelt name matches no vector, so it is never common).
    lookup: Any = matching(
        Document.objects.filter(pk=RawSQL("v.pk", ())),
        params,
        by_date=True,
        names=False,
        query=query,
    )
    sql, sql_params = lookup.order_by().values("rank")[:1].query.sql_with_params()
    return sql, tuple(sql_params)


_BY_DATE_SQL = "v.document_date DESC NULLS LAST, v.created_at DESC, v.pk"


def _recent_rows(
    base: QuerySet[Document], params: SearchParams, query: SearchQuery, recent: date
) -> list[tuple[Any, float]] | None:
    """The newest COMMON_WINDOW + 1 readable matches (pk, rank) in date order, found among
    the documents dated ``recent`` or later; None when there are not that many there (then
    older ones may belong to the window: the caller walks the date order instead).

    The GIN bitmap of the text ANDed with the bitmap of the date range
    (``documents_recent_date_idx``, migration 0012) lists only recent matches: the rows read
    are the matches of the range, not every readable row until the window is found. The
    fence (``OFFSET 0``) keeps the planner from walking a date index row by row to satisfy
    the ORDER BY ... LIMIT, and the rank is computed for the rows kept only.
    """
    found: Any = matching(
        base.filter(document_date__gte=recent), params, by_date=True, names=False, query=query
    )
    found_sql, found_params = (
        found.order_by().values("pk", "document_date", "created_at").query.sql_with_params()
    )
    rank_sql, rank_params = _rank_lookup(params, query)
    statement = (
        f"SELECT v.pk, d.rank FROM (SELECT * FROM ({found_sql} OFFSET 0) v "  # noqa: S608
        f"ORDER BY {_BY_DATE_SQL} LIMIT %s) v "
        f"CROSS JOIN LATERAL ({rank_sql}) d ORDER BY {_BY_DATE_SQL}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        # Bitmaps larger than work_mem turn lossy, and every row of a lossy page is checked
        # against the text again (its vector read and decompressed): for this statement only.
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)",
            [RECENT_WORK_MEM],
        )
        (work_mem, _) = cursor.fetchone()
        cursor.execute(statement, [*found_params, COMMON_WINDOW + 1, *rank_params])
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
    return rows if len(rows) > COMMON_WINDOW else None


def _walk_rows(
    base: QuerySet[Document], params: SearchParams, query: SearchQuery
) -> list[tuple[Any, float]]:
    """The newest COMMON_WINDOW + 1 readable matches (pk, rank) in date order, by the walk
    of ``documents_date_idx`` described in :func:`_common_page`."""
    dates = Q()  # a date range bounds the walk itself (an index condition)
    if params.date_from:
        dates &= Q(document_date__gte=params.date_from)
    if params.date_to:
        dates &= Q(document_date__lte=params.date_to)
    readable = base.filter(dates).order_by(*DATE_ORDER).values("pk", "document_date", "created_at")
    outer_sql, outer_params = readable.query.sql_with_params()
    inner_sql, inner_params = _rank_lookup(params, query)
    statement = (
        f"SELECT v.pk, d.rank FROM ({outer_sql} OFFSET 0) v "  # noqa: S608 (ORM-built SQL)
        f"CROSS JOIN LATERAL ({inner_sql}) d ORDER BY {_BY_DATE_SQL} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*outer_params, *inner_params, COMMON_WINDOW + 1])
        rows: list[tuple[Any, float]] = cursor.fetchall()
    return rows


def new_matches(user: User, params: SearchParams, since: datetime) -> int:
    """How many documents created since ``since`` match and ``user`` may read now."""
    count, _ = count_capped(search_queryset(user, params, created_after=since), cap=100)
    return count
