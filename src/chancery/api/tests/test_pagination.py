from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from chancery.api.tests.helpers import assert_problem, bearer
from chancery.core.models import ApiToken, Unit, User
from chancery.core.tests.factories import UnitFactory, issue_token

pytestmark = pytest.mark.django_db


def _walk(client: Client, url: str, secret: str, between: Any = None) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    while url:
        response = client.get(url, **bearer(secret))
        assert response.status_code == 200, response.content
        page = response.json()
        seen.extend(page["items"])
        url = page["next"]
        if between is not None and url:
            between(len(seen))
    return seen


def test_walking_units_sees_each_once_while_rows_are_inserted(client: Client, member: User) -> None:
    existing: set[str] = {str(UnitFactory(code=f"u{n:03d}").code) for n in range(0, 60, 2)}
    existing |= {str(code) for code in Unit.objects.values_list("code", flat=True)}
    secret = issue_token(member)
    inserted: list[str] = []

    def insert(_count: int) -> None:
        # Rows land before, inside and after the part still to walk.
        for code in (f"a{len(inserted):03d}", f"u{len(inserted) * 2 + 1:03d}", f"z{len(inserted)}"):
            UnitFactory(code=code)
            inserted.append(code)

    seen = [item["code"] for item in _walk(client, "/api/v1/units?limit=7", secret, insert)]
    assert len(seen) == len(set(seen)), "a row was served twice"
    assert existing <= set(seen), "a row that existed throughout was skipped"
    assert seen == sorted(seen)


def test_the_next_link_keeps_filters_and_limit(client: Client, member: User) -> None:
    for n in range(5):
        UnitFactory(code=f"emb-{n}", mission=True)
    secret = issue_token(member)
    page = client.get("/api/v1/units?mission=true&limit=2", **bearer(secret)).json()
    query = parse_qs(urlsplit(page["next"]).query)
    assert query["mission"] == ["true"]
    assert query["limit"] == ["2"]
    assert query["cursor"] == [page["next_cursor"]]


def test_walking_by_creation_time_keeps_microsecond_ties_apart(
    client: Client, member: User
) -> None:
    secret = issue_token(member, "read:tokens")
    for _ in range(9):
        issue_token(member, "read:org")
    moment = ApiToken.objects.first().created_at  # type: ignore[union-attr]
    ApiToken.objects.filter(owner=member).update(created_at=moment)
    seen = [item["id"] for item in _walk(client, "/api/v1/tokens?limit=3", secret)]
    assert sorted(seen) == sorted(
        ApiToken.objects.filter(owner=member).values_list("id", flat=True)
    )
    assert len(seen) == len(set(seen)) == 10


def test_a_forged_cursor_is_refused(client: Client, member: User) -> None:
    secret = issue_token(member)
    body = assert_problem(client.get("/api/v1/units?cursor=WyJ6enoiXQ", **bearer(secret)), 400)
    assert body["type"] == "urn:chancery:problem:invalid-cursor"


def test_a_cursor_of_another_list_is_refused(client: Client, member: User) -> None:
    for _ in range(3):
        issue_token(member, "read:org")
    secret = issue_token(member, "read:org", "read:tokens")
    tokens_page = client.get("/api/v1/tokens?limit=1", **bearer(secret)).json()
    response = client.get(f"/api/v1/units?cursor={tokens_page['next_cursor']}", **bearer(secret))
    assert_problem(response, 400)


def test_limit_above_the_maximum_is_a_validation_problem(client: Client, member: User) -> None:
    secret = issue_token(member)
    body = assert_problem(client.get("/api/v1/units?limit=201", **bearer(secret)), 422)
    assert body["errors"][0]["loc"] == ["query", "limit"]


def test_last_page_has_no_next(client: Client, member: User) -> None:
    secret = issue_token(member)
    count = Unit.objects.count()
    page = client.get(f"/api/v1/units?limit={count}", **bearer(secret)).json()
    assert len(page["items"]) == count
    assert page["next"] is None
