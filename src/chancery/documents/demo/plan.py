"""The demo year of correspondence, planned in memory from a fixed seed (no database writes).

``plan_year`` returns one ``Planned`` per document, in no particular order; the loader numbers
them per register in date order and writes them in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from chancery.core.service import (
    Clearance,
    WorkingCalendar,
    add_working_days,
    next_working_day,
    previous_working_day,
)
from chancery.documents.constants import DEFAULT_DEADLINE_DAYS, Direction, Status, Urgency
from chancery.documents.demo import corpus
from chancery.documents.demo.corpus import Sender

SEED = 20260101
INCOMING = 470
OUTGOING = 190
DRAFTS = 18
# The last working day's arrivals still waiting, so that every queue has something whatever
# the date (the random year leaves these states to chance: a few days out of 365).
WAITING = ((Status.RECEIVED, 3), (Status.REGISTERED, 3))
# Units whose documents are sometimes classified, and the highest level they use: each has a
# cleared demo account (chuyenvien.mat, truongvu.toimat, daisu.paris).
CLASSIFIED_UNITS = {
    "law-treaties": Clearance.CONFIDENTIAL,
    "europe": Clearance.SECRET,
    "emb-fr": Clearance.SECRET,
}
TAGS = ("ASEAN", "visa", "bảo hộ công dân", "điều ước", "lễ tân", "báo chí", "kinh tế", "NVNONN")
INCOMING_TYPES: tuple[tuple[str, int], ...] = (
    ("cong-van", 70),
    ("giay-moi", 10),
    ("thong-bao", 8),
    ("ke-hoach", 6),
)
INCOMING_TYPES += (("bao-cao", 6),)
OUTGOING_TYPES: tuple[tuple[str, int], ...] = (
    ("cong-van", 58),
    ("bao-cao", 12),
    ("to-trinh", 8),
    ("ke-hoach", 6),
)
OUTGOING_TYPES += (("quyet-dinh", 6), ("thong-bao", 5), ("giay-moi", 3), ("cong-dien", 2))
URGENCIES: tuple[tuple[Urgency, int], ...] = (
    (Urgency.NORMAL, 70),
    (Urgency.URGENT, 18),
    (Urgency.VERY_URGENT, 8),
)
URGENCIES += ((Urgency.FLASH, 4),)


@dataclass
class Planned:
    key: int
    direction: str
    unit: str
    type_code: str
    moment: dt.datetime  # received (incoming), issued (outgoing), started (draft)
    subject: str
    language: str = "vi"
    urgency: int = Urgency.NORMAL
    classification: int = Clearance.UNCLASSIFIED
    compartmented: bool = False
    status: str = Status.REGISTERED
    sender: Sender | None = None
    sender_number: str = ""
    document_date: dt.date | None = None
    due_date: dt.date | None = None
    completed_at: dt.datetime | None = None
    in_progress: bool = False
    reply_to: int | None = None
    coordinating_unit: str | None = None
    tags: list[str] = field(default_factory=list)
    comments: list[tuple[dt.datetime, str]] = field(default_factory=list)

    @property
    def registered(self) -> bool:
        return self.status not in (Status.RECEIVED, Status.DRAFTING)


def _weighted(rng: random.Random, pairs: tuple[tuple[object, int], ...]) -> object:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _moment(rng: random.Random, day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    working = next_working_day(day, calendar, inclusive=True)
    naive = dt.datetime.combine(working, dt.time(rng.randint(8, 16), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _fill(rng: random.Random, template: str, year: int) -> str:
    return template.format(
        country=rng.choice(corpus.COUNTRIES),
        event=rng.choice(corpus.EVENTS),
        year=year,
        next_year=year + 1,
        round=rng.randint(2, 9),
        sender=rng.choice(corpus.MINISTRIES).name,
    )


def _subject(rng: random.Random, direction: str, year: int) -> tuple[str, str]:
    roll = rng.random()
    pools: dict[str, tuple[str, ...]] = (
        {
            "en": corpus.INCOMING_SUBJECTS_EN,
            "fr": corpus.INCOMING_SUBJECTS_FR,
            "vi": corpus.INCOMING_SUBJECTS_VI,
        }
        if direction == Direction.INCOMING
        else {
            "en": corpus.OUTGOING_SUBJECTS_EN,
            "fr": corpus.OUTGOING_SUBJECTS_FR,
            "vi": corpus.OUTGOING_SUBJECTS_VI,
        }
    )
    language = "en" if roll < 0.08 else "fr" if roll < 0.12 else "vi"
    pool = pools[language]
    return _fill(rng, rng.choice(pool), year), language


class Planner:
    """Draws the year: ``units`` maps a holding unit's code to (weight, calendar)."""

    def __init__(self, units: dict[str, tuple[int, WorkingCalendar]], today: dt.date) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
        self.units = units
        self.codes = sorted(units)
        self.weights = [units[code][0] for code in self.codes]
        self.today = today
        self.start = today - dt.timedelta(days=364)
        self.plans: list[Planned] = []

    def _day(self) -> dt.date:
        return self.start + dt.timedelta(days=self.rng.randint(0, 364))

    def _base(self, direction: str, day: dt.date | None = None, *, recent: bool = False) -> Planned:
        rng = self.rng
        unit = rng.choices(self.codes, weights=self.weights)[0]
        calendar = self.units[unit][1]
        if recent:
            day = previous_working_day(self.today, calendar)
        moment = _moment(rng, day or self._day(), calendar)
        if moment.date() > self.today:
            moment = _moment(rng, self.today - dt.timedelta(days=7), calendar)
        subject, language = _subject(rng, direction, moment.year)
        plan = Planned(len(self.plans), direction, unit, "cong-van", moment, subject, language)
        plan.urgency = int(str(_weighted(rng, URGENCIES)))
        plan.tags = rng.sample(TAGS, k=rng.choice((0, 1, 1, 2)))
        level = CLASSIFIED_UNITS.get(unit)
        if level and rng.random() < 0.3:
            plan.classification = rng.choice((Clearance.CONFIDENTIAL, level))
            plan.compartmented = rng.random() < 0.5
            template = rng.choice(corpus.CLASSIFIED_SUBJECTS)
            plan.subject, plan.language = _fill(rng, template, moment.year), "vi"
        self.plans.append(plan)
        return plan

    def incoming(self, waiting: str = "") -> Planned:
        """An incoming document, handled as its dates allow, or left ``waiting`` in that state."""
        rng = self.rng
        plan = self._base(Direction.INCOMING, recent=bool(waiting))
        plan.type_code = str(_weighted(rng, INCOMING_TYPES))
        group = _weighted(rng, tuple((g, w) for g, w in corpus.SENDER_GROUPS))
        plan.sender = rng.choice(group)  # type: ignore[arg-type]
        plan.sender_number = f"{rng.randint(12, 4800)}/{plan.sender.code}"
        if plan.sender.language != "vi" and plan.classification == Clearance.UNCLASSIFIED:
            plan.language = plan.sender.language
        plan.document_date = plan.moment.date() - dt.timedelta(days=rng.randint(0, 4))
        if waiting:
            self._wait(plan, waiting)
        else:
            self._handle(plan)
        return plan

    def _wait(self, plan: Planned, status: str) -> None:
        """In the clerk's queue (received) or the leader's (registered, its deadline running)."""
        plan.status = status
        if status == Status.REGISTERED:
            calendar = self.units[plan.unit][1]
            days = DEFAULT_DEADLINE_DAYS[plan.urgency]
            plan.due_date = add_working_days(plan.moment.date(), days, calendar)

    def _handle(self, plan: Planned) -> None:
        rng, calendar = self.rng, self.units[plan.unit][1]
        received = plan.moment.date()
        if (self.today - received).days < 2 and rng.random() < 0.5:
            plan.status = Status.RECEIVED  # still in the clerk's queue
            return
        plan.due_date = add_working_days(received, DEFAULT_DEADLINE_DAYS[plan.urgency], calendar)
        if rng.random() < 0.15:
            plan.coordinating_unit = rng.choice(self.codes)
        outcome = rng.random()
        if plan.due_date < self.today:
            # 72% on time, 14% late, 14% still open past the deadline.
            if outcome < 0.72:
                span = max((plan.due_date - received).days, 0)
                done = received + dt.timedelta(days=rng.randint(0, span))
            elif outcome < 0.86:
                done = add_working_days(plan.due_date, rng.randint(1, 8), calendar)
            else:
                done = None
        else:
            done = received + dt.timedelta(days=rng.randint(0, 2)) if outcome < 0.4 else None
        if done is not None and done <= self.today:
            plan.completed_at = max(_moment(rng, done, calendar), plan.moment)
            if plan.completed_at.date() > self.today:
                plan.completed_at = None
        if plan.completed_at is not None:
            plan.status = Status.COMPLETED
        elif (self.today - received).days < 1:
            plan.status = Status.REGISTERED
        else:
            plan.in_progress = rng.random() < 0.6
            plan.status = Status.IN_PROGRESS if plan.in_progress else Status.ASSIGNED
        for _n in range(rng.choice((0, 0, 1, 1, 2))):
            when = plan.moment + dt.timedelta(hours=rng.randint(2, 60))
            if plan.completed_at is None or when < plan.completed_at:
                plan.comments.append((when, rng.choice(corpus.COMMENTS)))

    def outgoing(self, reply_to: Planned | None = None) -> Planned:
        rng = self.rng
        plan = self._base(Direction.OUTGOING)
        if reply_to is not None and reply_to.completed_at is not None:
            plan.unit, plan.moment = reply_to.unit, reply_to.completed_at
            plan.classification, plan.compartmented = Clearance.UNCLASSIFIED, False
            sender = reply_to.sender.name if reply_to.sender else ""
            plan.subject = f"Về việc trả lời văn bản số {reply_to.sender_number} của {sender}"
            plan.reply_to, plan.language = reply_to.key, "vi"
        else:
            plan.type_code = str(_weighted(rng, OUTGOING_TYPES))
        plan.status = Status.ISSUED
        plan.document_date = plan.moment.date()
        return plan

    def draft(self) -> Planned:
        plan = self._base(
            Direction.OUTGOING, self.today - dt.timedelta(days=self.rng.randint(0, 20))
        )
        plan.type_code = str(_weighted(self.rng, OUTGOING_TYPES))
        plan.status = Status.DRAFTING
        return plan


def plan_year(units: dict[str, tuple[int, WorkingCalendar]], today: dt.date) -> list[Planned]:
    """A year of incoming and outgoing documents ending ``today`` (same seed, same year)."""
    planner = Planner(units, today)
    received = [planner.incoming() for _n in range(INCOMING)]
    answerable = [
        plan
        for plan in received
        if plan.completed_at is not None
        and plan.classification == Clearance.UNCLASSIFIED
        and plan.type_code == "cong-van"
    ]
    for plan in planner.rng.sample(answerable, k=min(80, len(answerable))):
        planner.outgoing(reply_to=plan)
    for _n in range(OUTGOING):
        planner.outgoing()
    for _n in range(DRAFTS):
        planner.draft()
    for status, count in WAITING:
        for _n in range(count):
            planner.incoming(waiting=status)
    return planner.plans
