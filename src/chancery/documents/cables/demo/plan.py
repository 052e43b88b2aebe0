"""The demo year of cables, planned in memory from a fixed seed (no database writes).

``plan_year`` returns ``HISTORY`` planned cables between headquarters and the staffed missions
over the 365 days before ``now``, in release order; the writer numbers and stores them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.utils import timezone

from chancery.core.service import Clearance
from chancery.documents.cables.demo import corpus
from chancery.documents.cables.demo.corpus import Theme
from chancery.documents.cables.demo.directory import FUNCTIONAL, Directory, Person, Post

SEED = 20260601
HISTORY = 2400
# Precedence codes with their weight; a theme caps how urgent its cables get.
PRECEDENCES = (("FLASH", 1, 8), ("IMMEDIATE", 2, 10), ("PRIORITY", 3, 25), ("ROUTINE", 4, 63))
LEVELS = ((Clearance.UNCLASSIFIED, 58), (Clearance.CONFIDENTIAL, 29), (Clearance.SECRET, 13))
# Acknowledgement: median minutes and spread (log-normal) by precedence.
ACK = {"FLASH": (5.0, 0.6), "IMMEDIATE": (22.0, 0.8)}
TARGET = {"FLASH": 10, "IMMEDIATE": 60}
ESCALATE = {"FLASH": 10, "IMMEDIATE": 60}
NEVER_ACKNOWLEDGED = 0.01

T = TypeVar("T")


@dataclass
class Ack:
    unit: str
    minutes: float | None  # None: never acknowledged
    by: int | None
    by_name: str = ""


@dataclass
class PlannedCable:
    key: int
    post: str
    drafting_unit: str
    drafter: Person
    approver: Person
    clearer: Person | None
    released_at: dt.datetime
    subject: str
    language: str
    precedence: str
    classification: int
    tags: list[str]
    paragraphs: list[tuple[int, str]]
    action: list[str]
    info: list[str] = field(default_factory=list)
    info_people: list[Person] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    compartments: list[str] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _moment(rng: random.Random, now: dt.datetime, urgent: bool) -> dt.datetime:
    while True:
        day = timezone.localdate(now) - dt.timedelta(days=rng.randint(1, 365))
        if day.weekday() < 5 or rng.random() < 0.2 or urgent:
            break
    hour = rng.randint(0, 23) if urgent and rng.random() < 0.4 else rng.randint(7, 18)
    naive = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _paragraphs(
    rng: random.Random, theme: Theme, english: bool, level: int
) -> list[tuple[int, str]]:
    body = theme.body_en if english else theme.body_vi
    texts = [rng.choice(corpus.OPENINGS_EN if english else corpus.OPENINGS_VI)]
    texts += rng.sample(body, k=min(len(body), rng.randint(1, 3)))
    texts.append(rng.choice(corpus.CLOSINGS_EN if english else corpus.CLOSINGS_VI))
    # The summary and the closing are unclassified; the body carries the level, at least once.
    marks: list[int] = [Clearance.UNCLASSIFIED] * len(texts)
    if level:
        for index in range(1, len(texts) - 1):
            marks[index] = rng.randint(0, level)
        marks[rng.randint(1, len(texts) - 2)] = level
    return list(zip(marks, texts, strict=True))


def _ack(rng: random.Random, directory: Directory, unit: str, cable: PlannedCable) -> Ack:
    able = [
        p
        for p in directory.staff(unit, cable.classification)
        if set(cable.compartments) <= p.compartments
    ]
    median, spread = ACK[cable.precedence]
    if not able or rng.random() < NEVER_ACKNOWLEDGED:
        return Ack(unit, None, None)
    minutes = max(0.5, math.exp(math.log(median) + rng.gauss(0, spread)))
    person = rng.choice(able)
    return Ack(unit, round(minutes, 1), person.pk, person.name)


class Planner:
    def __init__(self, directory: Directory, now: dt.datetime) -> None:
        self.d = directory
        self.now = now
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
        self.hq_units = [u for u in FUNCTIONAL.values() if u in directory.units]

    def plan(self) -> list[PlannedCable]:
        plans = [self._one(key) for key in range(HISTORY)]
        plans.sort(key=lambda p: (p.released_at, p.key))
        return plans

    def _one(self, key: int) -> PlannedCable:
        rng = self.rng
        mission: Post = rng.choice(self.d.missions)
        report = rng.random() < 0.6
        themes = corpus.REPORTS if report else corpus.INSTRUCTIONS
        theme = _weighted(rng, [(t, t.weight) for t in themes])
        allowed = [(code, w) for code, rank, w in PRECEDENCES if rank >= theme.urgent]
        precedence = _weighted(rng, allowed)
        region = self.d.region(mission)
        functional = FUNCTIONAL.get(theme.tags[0], region)
        drafting = mission.code if report else rng.choice([region, functional, region])
        if drafting not in self.d.units or not self.d.staff(drafting):
            drafting = region
        level = min(_weighted(rng, LEVELS), self.d.top_level(drafting))
        english = (mission.english and rng.random() < 0.6) or rng.random() < 0.08
        place = mission.place_en if english else mission.place_vi
        subjects = theme.subjects_en if english else theme.subjects_vi
        subject = rng.choice(subjects).format(place=place, q=rng.randint(1, 4))
        drafter = rng.choice(self.d.staff(drafting, level))
        head = self.d.head(drafting, level)
        if report:
            approver, clearer = head or drafter, None
        else:
            leaders = self.d.leaders(level) or [head or drafter]
            approver = rng.choice(leaders)
            clearer = head if head is not None and head.pk != drafter.pk else None
        action = [region] if report else [mission.code]
        if not report and rng.random() < 0.1:
            others = [m.code for m in self.d.missions if m.code != mission.code]
            action += rng.sample(others, k=min(2, len(others)))
        info = []
        if functional not in action and functional != drafting and functional in self.d.units:
            info.append(functional)
        if report and rng.random() < 0.3:
            info.append("foreign-policy")
        if not report and region not in (drafting, *info):
            info.append(region)
        cable = PlannedCable(
            key=key,
            post=mission.code if report else self.d.headquarters,
            drafting_unit=drafting,
            drafter=drafter,
            approver=approver,
            clearer=clearer,
            released_at=_moment(rng, self.now, precedence == "FLASH"),
            subject=subject,
            language="en" if english else "vi",
            precedence=precedence,
            classification=level,
            tags=[mission.country, *theme.tags],
            paragraphs=_paragraphs(rng, theme, english, level),
            action=action,
            info=[u for u in dict.fromkeys(info) if u in self.d.units and u not in action],
        )
        self._distribution(cable, theme)
        if precedence in ACK:
            cable.acks = [_ack(rng, self.d, unit, cable) for unit in cable.action]
        return cable

    def _distribution(self, cable: PlannedCable, theme: Theme) -> None:
        rng, level = self.rng, cable.classification
        if "KTIA" in theme.tags and level:
            cable.compartments = ["NEGOTIATIONS"]
        draw = rng.random()
        if cable.precedence in ACK:
            return  # urgent cables reach their duty officers: no caption narrows them
        if draw < 0.03:
            cable.captions = ["LEADERS-ONLY"]
            leaders = [
                p for p in self.d.leaders(level) if set(cable.compartments) <= p.compartments
            ]
            cable.info_people = leaders[:1]
        elif draw < 0.05:
            cable.captions = ["HEADS-OF-UNIT"]


def plan_year(directory: Directory, now: dt.datetime) -> list[PlannedCable]:
    """The ``HISTORY`` cables of the year before ``now``, in release order."""
    return Planner(directory, now).plan()
