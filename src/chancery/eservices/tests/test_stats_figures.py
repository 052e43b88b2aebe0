"""Statistics: the rates on a known set of dossiers, scoping, the page, CSV and API."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.constants import Role
from chancery.eservices.stats.queries import (
    StatsFilters,
    online_providers,
    stats_by,
    totals,
)
from chancery.eservices.tests.factories import officer
from chancery.eservices.tests.factories_stats import MARCH, build_stats_world

pytestmark = pytest.mark.django_db

MARCH_FILTERS = StatsFilters(start=MARCH[0], end=MARCH[1])


def test_the_payment_gateway_counts_as_online_and_bank_transfer_does_not() -> None:
    assert "vnpay" in online_providers()
    assert "bank_transfer" not in online_providers()


def test_rates_per_unit_and_in_total_for_a_leader() -> None:
    world = build_stats_world()
    leader = officer(world.hq, Role.LEADER)

    rows = {row.key: row for row in stats_by(leader, MARCH_FILTERS, "unit")}
    hq, embassy = rows[world.hq.code], rows[world.mission.code]
    assert (hq.received, hq.online_rate, hq.completed, hq.on_time_rate) == (4, 75.0, 3, 66.7)
    assert (hq.payments, hq.online_payment_rate) == (2, 50.0)
    assert (hq.ratings, hq.rating_average) == (2, 4.0)
    assert hq.extra["is_mission"] is False
    assert embassy.extra["is_mission"] is True
    assert (embassy.received, embassy.online_rate, embassy.on_time_rate) == (2, 50.0, 50.0)
    assert (embassy.online_payment_rate, embassy.rating_average) == (100.0, 4.0)

    total = totals(leader, MARCH_FILTERS)
    assert (total.received, total.online_rate, total.on_time_rate) == (6, 66.7, 60.0)
    assert (total.payments, total.online_payments, total.online_payment_rate) == (3, 2, 66.7)
    assert (total.ratings, total.rating_average) == (3, 4.0)


def test_rates_per_procedure_and_headquarters_against_missions() -> None:
    world = build_stats_world()
    leader = officer(world.hq, Role.LEADER)

    by_procedure = {row.key: row for row in stats_by(leader, MARCH_FILTERS, "procedure")}
    legalisation, passport = by_procedure["1.005129"], by_procedure["2.000001"]
    assert (legalisation.received, legalisation.online_rate, legalisation.on_time_rate) == (
        4,
        50.0,
        50.0,
    )
    assert legalisation.online_payment_rate == 66.7
    assert (passport.received, passport.online_rate, passport.on_time_rate) == (2, 100.0, 100.0)
    assert (passport.payments, passport.online_payment_rate, passport.rating_average) == (
        0,
        None,
        None,
    )

    network = {row.key: row for row in stats_by(leader, MARCH_FILTERS, "network")}
    assert network["headquarters"].received == 4
    assert network["missions"].received == 2
    assert network["missions"].label == "Missions abroad"


def test_an_officer_counts_only_the_dossiers_of_their_own_unit() -> None:
    world = build_stats_world()
    consul = officer(world.mission)

    rows = stats_by(consul, MARCH_FILTERS, "unit")
    assert [row.key for row in rows] == [world.mission.code]
    assert totals(consul, MARCH_FILTERS).received == 2
    # Asking for another unit gives nothing, not that unit's figures.
    other = StatsFilters(start=MARCH[0], end=MARCH[1], unit_id=world.hq.pk)
    assert totals(consul, other).received == 0


def test_the_figures_take_a_fixed_number_of_queries(django_assert_max_num_queries: object) -> None:
    world = build_stats_world()
    leader = officer(world.hq, Role.LEADER)
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        stats_by(leader, MARCH_FILTERS, "procedure")
        totals(leader, MARCH_FILTERS)


def test_the_page_shows_charts_and_a_table_and_the_csv_has_the_same_figures(
    client: Client,
) -> None:
    world = build_stats_world()
    client.force_login(officer(world.hq, Role.LEADER))
    query = {"start": "2026-03-01", "end": "2026-03-31", "by": "unit"}

    page = client.get(reverse("eservices:stats"), query).content.decode()
    assert 'role="img"' in page
    assert "Online-application rate" in page
    assert "75.0%" in page or "75,0%" in page  # the number as the reader's language writes it

    response = client.get(reverse("eservices:stats_csv"), query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_key = {row["key"]: row for row in rows}
    assert by_key[world.hq.code]["online_rate"] == "75.0"
    assert by_key[world.hq.code]["on_time_rate"] == "66.7"
    assert by_key[world.mission.code]["online_payment_rate"] == "100.0"
    assert by_key["total"]["received"] == "6"
    assert by_key["total"]["rating_average"] == "4.0"


def test_an_officer_page_and_csv_leave_out_other_units(client: Client) -> None:
    world = build_stats_world()
    client.force_login(officer(world.mission))
    query = {"start": "2026-03-01", "end": "2026-03-31", "by": "unit"}
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(reverse("eservices:stats_csv"), query).content.decode())
        )
    )
    assert [row["key"] for row in rows] == [world.mission.code, "total"]


def test_a_reversed_date_range_is_refused_with_a_message(client: Client) -> None:
    world = build_stats_world()
    client.force_login(officer(world.hq))
    page = client.get(
        reverse("eservices:stats"), {"start": "2026-03-31", "end": "2026-03-01", "by": "unit"}
    ).content.decode()
    assert "The end date must be on or after the start date." in page


def test_people_who_handle_no_dossiers_get_no_statistics(client: Client) -> None:
    world = build_stats_world()
    client.force_login(officer(world.hq, Role.EDITOR))
    assert client.get(reverse("eservices:stats")).status_code == 404
    assert client.get(reverse("eservices:stats_csv")).status_code == 404


def test_the_api_gives_the_same_figures(client: Client) -> None:
    world = build_stats_world()
    client.force_login(officer(world.hq, Role.LEADER))
    body = client.get(
        reverse("api-1.0.0:stats_summary"),
        {"start": "2026-03-01", "end": "2026-03-31", "by": "network"},
    ).json()
    assert body["total"]["received"] == 6
    assert {row["key"]: row["online_rate"] for row in body["rows"]} == {
        "headquarters": 75.0,
        "missions": 50.0,
    }
