"""Store-and-forward catch-up: the time to deliver N queued messages after the link comes back,
as a ratio against delivering the same number while connected.

Two real instances (``chancery.testing.instances.two_instances``: headquarters and the
embassy in Washington, each with its own database, web server and worker) linked through a
proxy. Connected: headquarters queues N messages, each in its own transaction as a cable
release would, while the worker pushes them as they come; the time runs from the first
queued to the last receipted. Catch-up: the link is cut, N messages are queued, the link is
restored; the time runs from the restore to the last receipt.

``measure()`` takes the message kind and a payload factory (``"module:function"``, called
with the message's number and returning a JSON object) so that the cables benchmark can run
the same measure with real cables; the default is a ping of typical cable size (~4 KB).
``CHANCERY_BENCH_EXCHANGE_MESSAGES`` (default 10,000) sets N.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

Metric = dict[str, Any]
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FACTORY = "bench.exchange_catchup:cable_sized_payload"
_PARAGRAPH = (
    "Đại sứ quán báo cáo về cuộc tiếp xúc với Bộ Ngoại giao nước sở tại về hợp tác kinh tế, "
    "thương mại và đầu tư; đề nghị Bộ cho ý kiến chỉ đạo trước ngày họp tiếp theo. "
)


def cable_sized_payload(number: int) -> dict[str, Any]:
    """A message of a typical cable's size: subject, tags and six paragraphs, about 4 KB."""
    return {
        "number": number,
        "subject": f"Báo cáo tình hình số {number}",
        "tags": ["US", "ECON", "PREL"],
        "precedence": "ROUTINE",
        "paragraphs": [{"n": n, "marking": "U", "text": _PARAGRAPH * 4} for n in range(1, 7)],
    }


def _delivered(hq: Any, peer: str) -> int:
    rows = hq.sql(
        "SELECT count(*) FROM exchange_outboundmessage m JOIN exchange_peer p"
        " ON p.id = m.peer_id WHERE p.code = %s AND m.delivered_at IS NOT NULL",
        (peer,),
    )
    return int(rows[0][0])


def _wait_for(hq: Any, peer: str, total: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (done := _delivered(hq, peer)) < total:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{done} of {total} delivered after {timeout:.0f}s")
        time.sleep(0.2)


def _span(hq: Any, peer: str, first_seq: int, last_seq: int) -> tuple[float, float]:
    """Epoch seconds of the first message queued and of the last receipt, from the database
    (so the start-up of the process that queues them is not counted)."""
    rows = hq.sql(
        "SELECT extract(epoch FROM min(m.created_at)), extract(epoch FROM max(m.delivered_at))"
        " FROM exchange_outboundmessage m JOIN exchange_peer p ON p.id = m.peer_id"
        " WHERE p.code = %s AND m.seq BETWEEN %s AND %s",
        (peer, first_seq, last_seq),
    )
    return float(rows[0][0]), float(rows[0][1])


def _queue_script(peer: str, kind: str, factory: str, start: int, count: int) -> str:
    module, function = factory.split(":")
    return (
        "import importlib\n"
        "from django.db import transaction\n"
        "from chancery.exchange import service\n"
        "from chancery.exchange.models import Peer\n"
        f"make = getattr(importlib.import_module({module!r}), {function!r})\n"
        f"peer = Peer.objects.get(code={peer!r})\n"
        f"for number in range({start}, {start + count}):\n"
        "    with transaction.atomic():\n"
        f"        service.send(peer, {kind!r}, make(number))\n"
    )


def measure(
    count: int, *, kind: str = "exchange.ping", payload_factory: str = DEFAULT_FACTORY
) -> list[Metric]:
    """Deliver ``count`` messages connected, then ``count`` queued behind a cut link."""
    from chancery.testing.instances import two_instances

    extra = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        # The push job retries every second for as long as the link is down, as it would
        # with the default backoff once its first retries are spent and the sweep takes over.
        "CHANCERY_JOB_MAX_ATTEMPTS": "1000000",
    }
    timeout = max(600.0, count * 0.2)
    with (
        tempfile.TemporaryDirectory() as folder,
        two_instances(Path(folder), extra_env=extra) as (hq, mission, _link_to_hq, link_to_mission),
    ):
        setup = hq.setup_seconds
        peer = mission.code
        hq.python(_queue_script(peer, kind, payload_factory, 0, count))
        _wait_for(hq, peer, count, timeout)
        first_queued, last_delivered = _span(hq, peer, 1, count)
        connected = last_delivered - first_queued

        link_to_mission.cut()
        hq.python(_queue_script(peer, kind, payload_factory, count, count))
        restored = time.time()
        link_to_mission.restore()
        _wait_for(hq, peer, 2 * count, timeout)
        catchup = _span(hq, peer, count + 1, 2 * count)[1] - restored
    note = f"{count:,} messages of {kind}"
    return [
        {"name": "set-up of two instances", "value": setup, "unit": "s"},
        {"name": "connected: queued to delivered", "value": connected, "unit": "s", "note": note},
        {"name": "connected throughput", "value": count / connected, "unit": "msg/s"},
        {"name": "catch-up after the link returns", "value": catchup, "unit": "s", "note": note},
        {"name": "catch-up throughput", "value": count / catchup, "unit": "msg/s"},
        {
            "name": "catch-up / connected",
            "value": catchup / connected,
            "unit": "ratio",
            "note": "below 1: a backlog drains faster than live traffic",
        },
    ]


def run() -> list[Metric]:
    return measure(int(os.environ.get("CHANCERY_BENCH_EXCHANGE_MESSAGES", "10000")))
