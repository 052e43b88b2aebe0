"""Demo data of cables: a year of traffic between headquarters and the missions abroad.

``load_cables_demo`` adds, on top of core's demo organisation and the documents demo
(``chancery demo`` runs it after both), ``HISTORY`` (2,400) released cables over the 365 days
before the load, between headquarters units and the staffed missions: reports of missions
(60 %) and instructions of headquarters, in Vietnamese mostly (about one in eight in English,
most of the permanent missions' ones), tagged with the mission's country and subject codes,
precedence mostly ROUTINE (FLASH about 1 %), Unclassified, Confidential or Secret with
paragraph markings never above the cable's level and at least one paragraph at it, a few
captions and compartments, action and information addressees, deliveries with
acknowledgement times drawn around the targets (some late: alerted, a few escalated), numbered
per post and year through ``CableSeries``. Then the live cables and duty rosters of
``live.py``.

The historical cables are imported as they were, unsigned: ``make run`` loads the demo before
the PKI exists. Each has an ``imported`` event saying so, which the reading view shows.

Seed data written in bulk, not people's actions: no audit entry per cable, but the invariants
the actions keep hold (access columns as ``access.sync_access`` sets them, search vectors
built by ``search.reindex``, numbers without gaps). Idempotent: fixed ids (uuid5); a second
run creates nothing. The texts come from a fixed seed; the dates follow the day of the load.
"""

from __future__ import annotations

import uuid
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from chancery.documents.cables.demo.directory import load_directory
from chancery.documents.cables.demo.live import load_live
from chancery.documents.cables.demo.plan import HISTORY, plan_year
from chancery.documents.cables.demo.writer import CableWriter
from chancery.documents.models import Cable, CableDelivery, CableEvent

NAMESPACE = uuid.UUID("0c7f3b1e-5a52-4d0b-8f47-2c4b7e9d6a31")
# Live cables (``live.py``): one in clearance, one awaiting release, one awaiting acknowledgement.
LIVE = 3

__all__ = ["HISTORY", "LIVE", "cable_id", "load_cables_demo"]


def cable_id(key: int | str) -> uuid.UUID:
    """The fixed id of the demo cable planned at ``key`` (or of a live one, by name)."""
    return uuid.uuid5(NAMESPACE, f"cable-{key}")


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


@transaction.atomic
def load_cables_demo(stdout: TextIO | None = None) -> int:
    """Create whatever part of the demo cables is missing; return how many objects were
    created (cables and roster shifts). Needs core's demo organisation: without it, nothing."""
    from chancery.documents.cables.seeds import seed_all

    seed_all()  # precedence levels, tags and captions (idempotent)
    directory = load_directory()
    if directory is None or not directory.missions:
        _say(stdout, "Demo cables: load core's demo organisation first.")
        return 0
    now = timezone.now()
    created = 0
    if not Cable.objects.filter(pk=cable_id(0)).exists():
        steps = tqdm(total=2, desc="Demo cables", disable=None, leave=False)
        plans = plan_year(directory, now)
        steps.update()
        created += len(CableWriter(directory.units).write(plans, cable_id))
        steps.update()
        steps.close()
    created += load_live(directory, cable_id, now)
    if created:
        _analyze()
    _say(stdout, f"Demo cables: {created} created.")
    return created


def _analyze() -> None:
    """Fresh statistics for the tables the year of cables just filled: autovacuum sees the rows
    only after they are committed (never, inside the test that loads them), and the planner of
    the reports would otherwise take thousands of rows for none and pick nested loops that run
    for minutes. ANALYZE inside the transaction samples the rows it has written."""
    from django.db import connection

    tables = [Cable._meta.db_table, CableDelivery._meta.db_table, CableEvent._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
