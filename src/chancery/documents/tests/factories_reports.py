"""A small known set of documents for the reports and API tests, with its expected figures.

Year 2025, judged on 15 January 2026. Unit ``hq`` (a department) and mission ``mi``.
Everyone on staff sees the unclassified documents without compartment; ``secret_doc`` needs
Secret clearance and unit ``hq``; ``compartment_doc`` needs compartment ``NEGO``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from chancery.core.service import Clearance, Unit, User
from chancery.core.tests.factories import CompartmentFactory, UnitFactory, UserFactory
from chancery.documents.constants import Status, Urgency
from chancery.documents.models import Document
from chancery.documents.tests.factories import DocumentFactory, document_type

YEAR = 2025
TODAY = dt.date(2026, 1, 15)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in the ministry's time zone."""
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@dataclass
class ReportWorld:
    hq: Unit
    mission: Unit
    plain: User  # Unclassified, unit hq, no compartment
    cleared: User  # Secret, unit hq, compartment NEGO
    outsider_doc: Document  # an ordinary unclassified document
    secret_doc: Document
    compartment_doc: Document


def incoming(unit: Unit, creator: User, received: dt.datetime, **fields: object) -> Document:
    fields.setdefault("status", Status.ASSIGNED)
    return DocumentFactory(unit=unit, created_by=creator, received_at=received, **fields)


def build_report_world() -> ReportWorld:
    hq = UnitFactory(code="hq", name_vi="Vụ Thử nghiệm")
    mission = UnitFactory(code="mi", mission=True)
    nego = CompartmentFactory(code="NEGO")
    plain = UserFactory(unit=hq)
    cleared = UserFactory(unit=hq, clearance=Clearance.SECRET, compartments=[nego])
    clerk = UserFactory(unit=hq)
    # hq, incoming: on time (completed late in the evening of the deadline), late, overdue.
    first = incoming(
        hq,
        clerk,
        at(YEAR, 3, 10),
        due_date=dt.date(YEAR, 3, 20),
        completed_at=at(YEAR, 3, 20, 23, 30),
        status=Status.COMPLETED,
        tags=["visa", "asean"],
        urgency=Urgency.URGENT,
    )
    incoming(
        hq,
        clerk,
        at(YEAR, 3, 12),
        due_date=dt.date(YEAR, 3, 20),
        completed_at=at(YEAR, 3, 21, 8),
        status=Status.COMPLETED,
        tags=["visa"],
    )
    incoming(hq, clerk, at(YEAR, 4, 1), due_date=dt.date(YEAR, 4, 10))
    # December: counted in volumes, its deadline falls in the next year.
    incoming(hq, clerk, at(YEAR, 12, 20), due_date=dt.date(YEAR + 1, 1, 20))
    # Waiting for registration: not counted anywhere.
    incoming(hq, clerk, at(YEAR, 3, 1), status=Status.RECEIVED)
    # hq, outgoing: one issued in March, one still a draft.
    DocumentFactory(
        unit=hq,
        created_by=clerk,
        outgoing=True,
        status=Status.ISSUED,
        issued_at=at(YEAR, 3, 15),
        document_type=document_type("quyet-dinh"),
    )
    DocumentFactory(unit=hq, created_by=clerk, outgoing=True)
    # The mission: one incoming handled on time, one outgoing, both in May.
    incoming(
        mission,
        clerk,
        at(YEAR, 5, 5),
        due_date=dt.date(YEAR, 5, 15),
        completed_at=at(YEAR, 5, 10),
        status=Status.COMPLETED,
    )
    DocumentFactory(
        unit=mission,
        created_by=clerk,
        outgoing=True,
        status=Status.ISSUED,
        issued_at=at(YEAR, 5, 6),
    )
    # Hidden from ``plain``: a Secret document of hq (overdue), a compartmented one (late).
    secret_doc = incoming(
        hq,
        clerk,
        at(YEAR, 3, 11),
        due_date=dt.date(YEAR, 3, 15),
        classification=Clearance.SECRET,
        assigned_units=[hq],
        tags=["visa"],
    )
    compartment_doc = incoming(
        mission,
        clerk,
        at(YEAR, 5, 7),
        due_date=dt.date(YEAR, 5, 8),
        completed_at=at(YEAR, 5, 9),
        status=Status.COMPLETED,
        compartments=[nego],
    )
    return ReportWorld(hq, mission, plain, cleared, first, secret_doc, compartment_doc)
