"""Factories of the archive tests: released cables with paragraphs, addressees and access."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import DEFAULT_PRECEDENCES, AddresseeRole, CableStatus
from chancery.documents.cables.search import reindex
from chancery.documents.models import Cable, CableAddressee, CableParagraph, PrecedenceLevel


def precedence(code: str = "ROUTINE") -> PrecedenceLevel:
    """The precedence level ``code`` (created as the defaults describe it when missing)."""
    row = next(row for row in DEFAULT_PRECEDENCES if row[0] == code)
    level, _ = PrecedenceLevel.objects.get_or_create(
        code=code,
        defaults={
            "rank": row[1],
            "ack_minutes": row[2],
            "escalate_minutes": row[3],
            "name_vi": row[4],
            "name_en": row[5],
            "name_fr": row[6],
        },
    )
    return level


class CableFactory(factory.django.DjangoModelFactory):
    """A released cable of a fresh post. ``paragraphs``: texts (or (text, level) pairs);
    ``addressed``: units addressed for action (their staff may read it); ``readers``: the
    distribution; ``captions``/``compartments`` narrow it. Reindexed when created."""

    class Meta:
        model = Cable
        skip_postgeneration_save = True

    status = CableStatus.RELEASED
    post = factory.SubFactory(UnitFactory, mission=True)
    drafting_unit = factory.SelfAttribute("post")
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"{o.post.code.upper()} {o.year}/{o.number}")
    subject = factory.Sequence(lambda n: f"Tình hình ngoại giao khu vực {n}")
    precedence = factory.LazyFunction(precedence)
    released_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..post"))

    @factory.post_generation
    def paragraphs(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        for number, item in enumerate(extracted or ["Nội dung điện."], start=1):
            text, level = item if isinstance(item, tuple) else (item, 0)
            CableParagraph.objects.create(
                cable=self, number=number, text=text, classification=level
            )

    @factory.post_generation
    def addressed(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for unit in extracted:
                CableAddressee.objects.create(cable=self, role=AddresseeRole.ACTION, unit=unit)
            self.assigned_units.add(*extracted)

    @factory.post_generation
    def readers(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            for person in extracted:
                CableAddressee.objects.create(cable=self, role=AddresseeRole.INFO, person=person)
            self.distribution.add(*extracted)

    @factory.post_generation
    def captions(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.captions.set(extracted)

    @factory.post_generation
    def compartments(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.compartments.set(extracted)

    @factory.post_generation
    def indexed(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            reindex([self.pk])
            self.refresh_from_db(fields=["body_text", "search_vector"])


def reader(unit: Any = None, **kwargs: Any) -> Any:
    """A member of staff of ``unit`` (a fresh one by default)."""
    return UserFactory(unit=unit or UnitFactory(), **kwargs)
