"""Two real instances on this machine (headquarters and the embassy in Washington), each with
its own database, web server and worker, linked through proxies that the test cuts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chancery.exchange import wire
from chancery.testing.instances import Instance, LinkProxy, two_instances

Pair = tuple[Instance, Instance, LinkProxy, LinkProxy]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    with two_instances(Path(tmp_path_factory.mktemp("pair"))) as instances:
        yield instances


def _outbox(instance: Instance, peer: str) -> list[tuple[Any, ...]]:
    return instance.sql(
        "SELECT m.id::text, m.seq, m.sha256, m.delivered_at IS NOT NULL, m.receipt"
        " FROM exchange_outboundmessage m JOIN exchange_peer p ON p.id = m.peer_id"
        " WHERE p.code = %s ORDER BY m.seq",
        (peer,),
    )


def _inbox(instance: Instance, peer: str) -> list[tuple[Any, ...]]:
    return instance.sql(
        "SELECT m.id::text, m.seq, m.sha256 FROM exchange_inboundmessage m"
        " JOIN exchange_peer p ON p.id = m.peer_id WHERE p.code = %s ORDER BY m.seq",
        (peer,),
    )


def _wait_until(condition: Any, timeout: float, what: str, *instances: Instance) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    logs = "\n".join(instance.log_tail() for instance in instances)
    raise AssertionError(f"timed out waiting for {what}\n{logs}")


def _delivered(instance: Instance, peer: str) -> int:
    rows = instance.sql(
        "SELECT count(*) FROM exchange_outboundmessage m JOIN exchange_peer p"
        " ON p.id = m.peer_id WHERE p.code = %s AND m.delivered_at IS NOT NULL",
        (peer,),
    )
    return int(rows[0][0])


def _assert_exactly_once_in_order(sender: Instance, receiver: Instance) -> int:
    """Every message the sender queued is in the receiver's inbox once, with the same id, in
    sequence order, and the sender holds a receipt for it that the receiver's key signed."""
    sent = _outbox(sender, receiver.code)
    received = _inbox(receiver, sender.code)
    assert [row[:3] for row in sent] == received
    assert [row[1] for row in received] == list(range(1, len(sent) + 1))
    for message_id, seq, sha256, delivered, receipt in sent:
        assert delivered
        assert wire.receipt_is_valid(receipt, receiver.public_key)
        assert (receipt["message_id"], receipt["seq"], receipt["sha256"]) == (
            message_id,
            seq,
            sha256,
        )
        assert (receipt["sender"], receipt["receiver"]) == (sender.code, receiver.code)
    return len(sent)


def test_a_ping_crosses_the_link_both_ways_with_signed_receipts(pair: Pair) -> None:
    hq, mission, _to_hq, _to_mission = pair
    hq.manage("exchange", "ping", mission.code)
    mission.manage("exchange", "ping", "hq")
    _wait_until(
        lambda: _delivered(hq, mission.code) >= 1 and _delivered(mission, "hq") >= 1,
        60,
        "the first pings",
        hq,
        mission,
    )
    _assert_exactly_once_in_order(hq, mission)
    _assert_exactly_once_in_order(mission, hq)


def test_cut_link_and_killed_instances_lose_nothing_and_duplicate_nothing(pair: Pair) -> None:
    hq, mission, link_to_hq, link_to_mission = pair
    already = _delivered(hq, mission.code)

    # Given headquarters sending a long stream, when the link drops in the middle of it
    hq.manage("exchange", "ping", mission.code, "--count", "600")
    _wait_until(
        lambda: _delivered(hq, mission.code) > already, 60, "the stream to start", hq, mission
    )
    link_to_mission.cut()
    in_flight = _delivered(hq, mission.code)
    # and more is queued on both sides while it is down,
    hq.manage("exchange", "ping", mission.code, "--count", "200")
    link_to_hq.cut()
    mission.manage("exchange", "ping", "hq", "--count", "300")
    # and both instances are killed (SIGKILL) and restarted before the link comes back,
    hq.stop(kill=True)
    mission.stop(kill=True)
    hq.start()
    link_to_hq.restore()  # mission → headquarters flows again, headquarters → mission not yet
    mission.start()
    _wait_until(lambda: _delivered(mission, "hq") == 301, 120, "mission to hq", hq, mission)
    mission.stop(kill=True)  # killed again, mid-stream of nothing or of its own retries
    mission.start()
    assert _delivered(hq, mission.code) < 801 or in_flight == 801
    link_to_mission.restore()

    # then every message arrives, once, in order, with a valid receipt.
    _wait_until(lambda: _delivered(hq, mission.code) == 801, 180, "hq to mission", hq, mission)
    assert _assert_exactly_once_in_order(hq, mission) == 801
    assert _assert_exactly_once_in_order(mission, hq) == 301
    status = hq.manage("exchange", "status").stdout
    assert f"{mission.code}  queued=0" in status
