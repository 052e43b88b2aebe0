"""Two real instances, headquarters and a mission, and a link cut while cables are sent: once
the link returns every cable arrives exactly once, in release order, with a valid signature,
nothing lost although each side was killed and restarted meanwhile, and the acknowledgements
flow back. Both directions.

Each instance is ``chancery serve`` + ``chancery worker`` with its own database and PKI
(``chancery.testing.instances``); cables are released through the real actions, signed with a
demo key (PIN 123456), inside each instance.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from chancery.documents.cables.constants import KIND_CABLE
from chancery.testing.instances import MISSION_CODE, Instance, LinkProxy, two_instances

pytestmark = pytest.mark.slow

# Runs inside an instance: release ``N`` FLASH cables from a post of SIDE ("hq": a
# headquarters post, else that mission) to the unit TARGET, signed by a demo signer of that
# post; prints their ids in release order.
RELEASE = """
import json
from chancery.core.service import Unit, User
from chancery.documents.cables.actions.clearing import submit_for_clearance
from chancery.documents.cables.actions.common import originating_post
from chancery.documents.cables.actions.compose import create_draft
from chancery.documents.cables.actions.content import DraftContent, Paragraph
from chancery.documents.cables.actions.release import release
from chancery.documents.models import PrecedenceLevel
from chancery.signing.models import Certificate

side, target, count, label = {side!r}, Unit.objects.get(code={target!r}), {count}, {label!r}
chosen = None
for cert in (Certificate.objects.usable_for_signing().filter(role="person")
             .select_related("holder__unit").order_by("holder__username")):
    approver = cert.holder
    if approver is None or approver.unit is None or not approver.is_active:
        continue
    post = originating_post(approver)
    if post is None or (post.code == side) != (side != "hq") or (side == "hq" and post.is_mission):
        continue
    drafter = (User.objects.filter(unit=approver.unit, is_active=True)
               .exclude(pk=approver.pk).order_by("username").first())
    if drafter is not None:
        chosen = (cert, approver, drafter)
        break
cert, approver, drafter = chosen
flash = PrecedenceLevel.objects.get(code="FLASH")
ids = []
for n in range(count):
    cable = create_draft(drafter, subject=f"{{label}} {{n}}", precedence=flash,
                         content=DraftContent(paragraphs=[Paragraph(f"Paragraph {{n}}.")],
                                              action_units=[target]))
    cable = submit_for_clearance(drafter, cable, clearers=[], approver=approver,
                                 version=cable.version)
    cable = release(approver, cable, certificate=cert, pin="123456")
    ids.append(str(cable.pk))
print("IDS=" + json.dumps(ids))
"""

# Runs inside an instance: a member of UNIT acknowledges each listed cable's delivery.
ACKNOWLEDGE = """
from chancery.core.service import User
from chancery.documents.cables.delivery.acknowledge import acknowledge
from chancery.documents.models import CableDelivery

for delivery in CableDelivery.objects.filter(cable_id__in={ids!r}, route="", unit__code={unit!r}):
    member = (User.objects.filter(unit_id=delivery.unit_id, is_active=True, clearance__gte=0)
              .order_by("username").first())
    acknowledge(member, delivery.pk)
print("ACKED")
"""


def _release(instance: Instance, *, side: str, target: str, count: int, label: str) -> list[str]:
    out = instance.python(RELEASE.format(side=side, target=target, count=count, label=label))
    line = next(line for line in out.splitlines() if line.startswith("IDS="))
    return list(json.loads(line[4:]))


def _wait(what: str, check: Callable[[], bool], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _received(instance: Instance, origin: str) -> list[tuple[str, str]]:
    """(cable id, signature verdict) of the cables received from ``origin``, in arrival order
    (the receiving side's accepted sequence of messages)."""
    rows = instance.sql(
        "SELECT c.id::text, c.signature_verdict FROM documents_cable c"
        " WHERE c.origin_instance = %s ORDER BY c.received_at, c.id",
        (origin,),
    )
    return [(row[0], row[1]) for row in rows]


def _accepted_order(instance: Instance, origin: str, ids: list[str], to: str) -> list[str]:
    """The cable ids in the order the receiver accepted their messages (sequence numbers)."""
    by_message = {str(uuid.uuid5(uuid.UUID(i), f"{KIND_CABLE}:{to}")): i for i in ids}
    rows = instance.sql(
        "SELECT m.id::text FROM exchange_inboundmessage m JOIN exchange_peer p ON p.id = m.peer_id"
        " WHERE p.code = %s AND m.kind = %s ORDER BY m.seq",
        (origin, KIND_CABLE),
    )
    return [by_message[row[0]] for row in rows if row[0] in by_message]


def _acknowledged(instance: Instance, ids: list[str]) -> int:
    rows = instance.sql(
        "SELECT count(*) FROM documents_cabledelivery"
        " WHERE cable_id::text = ANY(%s) AND acknowledged_at IS NOT NULL",
        (ids,),
    )
    return int(rows[0][0])


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root: Path = tmp_path_factory.mktemp("cables-pair")
    with two_instances(root) as instances:
        yield instances


def _hq_unit(hq: Instance) -> str:
    """A headquarters department with staff (the mission's cables go to it)."""
    rows = hq.sql(
        "SELECT u.code FROM core_unit u WHERE u.kind = 'department' AND u.active"
        " AND EXISTS (SELECT 1 FROM core_user s WHERE s.unit_id = u.id AND s.is_active)"
        " ORDER BY u.code LIMIT 1"
    )
    return str(rows[0][0])


def test_hq_to_mission_with_the_link_cut_and_both_sides_killed_delivers_each_cable_once_in_order(
    pair: tuple[Instance, Instance, LinkProxy, LinkProxy],
) -> None:
    hq, mission, _link_to_hq, link_to_mission = pair
    # Given cables released while the link is up, and the link cut right after them: some are
    # on their way, some not yet sent.
    ids = _release(hq, side="hq", target=MISSION_CODE, count=3, label="Before the cut")
    link_to_mission.cut()
    # When more are released with the link down, and both sides are killed and restarted.
    ids += _release(hq, side="hq", target=MISSION_CODE, count=3, label="During the cut")
    mission.stop(kill=True)
    ids += _release(hq, side="hq", target=MISSION_CODE, count=2, label="Mission down")
    mission.start()
    hq.stop(kill=True)
    hq.start()
    link_to_mission.restore()

    # Then every cable arrives exactly once, in release order, with a valid signature.
    _wait("every cable at the mission", lambda: len(_received(mission, "hq")) >= len(ids))
    received = _received(mission, "hq")
    assert sorted(cable for cable, _ in received) == sorted(ids)
    assert _accepted_order(mission, "hq", ids, MISSION_CODE) == ids
    assert {verdict for _, verdict in received} == {"valid"}
    # Headquarters knows each was delivered (from the mission's signed receipts).
    _wait(
        "delivery receipts at headquarters",
        lambda: (
            hq.sql(
                "SELECT count(*) FROM documents_cabledelivery WHERE cable_id::text = ANY(%s)"
                " AND delivered_at IS NOT NULL",
                (ids,),
            )[0][0]
            == len(ids)
        ),
    )

    # And the mission's acknowledgements flow back to headquarters' records.
    mission.python(ACKNOWLEDGE.format(ids=ids, unit=MISSION_CODE))
    _wait("acknowledgements at headquarters", lambda: _acknowledged(hq, ids) == len(ids))


def test_mission_to_hq_with_the_link_cut_and_hq_killed_delivers_each_cable_once_in_order(
    pair: tuple[Instance, Instance, LinkProxy, LinkProxy],
) -> None:
    hq, mission, link_to_hq, _link_to_mission = pair
    target = _hq_unit(hq)
    ids = _release(mission, side=MISSION_CODE, target=target, count=2, label="Report")
    link_to_hq.cut()
    ids += _release(mission, side=MISSION_CODE, target=target, count=3, label="Offline")
    hq.stop(kill=True)
    mission.stop(kill=True)
    mission.start()
    hq.start()
    link_to_hq.restore()

    _wait("every cable at headquarters", lambda: len(_received(hq, MISSION_CODE)) >= len(ids))
    received = _received(hq, MISSION_CODE)
    assert sorted(cable for cable, _ in received) == sorted(ids)
    assert _accepted_order(hq, MISSION_CODE, ids, "hq") == ids
    assert {verdict for _, verdict in received} == {"valid"}

    hq.python(ACKNOWLEDGE.format(ids=ids, unit=target))
    _wait("acknowledgements at the mission", lambda: _acknowledged(mission, ids) == len(ids))
