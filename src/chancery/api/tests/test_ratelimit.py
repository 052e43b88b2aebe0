from __future__ import annotations

import threading
import time

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client, override_settings

from chancery.api import ratelimit
from chancery.api.models import RateLimitCounter
from chancery.api.tests.helpers import assert_problem, bearer
from chancery.core.models import User
from chancery.core.tests.factories import UserFactory, issue_token
from chancery.lib.netaddr import client_address

pytestmark = pytest.mark.django_db

# The start of the next one-minute window (tokens must still be valid then): a test's
# requests never straddle two windows.
WINDOW_START = float((int(time.time()) // 60 + 1) * 60)


@override_settings(CHANCERY_API_RATE_LIMITS=["read=3/60"])
def test_exceeding_the_limit_answers_429_until_the_window_resets(
    client: Client, member: User
) -> None:
    secret = issue_token(member)
    with time_machine.travel(WINDOW_START + 5, tick=False):
        answers = [client.get("/api/v1/units", **bearer(secret)) for _ in range(3)]
        refused = client.get("/api/v1/units", **bearer(secret))
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    assert answers[0]["RateLimit-Limit"] == "3"
    assert answers[0]["RateLimit-Policy"] == "3;w=60"
    body = assert_problem(refused, 429)
    assert body["type"] == "urn:chancery:problem:rate-limited"
    assert refused["Retry-After"] == "55"
    assert refused["RateLimit-Remaining"] == "0"
    with time_machine.travel(WINDOW_START + 61, tick=False):
        again = client.get("/api/v1/units", **bearer(secret))
    assert again.status_code == 200
    assert again["RateLimit-Remaining"] == "2"


@override_settings(CHANCERY_API_RATE_LIMITS=["read=1/60"])
def test_each_token_has_its_own_allowance(client: Client, member: User) -> None:
    first, second = issue_token(member), issue_token(member)
    with time_machine.travel(WINDOW_START, tick=False):
        assert client.get("/api/v1/units", **bearer(first)).status_code == 200
        assert client.get("/api/v1/units", **bearer(first)).status_code == 429
        assert client.get("/api/v1/units", **bearer(second)).status_code == 200


@override_settings(CHANCERY_API_RATE_LIMITS=["read=1/60", "write=2/60"])
def test_writes_count_against_their_own_class(client: Client, member: User) -> None:
    secret = issue_token(member, "read:tokens", "write:tokens")
    with time_machine.travel(WINDOW_START, tick=False):
        assert client.get("/api/v1/tokens", **bearer(secret)).status_code == 200
        assert client.get("/api/v1/tokens", **bearer(secret)).status_code == 429
        response = client.delete("/api/v1/tokens/999999", **bearer(secret))
    assert response.status_code == 404
    assert response["RateLimit-Limit"] == "2"


@override_settings(CHANCERY_API_RATE_LIMITS=["anonymous=2/60"])
def test_anonymous_callers_are_limited_per_address_before_authentication(
    client: Client,
) -> None:
    wrong = bearer("chy_0123456789ab_" + "y" * 40)
    with time_machine.travel(WINDOW_START, tick=False):
        statuses = [
            client.get("/api/v1/units", REMOTE_ADDR="192.0.2.7", **wrong).status_code
            for _ in range(3)
        ]
        elsewhere = client.get("/api/v1/units", REMOTE_ADDR="192.0.2.8", **wrong)
    assert statuses == [401, 401, 429]
    assert elsewhere.status_code == 401


def test_ipv6_clients_are_counted_by_their_64_prefix(rf: object) -> None:
    from django.test import RequestFactory

    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    two = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_address(one) == client_address(two) == "2001:db8:1:2::/64"


def test_counter_table_is_unlogged() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'api_ratelimitcounter'")
        assert cursor.fetchone()[0] == "u"


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_from_many_connections_are_all_counted() -> None:
    rate = ratelimit.Rate(1000, 3600)
    start = time.time()
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            for _ in range(25):
                ratelimit.hit("read:concurrency", rate, now=start)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert RateLimitCounter.objects.get(bucket="read:concurrency/3600").hits == 200


def test_purge_forgets_counters_of_old_windows() -> None:
    ratelimit.hit("read:old", ratelimit.Rate(5, 60), now=time.time() - 3 * 86400)
    ratelimit.hit("read:new", ratelimit.Rate(5, 60))
    assert ratelimit.purge() == 1
    assert list(RateLimitCounter.objects.values_list("bucket", flat=True)) == ["read:new/60"]


def test_session_users_are_counted_per_user(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.get("/api/v1/units")
    assert response.status_code == 200
    assert RateLimitCounter.objects.filter(bucket=f"read:user:{user.pk}/60").exists()
