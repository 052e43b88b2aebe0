from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from chancery.api.tests.helpers import assert_problem, bearer
from chancery.core.constants import Clearance, Role, UnitKind
from chancery.core.models import ApiToken, Appointment, User
from chancery.core.tests.factories import (
    CompartmentFactory,
    PositionFactory,
    UnitFactory,
    UserFactory,
    issue_token,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def counsellor(db: None) -> User:
    embassy = UnitFactory(code="emb-fr", name_vi="Đại sứ quán tại Pháp", mission=True)
    user: User = UserFactory(
        username="counsellor",
        unit=embassy,
        roles=[Role.SPECIALIST.value, Role.UNIT_HEAD.value],
        clearance=Clearance.SECRET,
        compartments=[CompartmentFactory(code="asean")],
    )
    position = PositionFactory(unit=embassy, name_en="Counsellor")
    Appointment.objects.create(user=user, position=position, start=date(2024, 1, 1))
    return user


def _get(client: Client, url: str, secret: str, **extra: Any) -> Any:
    response = client.get(url, **bearer(secret), **extra)
    assert response.status_code == 200, response.content
    return response.json()


def test_me_shows_profile_unit_roles_clearance_and_the_token(
    client: Client, counsellor: User
) -> None:
    secret = issue_token(counsellor, "read:org", "read:tokens")
    me = _get(client, "/api/v1/me", secret, HTTP_ACCEPT_LANGUAGE="en")
    assert me["username"] == "counsellor"
    assert me["unit"]["code"] == "emb-fr"
    assert {role["code"] for role in me["roles"]} == {"specialist", "unit_head"}
    assert me["clearance"]["level"] == Clearance.SECRET
    assert me["compartments"] == ["asean"]
    assert me["positions"] == [{"name": "Counsellor", "unit": "emb-fr", "acting": False}]
    assert me["token"]["prefix"] == secret.split("_")[1]
    assert me["scopes"] == ["read:org", "read:tokens"]


def test_units_filter_by_kind_mission_country_and_search(client: Client, member: User) -> None:
    UnitFactory(code="emb-de", name_vi="Đại sứ quán tại Đức", mission=True, host_country="DE")
    UnitFactory(code="emb-jp", name_vi="Đại sứ quán tại Nhật Bản", mission=True, host_country="JP")
    UnitFactory(code="dept-legal", name_vi="Vụ Luật pháp", kind=UnitKind.DEPARTMENT)
    secret = issue_token(member)

    def codes(query: str) -> set[str]:
        return {unit["code"] for unit in _get(client, f"/api/v1/units?{query}", secret)["items"]}

    assert {"emb-de", "emb-jp"} <= codes("mission=true")
    assert "dept-legal" not in codes("mission=true")
    assert codes("country=de") == {"emb-de"}
    assert "dept-legal" in codes("kind=department")
    assert codes("q=nhat ban") == {"emb-jp"}, "search ignores Vietnamese diacritics"


def test_unit_detail_has_names_in_every_language(client: Client, member: User) -> None:
    UnitFactory(code="emb-it", name_vi="ĐSQ Ý", name_en="Embassy in Italy", mission=True)
    secret = issue_token(member)
    unit = _get(client, "/api/v1/units/emb-it", secret, HTTP_ACCEPT_LANGUAGE="en")
    assert unit["name"] == "Embassy in Italy"
    assert unit["names"]["vi"] == "ĐSQ Ý"
    assert unit["is_mission"] is True


def test_staff_directory_never_shows_others_clearance_or_roles(
    client: Client, member: User, counsellor: User
) -> None:
    secret = issue_token(member)
    page = _get(client, "/api/v1/staff?unit=emb-fr", secret)
    assert [person["username"] for person in page["items"]] == ["counsellor"]
    entry = page["items"][0]
    assert set(entry) == {"username", "name", "email", "unit", "positions"}
    assert "asean" not in str(page)


def test_inactive_staff_are_not_in_the_directory(client: Client, member: User) -> None:
    UserFactory(username="retired", is_active=False)
    secret = issue_token(member)
    names = [p["username"] for p in _get(client, "/api/v1/staff?limit=200", secret)["items"]]
    assert "retired" not in names


def test_list_endpoints_run_a_bounded_number_of_queries(
    client: Client, member: User, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        unit = UnitFactory(code=f"q-{n:02d}")
        person = UserFactory(unit=unit)
        Appointment.objects.create(
            user=person, position=PositionFactory(unit=unit), start=date(2024, 1, 1)
        )
    secret = issue_token(member, "read:org", "read:tokens")
    # Token lookup, rate-limit counter, then the page itself (and its prefetches).
    with django_assert_max_num_queries(4):
        assert len(_get(client, "/api/v1/units?limit=50", secret)["items"]) > 30
    with django_assert_max_num_queries(5):
        assert len(_get(client, "/api/v1/staff?limit=50", secret)["items"]) > 30
    with django_assert_max_num_queries(3):
        _get(client, "/api/v1/tokens", secret)


def test_tokens_list_shows_only_my_tokens(client: Client, member: User) -> None:
    issue_token(UserFactory(), "read:org")
    secret = issue_token(member, "read:tokens")
    page = _get(client, "/api/v1/tokens", secret)
    assert [item["prefix"] for item in page["items"]] == [secret.split("_")[1]]
    assert "secret" not in page["items"][0]
    assert "secret_hash" not in page["items"][0]


def test_deleting_a_token_revokes_it_at_once(client: Client, member: User) -> None:
    manager = issue_token(member, "read:org", "write:tokens")
    victim = issue_token(member, "read:org")
    victim_id = ApiToken.objects.get(prefix=victim.split("_")[1]).pk
    response = client.delete(f"/api/v1/tokens/{victim_id}", **bearer(manager))
    assert response.status_code == 204
    assert_problem(client.get("/api/v1/units", **bearer(victim)), 401)


def test_creating_a_token_through_the_api_returns_its_secret_once(
    client: Client, member: User
) -> None:
    import json
    from datetime import timedelta

    from django.utils import timezone

    secret = issue_token(member, "read:org", "write:tokens")
    payload = {
        "name": "nightly export",
        "scopes": ["read:org"],
        "expires_at": (timezone.now() + timedelta(days=7)).isoformat(),
    }
    response = client.post(
        "/api/v1/tokens", json.dumps(payload), content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "active"
    assert _get(client, "/api/v1/units", created["secret"])["items"] is not None
