"""Verifying a long chain on several cores: each process walks one range of ``seq``.

Hashing is CPU-bound Python, so threads would not help; processes do. Every worker reads the
same database snapshot as the caller (``pg_export_snapshot``), walks ``(lo, hi]`` starting
from the stored hash of entry ``lo``, and checks the checkpoint claims of its range. The
range before it verifies entry ``lo`` itself, so together they check every entry and every
link exactly as one walk would.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import translation

if TYPE_CHECKING:
    from chancery.core.audit_walk import CheckpointClaim, WalkResult

# Workers are spawned fresh and import this module before Django is set up: anything that
# touches models is imported inside the functions.

# Below this many entries per process, starting the processes costs more than it saves.
MIN_ENTRIES_PER_WORKER = 250_000

_counter: Any = None


def default_workers(entries: int) -> int:
    """Half the cores (each process keeps a PostgreSQL backend busy too), at most 8."""
    return max(1, min((os.cpu_count() or 1) // 2, 8, entries // MIN_ENTRIES_PER_WORKER))


def _init_worker(database: dict[str, Any], language: str, counter: Any) -> None:
    import django

    django.setup()
    from django.db import connections

    global _counter
    _counter = counter
    # The caller may be on a database chosen at run time (tests, benchmarks).
    connections["default"].settings_dict.update(database)
    translation.activate(language)


def _count(entries: int) -> None:
    with _counter.get_lock():
        _counter.value += entries


def _walk_range(snapshot: str, lo: int, hi: int, claims: list[CheckpointClaim]) -> WalkResult:
    from chancery.core.audit import GENESIS
    from chancery.core.audit_walk import walk_chain
    from chancery.core.models.audit import AuditEntry

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
        # A missing entry ``lo`` is the previous range's finding (None: first link unchecked).
        start = AuditEntry.objects.filter(seq=lo).values_list("hash", flat=True).first()
        return walk_chain(
            after_seq=lo,
            after_hash=GENESIS if lo == 0 else start,
            until=hi,
            claims=claims,
            progress=_count,
        )


def walk_in_parallel(
    last_seq: int,
    claims: Sequence[CheckpointClaim],
    workers: int,
    progress: Callable[[int], None] | None = None,
) -> list[WalkResult]:
    """Walk ``(0, last_seq]`` in ``workers`` processes, in the caller's snapshot.

    The caller must be inside a repeatable-read transaction that has read nothing it wants
    the workers not to see; the results come back in chain order.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
    step = -(-last_seq // workers)
    bounds = [(lo, min(lo + step, last_seq)) for lo in range(0, last_seq, step)]
    context = multiprocessing.get_context("spawn")
    counter = context.Value("q", 0)
    database = dict(connection.settings_dict)
    with ProcessPoolExecutor(
        len(bounds),
        mp_context=context,
        initializer=_init_worker,
        initargs=(database, translation.get_language() or "en", counter),
    ) as pool:
        futures = []
        for lo, hi in bounds:
            mine = [c for c in claims if lo < c.seq <= hi or (hi == last_seq and c.seq > hi)]
            futures.append(pool.submit(_walk_range, snapshot, lo, hi, mine))
        reported = 0
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.25, return_when=FIRST_EXCEPTION)
            if progress is not None and counter.value > reported:
                progress(counter.value - reported)
                reported = counter.value
        return [future.result() for future in futures]
