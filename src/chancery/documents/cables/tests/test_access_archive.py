"""Access to the archive: a reader below the cable's level, outside its caption or not
addressed never sees it, in search results, totals, facets, saved-search alerts or export."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.core.constants import Clearance, Role
from chancery.core.models import AuditEntry, User
from chancery.core.tests.factories import CompartmentFactory, UnitFactory, UserFactory, issue_token
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.search.query import search_cables
from chancery.documents.cables.tests.factories_archive import CableFactory, precedence
from chancery.documents.models import Cable, Caption
from chancery.lib.pdfgen import simple_pdf

pytestmark = pytest.mark.django_db

WORD = "Hải đăng"
API = "/api/v1/cables"


@dataclass
class World:
    secret: Cable
    public: Cable
    insider: User
    outsiders: dict[str, User]


def _world() -> World:
    unit = UnitFactory()
    compartment = CompartmentFactory()
    leaders = Caption.objects.create(code="LEADERS", name_vi="Lãnh đạo", roles=[Role.LEADER])
    pdf = blobs.store(io.BytesIO(simple_pdf([["Cable"]])), filename="c.pdf", actor=None)
    secret = CableFactory(
        subject=f"{WORD} trên đảo",
        classification=Clearance.SECRET,
        paragraphs=[(f"{WORD} bí mật.", Clearance.SECRET)],
        tags=["XSECRET", "PREL"],
        precedence=precedence("FLASH"),
        addressed=[unit],
        captions=[leaders],
        compartments=[compartment],
        signed_pdf=pdf,
    )
    public = CableFactory(subject=f"{WORD} du lịch", tags=["PREL"], addressed=[unit])

    def person(**kwargs: Any) -> User:
        values = {
            "unit": unit,
            "clearance": Clearance.SECRET,
            "roles": [Role.LEADER.value],
            "compartments": [compartment],
            **kwargs,
        }
        return UserFactory(**values)

    return World(
        secret=secret,
        public=public,
        insider=person(),
        outsiders={
            "below the level": person(clearance=Clearance.CONFIDENTIAL),
            "outside the caption": person(roles=[Role.SPECIALIST.value]),
            "not addressed": person(unit=UnitFactory()),
            "without the compartment": person(compartments=[]),
        },
    )


def _seen(user: User) -> tuple[set[object], int, dict[str, int], dict[str, int]]:
    results = search_cables(user, CableSearchParams(q="hai dang"))
    tags = {facet.value: facet.count for facet in results.tags}
    precedences = {facet.value: facet.count for facet in results.precedences}
    return {hit.cable.pk for hit in results.hits}, results.total, tags, precedences


def test_the_insider_sees_both_cables_counted_and_faceted() -> None:
    world = _world()
    ids, total, tags, precedences = _seen(world.insider)
    assert ids == {world.secret.pk, world.public.pk}
    assert total == 2
    assert tags == {"PREL": 2, "XSECRET": 1}
    assert precedences == {"FLASH": 1, "ROUTINE": 1}


@pytest.mark.parametrize(
    "who", ["below the level", "outside the caption", "not addressed", "without the compartment"]
)
def test_a_reader_who_may_not_read_the_cable_never_sees_or_counts_it(who: str) -> None:
    world = _world()
    user = world.outsiders[who]
    ids, total, tags, precedences = _seen(user)
    expected_public = who != "not addressed"
    assert ids == ({world.public.pk} if expected_public else set())
    assert total == (1 if expected_public else 0)
    assert "XSECRET" not in tags
    assert "FLASH" not in precedences
    if expected_public:
        assert tags == {"PREL": 1}
    for status in (CableSearchParams().status, "any"):
        everything = search_cables(user, CableSearchParams(status=status, tags=("XSECRET",)))
        assert everything.total == 0
        assert not everything.hits


@pytest.mark.parametrize(
    "who", ["below the level", "outside the caption", "not addressed", "without the compartment"]
)
def test_the_page_the_api_and_export_answer_as_if_the_cable_did_not_exist(
    client: Client, who: str
) -> None:
    world = _world()
    user = world.outsiders[who]
    client.force_login(user)
    page = client.get(reverse("cables:archive"), {"q": "hai dang"}).content.decode()
    assert "trên đảo" not in page
    assert "XSECRET" not in page
    assert f'data-total="{0 if who == "not addressed" else 1}"' in page
    export = reverse("cables:export", args=[world.secret.pk])
    missing = reverse("cables:export", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(export).status_code == 404
    assert client.get(missing).status_code == 404
    headers = {"Authorization": f"Bearer {issue_token(user, 'read:cables')}"}
    found = client.get(f"{API}/archive/search", {"q": "hai dang"}, headers=headers).json()
    assert world.secret.reference not in str(found)
    assert found["total"] == (0 if who == "not addressed" else 1)
    api_export = client.get(f"{API}/{world.secret.pk}/export.pdf", headers=headers)
    assert api_export.status_code == 404
    assert api_export["Content-Type"] == "application/problem+json"


def test_the_insider_exports_the_cable_and_the_export_is_audited(client: Client) -> None:
    world = _world()
    client.force_login(world.insider)
    response = client.get(reverse("cables:export", args=[world.secret.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert world.secret.events.filter(kind="exported", actor=world.insider).count() == 1
    assert AuditEntry.objects.filter(
        action="cables.export", object_id=str(world.secret.pk)
    ).exists()


def test_anonymous_and_inactive_users_see_nothing() -> None:
    world = _world()
    assert search_cables(AnonymousUser(), CableSearchParams(q="hai dang")).total == 0
    world.insider.is_active = False
    world.insider.save(update_fields=["is_active"])
    assert search_cables(world.insider, CableSearchParams(q="hai dang")).total == 0
