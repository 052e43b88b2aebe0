"""Search of official documents at 100,000 and 1,000,000 documents (issue 5).

A reader who may read about 10 % of the corpus (see ``bench/corpus_documents.py`` for the
mix: compartments they lack, classification above their clearance, distribution and unit
assignment elsewhere) runs a mix of realistic queries: Vietnamese topics with and without
diacritics, a phrase, English and French words that need stemming, a signer's name, the same
name with a typo, a number and symbol, and a topic with a date range and a type. Each search
is the whole page as the workspace runs it (capped count, 20 results ranked by relevance,
highlighted snippets for those 20), timed from Python.

"search" is ``search_page(searchable_by(reader), ...)``, what the workspace and the API run;
the baseline is the same query over the same documents without the access filter
(``Document.objects.all()``), in the same run. Targets: p95 under 150 ms at 1,000,000
documents, and access filtering costing less than twice the baseline.

``CHANCERY_BENCH_SEARCH_SIZES`` (default ``100000,1000000``) sets the corpus sizes;
``CHANCERY_BENCH_SEARCH_ROUNDS`` (default 5) how many times each query is timed.

Each size has its own database, ``bench_documents_search_<size>``, kept after the run: the next
run reuses it when the size and ``corpus_documents.VERSION`` recorded in its table
``bench_corpus`` match (a 1,000,000-document corpus takes ~12 minutes to generate).
``CHANCERY_BENCH_SEARCH_REGENERATE=1`` drops and generates them again (needed after editing a
migration in place; new migrations are applied to a reused database).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from typing import Any

from bench.corpus_documents import VERSION, Corpus

Metric = dict[str, Any]


def _sizes() -> list[int]:
    raw = os.environ.get("CHANCERY_BENCH_SEARCH_SIZES", "100000,1000000")
    return sorted(int(part.replace("_", "")) for part in raw.split(",") if part.strip())


def _rounds() -> int:
    return int(os.environ.get("CHANCERY_BENCH_SEARCH_ROUNDS", "5"))


def _typo(name: str) -> str:
    """Double a letter of the given name: ``Nguyễn Văn Hùng`` → ``Nguyen Van Hunng`` style."""
    from unicodedata import category, normalize

    plain = "".join(c for c in normalize("NFD", name) if category(c) != "Mn").replace("Đ", "D")
    head, _, last = plain.rpartition(" ")
    return f"{head} {last[:-1]}{last[-1]}{last[-1:]}"


def queries(corpus: Any) -> list[tuple[str, Any]]:
    from chancery.documents.search.query import SearchParams

    signer = corpus.sample_signers[len(corpus.sample_signers) // 2]
    number = corpus.sample_numbers[len(corpus.sample_numbers) // 3]
    return [
        ("vi topic", SearchParams(q="hợp tác kinh tế")),
        ("vi unaccented", SearchParams(q="bao ho cong dan")),
        ("vi phrase", SearchParams(q='"biên giới trên biển"')),
        ("vi country", SearchParams(q="Nhat Ban")),
        ("en stemmed", SearchParams(q="negotiations climate")),
        ("fr stemmed", SearchParams(q="coopération culturelle")),
        ("name", SearchParams(q=signer)),
        ("name typo", SearchParams(q=_typo(signer))),
        ("number", SearchParams(q=number)),
        (
            "topic+filters",
            SearchParams(
                q="hội nghị cấp cao",
                date_from=date(2020, 1, 1),
                date_to=date(2021, 12, 31),
                urgency=0,
            ),
        ),
        ("filters only", SearchParams(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31))),
    ]


def _time(run: Any) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def measure(corpus: Any, rounds: int) -> dict[str, Any]:
    from chancery.core.models import User
    from chancery.documents.models import Document
    from chancery.documents.search.access import searchable_by
    from chancery.documents.search.query import search_page

    reader = User.objects.get(pk=corpus.reader_id)
    unfiltered = Document.objects.all()
    mix = queries(corpus)
    timings: dict[str, list[float]] = {"filtered": [], "baseline": []}
    per_query: dict[str, dict[str, list[float]]] = {}
    totals: dict[str, tuple[int, int]] = {}
    for label, params in mix:  # warm-up, and the counts for the record
        seen = search_page(searchable_by(reader), params)
        everything = search_page(unfiltered, params)
        totals[label] = (seen.total, everything.total)
    for _ in range(rounds):
        for label, params in mix:
            filtered = _time(lambda p=params: search_page(searchable_by(reader), p))
            baseline = _time(lambda p=params: search_page(unfiltered, p))
            timings["filtered"].append(filtered)
            timings["baseline"].append(baseline)
            slot = per_query.setdefault(label, {"filtered": [], "baseline": []})
            slot["filtered"].append(filtered)
            slot["baseline"].append(baseline)
    return {"timings": timings, "per_query": per_query, "totals": totals}


def _recorded() -> Corpus | None:
    """The corpus recorded in the current database, if it is of this generator version."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_corpus') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT version, data FROM bench_corpus")
        row = cursor.fetchone()
    if row is None or row[0] != VERSION:
        return None
    data = json.loads(row[1]) if isinstance(row[1], str) else row[1]
    return Corpus(world={}, **data)


def _record(corpus: Corpus) -> None:
    from django.db import connection

    data = {k: v for k, v in asdict(corpus).items() if k != "world"}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_corpus")
        cursor.execute("CREATE TABLE bench_corpus (version integer NOT NULL, data jsonb NOT NULL)")
        cursor.execute("INSERT INTO bench_corpus VALUES (%s, %s)", [VERSION, json.dumps(data)])


@contextmanager
def corpus_database(size: int) -> Iterator[tuple[Corpus, bool]]:
    """Switch to the kept database of ``size`` documents (generated when missing or stale);
    yields the corpus and whether it was reused."""
    from bench.corpus_documents import generate
    from bench.db import kept_database

    fresh = os.environ.get("CHANCERY_BENCH_SEARCH_REGENERATE", "") not in ("", "0")
    name = f"bench_documents_search_{size}"
    with kept_database(name, fresh=fresh) as existed:
        corpus = _recorded() if existed else None
        if corpus is not None and corpus.size == size:
            yield corpus, True
            return
    with kept_database(name, fresh=existed and not fresh):
        corpus = generate(size, seed=size)
        _record(corpus)
        yield corpus, False


def run() -> list[Metric]:
    metrics: list[Metric] = []
    for size in _sizes():
        with corpus_database(size) as (corpus, reused):
            how = "reused" if reused else "generated"
            print(f"  corpus of {size:,}: {how} ({corpus.seconds:.0f} s to generate)", flush=True)
            result = measure(corpus, _rounds())
        readable = corpus.readable
        label = f"{size:,} docs"
        share = f"reader sees {readable / size:.1%}"
        metrics.append(
            {
                "name": f"{label}: generate",
                "value": corpus.seconds,
                "unit": "s",
                "note": "reused from a previous run" if reused else "generated in this run",
            }
        )
        filtered, baseline = result["timings"]["filtered"], result["timings"]["baseline"]
        for name, values in (("search", filtered), ("baseline (no access filter)", baseline)):
            for q in (0.5, 0.95):
                metrics.append(
                    {
                        "name": f"{label}: {name} p{int(q * 100)}",
                        "value": _pct(values, q),
                        "unit": "ms",
                        "note": share if name == "search" else "same queries, unfiltered",
                    }
                )
        ratio = statistics.median(f / b for f, b in zip(filtered, baseline, strict=True) if b > 0)
        metrics.append(
            {
                "name": f"{label}: access filter cost (median ratio)",
                "value": ratio,
                "unit": "x baseline",
                "note": "target < 2",
            }
        )
        for query, slot in result["per_query"].items():
            seen, total = result["totals"][query]
            metrics.append(
                {
                    "name": f"{label}: p95 {query}",
                    "value": _pct(slot["filtered"], 0.95),
                    "unit": "ms",
                    "note": f"baseline {_pct(slot['baseline'], 0.95):.1f} ms; "
                    f"hits {seen:,}/{total:,} (capped: 1,000; 300 for common words)",
                }
            )
    return metrics
