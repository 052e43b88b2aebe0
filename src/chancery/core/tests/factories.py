"""Shared factories. Other apps' tests import them from here."""

from __future__ import annotations

from typing import Any

import factory

from chancery.core.constants import Clearance, Role, UnitKind
from chancery.core.models import Compartment, Position, Unit, User

TEST_PASSWORD = "correct horse battery staple 42"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    name_vi = factory.Sequence(lambda n: f"Vụ {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    name_fr = factory.Sequence(lambda n: f"Direction {n}")
    kind = UnitKind.DEPARTMENT

    class Params:
        mission = factory.Trait(
            kind=UnitKind.EMBASSY,
            host_country="FR",
            city="Paris",
            time_zone="Europe/Paris",
            languages=["fr"],
        )


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    name_vi = "Chuyên viên"
    name_en = "Specialist"
    name_fr = "Chargé d'études"


class CompartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compartment
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"comp-{n}")
    name_vi = factory.Sequence(lambda n: f"Ngăn {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@mofa.test")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    unit = factory.SubFactory(UnitFactory)
    roles = factory.LazyFunction(lambda: [Role.SPECIALIST.value])
    clearance = Clearance.UNCLASSIFIED
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        cleared = factory.Trait(clearance=Clearance.SECRET)
        admin = factory.Trait(roles=[Role.ADMIN.value])
        clerk = factory.Trait(roles=[Role.CLERK.value])
        unit_head = factory.Trait(roles=[Role.UNIT_HEAD.value])

    @factory.post_generation
    def compartments(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.compartments.set(extracted)


def issue_token(user: User, *scopes: str, days: int = 30) -> str:
    """A personal API token of ``user`` (through the real action); returns the full secret."""
    from datetime import timedelta

    from django.utils import timezone

    from chancery.core.actions.tokens import create_token

    wanted = scopes or ("read:org",)
    return create_token(user, "test token", wanted, timezone.now() + timedelta(days=days)).secret
