"""Recording: in the caller's transaction, gapless under concurrency, hashed as stored."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from django.db import connection, transaction

from chancery.core.audit import (
    CHAIN_FIELDS,
    GENESIS,
    STORED_ANNOTATIONS,
    canonical_row,
    record,
)
from chancery.core.audit_verify import verify_chain
from chancery.core.models import AuditEntry
from chancery.core.tests.audit_helpers import isolated_audit_files  # noqa: F401
from chancery.core.tests.factories import UnitFactory, UserFactory


class _Boom(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_an_entry_commits_and_rolls_back_with_the_business_write() -> None:
    def fail_after_recording() -> None:
        with transaction.atomic():
            UnitFactory(code="rolled-back")
            record(None, "unit.created", object_type="core.unit", object_id="rolled-back")
            raise _Boom

    with pytest.raises(_Boom):
        fail_after_recording()

    with transaction.atomic():
        UnitFactory(code="kept")
        record(None, "unit.created", object_type="core.unit", object_id="kept")

    assert list(AuditEntry.objects.values_list("seq", "object_id")) == [(1, "kept")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("isolated_audit_files")
def test_concurrent_writers_produce_one_gapless_valid_chain() -> None:
    writers, per_writer = 6, 15
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            start.wait()
            for index in range(per_writer):
                with transaction.atomic():
                    UnitFactory(code=f"w{number}-{index}")
                    record(None, "test.concurrent", object_id=f"{number}-{index}")
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * per_writer + 1))
    result = verify_chain()
    assert result.ok, result.problems
    assert result.entries == writers * per_writer


@pytest.mark.django_db
@pytest.mark.usefixtures("isolated_audit_files")
@pytest.mark.parametrize(
    ("address", "data"),
    [
        (
            "2001:DB8::1",
            {"unicode": "Bộ Ngoại giao – “ngoặc”", "nested": {"b": [1, 2.5], "a": None}},
        ),
        ("::ffff:10.0.0.1", {"large": 1e20, "small": 1.5e-7, "integral": 3.0}),
        ("10.1.2.3", {"quote": 'say "hi"\n\ttab', "control": "\u0001", "emoji": "🗝"}),
    ],
)
def test_entries_verify_whatever_postgresql_does_to_their_address_and_details(
    rf: object, address: str, data: dict[str, object]
) -> None:
    request = rf.get("/", REMOTE_ADDR=address)  # type: ignore[attr-defined]
    actor = UserFactory()

    entry = record(actor, "test.odd", actor, data=data, request=request)

    stored = AuditEntry.objects.get(seq=entry.seq)
    assert (stored.ip, stored.data, stored.hash) == (entry.ip, entry.data, entry.hash)
    assert verify_chain().ok


def test_the_canonical_form_is_compact_sorted_json_of_the_entry() -> None:
    # Recording and verification share canonical_row; this pins it to the documented format.
    at = datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=UTC)
    rows = [
        (1, at, None, "", "", "a", "", "", "", 0, None, {}, GENESIS),
        (
            2**40,
            at,
            7,
            "lê",
            'ông "A"',
            "x.y",
            "t",
            "1",
            "№\n\u2028",
            3,
            "::1",
            {"z": [1, {"b": 2, "a": "é"}], "a": 1.5},
            "f" * 64,
        ),
    ]
    for row in rows:
        body = {
            "seq": row[0],
            "at": row[1].isoformat(),
            "actor": row[2],
            "actor_label": row[3],
            "on_behalf_of": row[4],
            "action": row[5],
            "object_type": row[6],
            "object_id": row[7],
            "object_label": row[8],
            "classification": row[9],
            "ip": row[10],
            "data": row[11],
            "prev": row[12],
        }
        expected = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert canonical_row(row) == expected.encode()
        # As verification fetches it: ISO text, and jsonb's own rendering of the details.
        stored = (*row[:1], row[1].isoformat(), *row[2:11], json.dumps(row[11]).encode(), row[12])
        assert canonical_row(stored) == expected.encode()
    assert len(CHAIN_FIELDS) == len(rows[0])


@pytest.mark.django_db
def test_postgresql_writes_entry_times_exactly_as_python_does() -> None:
    plus_seven = timezone(timedelta(hours=7))
    times = [
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2026, 6, 1, 1, 0, 0, 120_000, tzinfo=plus_seven),
        datetime(999, 3, 4, 5, 6, 7, tzinfo=UTC),
    ]
    for seq, at in enumerate(times, 1):
        AuditEntry.objects.create(seq=seq, at=at, action="t", prev_hash="", hash=str(seq))

    stored: Any = AuditEntry.objects.annotate(**STORED_ANNOTATIONS).order_by("seq")

    expected = [(at.astimezone(UTC).isoformat(), b"{}") for at in times]
    assert list(stored.values_list("at_iso", "data_json")) == expected
