"""Factories of documents tests. Other apps' tests (cables) may import them."""

from __future__ import annotations

import factory
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.constants import Direction, Status, Urgency
from chancery.documents.models import Assignment, Document, DocumentType


def document_type(code: str = "cong-van") -> DocumentType:
    return DocumentType.objects.get(code=code)


class DocumentFactory(factory.django.DjangoModelFactory):
    """An incoming document, registered (no number) in a fresh unit; traits for the states."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    direction = Direction.INCOMING
    status = Status.REGISTERED
    unit = factory.SubFactory(UnitFactory)
    document_type = factory.LazyFunction(document_type)
    subject = factory.Sequence(lambda n: f"Về việc hợp tác ngoại giao số {n}")
    number_symbol = factory.Sequence(lambda n: f"{n}/UBND-VP")
    sender_name = "Ủy ban nhân dân thành phố Hải Phòng"
    document_date = factory.LazyFunction(lambda: timezone.localdate())
    urgency = Urgency.NORMAL
    created_by = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..unit"))
    received_at = factory.LazyFunction(timezone.now)

    class Params:
        outgoing = factory.Trait(
            direction=Direction.OUTGOING,
            status=Status.DRAFTING,
            number_symbol="",
            sender_name="",
            received_at=None,
        )

    @factory.post_generation
    def distribution(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.distribution.set(extracted)

    @factory.post_generation
    def compartments(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.compartments.set(extracted)

    @factory.post_generation
    def assigned_units(
        self, create: bool, extracted: list[object] | None, **kwargs: object
    ) -> None:
        if create and extracted:
            self.assigned_units.set(extracted)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    document = factory.SubFactory(DocumentFactory)
    unit = factory.SelfAttribute("document.unit")
    role = "lead"
    assigned_by = factory.SelfAttribute("document.created_by")
