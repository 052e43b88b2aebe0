"""The audit chain: what recording costs a business transaction, and how fast verify runs.

(a) Append: N transactions that each insert one row into a plain table, with and without one
    audit entry each; sequentially and from 4 threads at once. The ratio is the share of the
    baseline's throughput that survives auditing.
(b) Verify: a chain of 1,000,000 entries, generated in Python with the same canonical function
    as recording and loaded with COPY, then ``verify_chain`` over all of it. The baseline is
    streaming the same columns without hashing.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from tqdm import tqdm

from chancery.core.actions.audit import create_checkpoint
from chancery.core.audit import (
    CHAIN_FIELDS,
    GENESIS,
    STORED_ANNOTATIONS,
    STORED_FIELDS,
    canonical_row,
    record,
)
from chancery.core.audit_verify import verify_chain
from chancery.core.models import AuditEntry

APPEND_TRANSACTIONS = 1_500
THREADS = 4
CHAIN_LENGTH = 1_000_000

Metric = dict[str, Any]


def _business_write(audited: bool, number: int) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_business (payload) VALUES (%s) RETURNING id", [f"row {number}"]
            )
            (row_id,) = cursor.fetchone()
        if audited:
            record(
                None,
                "bench.business.created",
                object_type="bench.business",
                object_id=str(row_id),
                data={"number": number},
            )


def _rate(count: int, threads: int, audited: bool) -> float:
    per_thread = count // threads

    def work(offset: int) -> None:
        try:
            for number in range(offset, offset + per_thread):
                _business_write(audited, number)
        finally:
            connection.close()

    started = time.perf_counter()
    if threads == 1:
        for number in range(per_thread):
            _business_write(audited, number)
    else:
        pool = [threading.Thread(target=work, args=(n * per_thread,)) for n in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
    return per_thread * threads / (time.perf_counter() - started)


def bench_append() -> list[Metric]:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_business "
            "(id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz DEFAULT now())"
        )
    metrics = []
    for threads in (1, THREADS):
        _rate(100, threads, audited=True)  # warm up connections and caches
        baseline = _rate(APPEND_TRANSACTIONS, threads, audited=False)
        audited = _rate(APPEND_TRANSACTIONS, threads, audited=True)
        label = "1 thread" if threads == 1 else f"{threads} threads"
        metrics += [
            {"name": f"append baseline, {label}", "value": baseline, "unit": "tx/s"},
            {"name": f"append audited, {label}", "value": audited, "unit": "entries/s"},
            {
                "name": f"append ratio, {label}",
                "value": audited / baseline,
                "unit": "x baseline",
                "note": "1.0 = recording is free",
            },
        ]
    return metrics


_ACTIONS = ("document.read", "document.created", "login.succeeded", "cable.sent", "dossier.viewed")
_LABELS = ("Công văn số 123/BNG-VP", "Điện mật gửi Đại sứ quán tại Paris", "Hồ sơ thị thực", "")


def _variant(n: int) -> tuple[Any, ...]:
    """Actor, label, action, object label, level, details: 97 recurring shapes of entry."""
    data: dict[str, Any] = {} if n % 3 == 0 else {"method": "totp", "step": n}
    return (
        None if n % 11 == 0 else n + 1,
        "" if n % 11 == 0 else f"staff{n}",
        _ACTIONS[n % len(_ACTIONS)],
        _LABELS[n % len(_LABELS)],
        n % 3,
        data,
        json.dumps(data),
    )


def _chain_rows(start_seq: int, prev: str, count: int) -> Iterator[tuple[Any, ...]]:
    """Valid entries, hashed exactly as ``record`` hashes them, in COPY column order.

    A third have no details, a third recurring ones, a third details of their own (a field
    change), so that verification's memory of recent details helps no more than in real use.
    """
    variants = [_variant(n) for n in range(97)]
    at = timezone.now() - timedelta(days=365)
    step = timedelta(seconds=30)
    sha256 = hashlib.sha256
    for seq in range(start_seq, start_seq + count):
        actor, actor_label, action, label, level, data, data_json = variants[seq % 97]
        if seq % 3 == 2:
            data = {"field": "status", "from": f"draft {seq}", "to": f"sent {seq}"}
            data_json = json.dumps(data, ensure_ascii=False)
        at += step
        ip = f"10.0.{seq % 97}.{seq % 250}"
        values = (
            seq,
            at,
            actor,
            actor_label,
            "",
            action,
            "documents.document",
            str(seq // 3),
            label,
            level,
            ip,
            data,
            prev,
        )
        prev = sha256(canonical_row(values)).hexdigest()
        yield (*values[:11], data_json, values[12], prev)


def _secondary_indexes(cursor: Any) -> tuple[list[str], list[str]]:
    """SQL to drop the chain's indexes (all but the primary key) and to build them again."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = 'core_auditentry'::regclass AND contype = 'u'"
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_auditentry' "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint "
        "WHERE conrelid = 'core_auditentry'::regclass)"
    )
    indexes = cursor.fetchall()
    drop = [f'ALTER TABLE core_auditentry DROP CONSTRAINT "{name}"' for name, _ in constraints]
    drop += [f'DROP INDEX "{name}"' for name, _ in indexes]
    create = [f'ALTER TABLE core_auditentry ADD CONSTRAINT "{n}" {d}' for n, d in constraints]
    create += [definition for _, definition in indexes]
    return drop, create


def _generate(count: int) -> None:
    """Append ``count`` valid entries to the chain with COPY; indexes are rebuilt after."""
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first() or (0, GENESIS)
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    bar = tqdm(total=count, unit=" entries", unit_scale=True, desc="generate + COPY")
    with transaction.atomic(), raw.cursor() as cursor:
        # Building the indexes once over a million rows beats updating them row by row.
        drop, create = _secondary_indexes(cursor)
        for statement in drop:
            cursor.execute(statement)
        sql = f"COPY core_auditentry ({', '.join(CHAIN_FIELDS)}, hash) FROM STDIN"
        with cursor.copy(sql) as copy:
            for number, row in enumerate(_chain_rows(head[0] + 1, head[1], count), 1):
                copy.write_row(row)
                if not number % 10_000:
                    bar.update(10_000)
        bar.update(count % 10_000)
        bar.close()
        for statement in tqdm(create, desc="rebuild indexes", unit=" indexes"):
            cursor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_auditentry")


def _stream_only() -> float:
    """The same query and cursor as verification, without hashing anything."""
    started = time.perf_counter()
    with transaction.atomic():
        rows = AuditEntry.objects.annotate(**STORED_ANNOTATIONS).order_by("seq")
        count = sum(1 for _ in rows.values_list(*STORED_FIELDS).iterator(20_000))
    return count / (time.perf_counter() - started)


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def _server_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL backend, when it runs on this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _verify(workers: int) -> tuple[Any, float, float | None]:
    """Verify the whole chain; also the client and server CPU it took per entry (µs)."""
    server_before, client_before = _server_cpu_seconds(), time.process_time()
    label = "verify, 1 process" if workers == 1 else f"verify, {workers} processes"
    with tqdm(unit=" entries", unit_scale=True, desc=label) as bar:
        result = verify_chain(progress=bar.update, workers=workers)
    client = (time.process_time() - client_before) / max(result.entries, 1) * 1e6
    server_after = _server_cpu_seconds()
    server = None
    if server_before is not None and server_after is not None:
        server = (server_after - server_before) / max(result.entries, 1) * 1e6
    return result, client, server


def bench_verify() -> list[Metric]:
    with (
        TemporaryDirectory() as scratch,
        override_settings(
            CHANCERY_AUDIT_CHECKPOINT_DIR=Path(scratch) / "checkpoints",
            CHANCERY_AUDIT_SIGNING_KEY=Path(scratch) / "audit.pem",
        ),
    ):
        create_checkpoint()
        _, generation = _timed(lambda: _generate(CHAIN_LENGTH))
        streamed = _stream_only()
        serial, client_us, server_us = _verify(1)
        workers = min(os.cpu_count() or 1, 8)
        parallel = _verify(workers)[0] if workers > 1 else serial
    for result in (serial, parallel):
        assert result.ok, result.first_problem
    cpu_note = f"client {client_us:.1f} µs/entry" + (
        f", server {server_us:.1f} µs/entry" if server_us is not None else ""
    )
    return [
        {
            "name": "chain generated and loaded (COPY)",
            "value": CHAIN_LENGTH / generation,
            "unit": "entries/s",
        },
        {"name": "stream the columns, no hashing (baseline)", "value": streamed, "unit": "rows/s"},
        {
            "name": "audit verify, 1 process",
            "value": serial.rate,
            "unit": "entries/s",
            "note": f"{serial.entries:,} entries in {serial.seconds:.1f} s; {cpu_note}",
        },
        {"name": "verify vs stream only", "value": serial.rate / streamed, "unit": "x baseline"},
        {
            "name": f"audit verify, {workers} processes",
            "value": parallel.rate,
            "unit": "entries/s",
            "note": f"{parallel.seconds:.1f} s, process start-up included",
        },
    ]


def run() -> list[Metric]:
    return bench_append() + bench_verify()
