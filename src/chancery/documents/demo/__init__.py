"""Demo data of official documents: a year of correspondence of the demo ministry.

``load_documents_demo`` adds, on top of core's demo organisation and staff, about 750
documents over the 365 days ending today: incoming letters from ministries, provincial
people's committees, embassies in Hanoi and international organisations, registered in the
holding unit's incoming register; outgoing letters issued with their number/symbol; a few
drafts; assignments with deadlines in working days (most handled on time, some late, some still
open past their deadline); comments and results; one PDF per document (text in
``content_text`` so search finds it). Some documents of ``law-treaties``, ``europe`` and
``emb-fr`` are Confidential or Secret, assigned to their unit and distributed to the cleared
demo accounts (``chuyenvien.mat``, ``truongvu.toimat``, ``daisu.paris``,
``lanhdao.tuyetmat``); the Unclassified demo accounts see none of them.

This is seed data written directly in bulk, not people's actions: no audit entries are written
for the demo rows (the blob store still audits the classified files it stores), but the
invariants the actions keep hold: numbers are consecutive per register (unit, direction, year)
and follow the date order, continuing after any number already given; statuses agree with
assignments and dates; classified documents are only visible to cleared people.

Idempotent: the documents have fixed ids, and a second run that finds the first one creates
nothing. The data come from a fixed seed; the dates follow the day of the first load.
"""

from __future__ import annotations

import uuid
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from chancery.core.service import Unit, calendar_for_unit
from chancery.documents.archive.file_plan import seed_file_plan
from chancery.documents.demo.plan import plan_year
from chancery.documents.demo.writer import DemoWriter
from chancery.documents.models import Document

NAMESPACE = uuid.UUID("6f1d0c4e-3b0a-4f4e-9a51-0d6c2f1e7a10")

# Holding units and their share of the correspondence (missions not in core's demo are skipped).
WEIGHTS = {
    "office": 3,
    "personnel": 2,
    "asean": 4,
    "europe": 4,
    "americas": 3,
    "northeast-asia": 3,
    "southeast-asia": 3,
    "middle-east-africa": 2,
    "foreign-policy": 2,
    "multilateral-economic": 3,
    "international-organisations": 3,
    "law-treaties": 3,
    "press": 3,
    "cultural-diplomacy": 2,
    "consular": 5,
    "protocol": 3,
    "external-relations": 3,
    "boundary": 1,
    "overseas-vietnamese": 2,
    "emb-cn": 2,
    "emb-jp": 2,
    "emb-la": 1,
    "emb-fr": 2,
    "emb-de": 1,
    "emb-us": 2,
    "pm-geneva": 1,
    "pm-un": 1,
    "cg-san-francisco": 1,
    "emb-au": 1,
}


def document_id(key: int) -> uuid.UUID:
    """The fixed id of the demo document planned at ``key``."""
    return uuid.uuid5(NAMESPACE, f"document-{key}")


def _say(stdout: TextIO | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


@transaction.atomic
def load_documents_demo(stdout: TextIO | None = None) -> int:
    """Create the demo year of documents unless it exists; return how many were created.

    Needs core's demo organisation (``chancery demo`` loads both, core's first): without its
    units and staff it creates nothing.
    """
    # The illustrative file plan first (idempotent), so archivists have categories to file into.
    seed_file_plan()
    if Document.objects.filter(pk=document_id(0)).exists():
        _say(stdout, "Demo documents: already loaded.")
        return 0
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=WEIGHTS)}
    if "office" not in units:
        _say(stdout, "Demo documents: load core's demo organisation first.")
        return 0
    weights = {code: (WEIGHTS[code], calendar_for_unit(unit)) for code, unit in units.items()}
    plans = plan_year(weights, timezone.localdate())
    created = DemoWriter(units, stdout).write(plans, document_id)
    _say(stdout, f"Demo documents: {created} created.")
    return created
