"""Working days: Viet Nam's holidays and moved days, missions' host-country calendars."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from chancery.core import calendars
from chancery.core.actions.calendars import delete_calendar_record, save_calendar_record
from chancery.core.calendars import (
    add_working_days,
    calendar_for_unit,
    is_working_day,
    ministry_calendar,
    next_working_day,
    working_days_between,
)
from chancery.core.models import AuditEntry, CalendarDay, CalendarDayKind, WorkCalendar
from chancery.core.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

VN = ministry_calendar()


@pytest.fixture(autouse=True)
def fresh_calendars(settings: Any) -> Iterator[None]:
    # The computed years live in the process; rolled-back test data must not outlive its test.
    settings.CHANCERY_CALENDAR_RECHECK_SECONDS = 3600
    calendars.invalidate()
    yield
    calendars.invalidate()


@pytest.fixture
def admin() -> Any:
    return UserFactory(admin=True, username="calendar-admin")


def override(actor: Any, code: str, day: date, kind: str, name: str = "Ngày điều chỉnh") -> Any:
    WorkCalendar.objects.get_or_create(code=code)
    entry = CalendarDay(calendar_id=code, day=day, kind=kind, name_vi=name)
    save_calendar_record(actor, entry)
    return entry


def paris() -> Any:
    return UnitFactory(code="emb-fr", mission=True)


def riyadh() -> Any:
    return UnitFactory(
        code="emb-sa", mission=True, host_country="SA", city="Riyadh", time_zone="Asia/Riyadh"
    )


def test_tet_2026_is_five_weekdays_off_between_two_weekends() -> None:
    tet = [date(2026, 2, day) for day in range(16, 21)]

    assert not any(is_working_day(day, VN) for day in tet)
    assert is_working_day(date(2026, 2, 13), VN)
    assert is_working_day(date(2026, 2, 23), VN)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23), VN) == 1


def test_tet_2027_days_off_push_a_deadline_past_the_holiday() -> None:
    for day in (date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9)):
        assert not is_working_day(day, VN)

    assert add_working_days(date(2027, 2, 3), 1, VN) == date(2027, 2, 11)


def test_reunification_labour_and_national_days_are_off() -> None:
    for day in (date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2), date(2027, 9, 2)):
        assert not is_working_day(day, VN), day
    assert is_working_day(date(2026, 4, 29), VN)
    assert add_working_days(date(2026, 4, 29), 1, VN) == date(2026, 5, 4)


def test_the_saturday_the_government_made_a_working_day_counts() -> None:
    # 2026: Monday 31 August off, worked instead on Saturday 22 August (holidays package).
    assert is_working_day(date(2026, 8, 22), VN)
    assert not is_working_day(date(2026, 8, 31), VN)


def test_a_make_up_saturday_entered_by_an_administrator_is_a_working_day(admin: Any) -> None:
    saturday = date(2027, 1, 9)
    assert not is_working_day(saturday, VN)

    override(admin, "VN", saturday, CalendarDayKind.WORKING_DAY, "Làm bù")

    assert is_working_day(saturday, VN)
    assert add_working_days(date(2027, 1, 8), 1, VN) == saturday


def test_a_moved_holiday_shifts_deadlines(admin: Any) -> None:
    # The day off of Friday 3 September 2027 moved to Monday 6 September.
    override(admin, "VN", date(2027, 9, 3), CalendarDayKind.WORKING_DAY, "Đi làm")
    override(admin, "VN", date(2027, 9, 6), CalendarDayKind.DAY_OFF, "Nghỉ bù Quốc khánh")

    assert is_working_day(date(2027, 9, 3), VN)
    assert not is_working_day(date(2027, 9, 6), VN)
    assert add_working_days(date(2027, 9, 1), 2, VN) == date(2027, 9, 7)
    assert AuditEntry.objects.filter(action="calendar.day.created").count() == 2


def test_a_mission_in_paris_is_closed_on_14_july_and_the_ministry_is_not() -> None:
    mission = calendar_for_unit(paris())

    assert not is_working_day(date(2026, 7, 14), mission)
    assert is_working_day(date(2026, 7, 14), VN)
    assert is_working_day(date(2026, 4, 30), mission)


def test_a_gulf_mission_rests_on_friday_and_works_on_sunday() -> None:
    mission = calendar_for_unit(riyadh())
    friday, saturday, sunday = date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 11)

    assert not is_working_day(friday, mission)
    assert not is_working_day(saturday, mission)
    assert is_working_day(sunday, mission)
    assert add_working_days(date(2026, 10, 8), 1, mission) == sunday


def test_a_configured_weekend_replaces_the_country_default(admin: Any) -> None:
    mission = calendar_for_unit(paris())
    saturday = date(2026, 10, 10)
    assert not is_working_day(saturday, mission)

    save_calendar_record(admin, WorkCalendar(code="mission:emb-fr", weekend=[6]))

    assert is_working_day(saturday, mission)
    assert not is_working_day(date(2026, 10, 11), mission)


def test_country_overrides_apply_to_missions_and_mission_overrides_win(admin: Any) -> None:
    mission = calendar_for_unit(paris())
    override(admin, "country:FR", date(2026, 10, 12), CalendarDayKind.DAY_OFF)
    override(admin, "country:FR", date(2026, 10, 13), CalendarDayKind.DAY_OFF)
    override(admin, "mission:emb-fr", date(2026, 10, 13), CalendarDayKind.WORKING_DAY)

    assert not is_working_day(date(2026, 10, 12), mission)
    assert is_working_day(date(2026, 10, 13), mission)
    assert is_working_day(date(2026, 10, 12), VN)


def test_a_country_without_holiday_data_falls_back_to_weekends() -> None:
    mission = calendar_for_unit(UnitFactory(code="emb-zz", mission=True, host_country="ZZ"))

    assert not calendars.has_holiday_data("ZZ")
    assert is_working_day(date(2026, 1, 1), mission)
    assert not is_working_day(date(2026, 1, 3), mission)


def test_counting_starts_the_day_after_receipt_and_a_weekend_receipt_counts_from_monday() -> None:
    friday, saturday = date(2026, 3, 6), date(2026, 3, 7)

    assert add_working_days(friday, 1, VN) == date(2026, 3, 9)
    assert add_working_days(saturday, 1, VN) == date(2026, 3, 10)
    assert add_working_days(saturday, 0, VN) == date(2026, 3, 9)
    assert next_working_day(friday, VN) == date(2026, 3, 9)
    assert next_working_day(friday, VN, inclusive=True) == friday


def test_negative_days_count_backwards_across_tet() -> None:
    assert add_working_days(date(2026, 2, 23), -1, VN) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 21), -1, VN) == date(2026, 2, 13)
    assert add_working_days(date(2026, 3, 2), -5, VN) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 23), date(2026, 2, 13), VN) == -1


def test_adding_and_counting_agree_for_every_start_over_two_new_years() -> None:
    mission = calendar_for_unit(riyadh())
    start = date(2025, 12, 1)
    for offset in range(0, 500, 3):
        day = start + timedelta(days=offset)
        for calendar in (VN, mission):
            for n in (-23, -7, -1, 0, 1, 2, 9, 31):
                target = add_working_days(day, n, calendar)
                assert is_working_day(target, calendar)
                assert working_days_between(day, target, calendar) == n, (day, n)


def test_counting_then_adding_returns_to_a_working_day() -> None:
    start = date(2026, 2, 10)
    for offset in range(-40, 60):
        target = start + timedelta(days=offset)
        if is_working_day(target, VN):
            assert add_working_days(start, working_days_between(start, target, VN), VN) == target


def test_saving_an_override_invalidates_the_computed_year_at_once(admin: Any) -> None:
    monday = date(2026, 10, 5)
    assert is_working_day(monday, VN)

    entry = override(admin, "VN", monday, CalendarDayKind.DAY_OFF)
    assert not is_working_day(monday, VN)

    delete_calendar_record(admin, entry)
    assert is_working_day(monday, VN)


def test_a_change_made_elsewhere_is_seen_after_the_recheck_interval(settings: Any) -> None:
    monday = date(2026, 10, 5)
    assert is_working_day(monday, VN)
    WorkCalendar.objects.create(code="VN")
    CalendarDay.objects.create(calendar_id="VN", day=monday, kind="day_off", name_vi="Khác")

    assert is_working_day(monday, VN), "cached until the next check"
    settings.CHANCERY_CALENDAR_RECHECK_SECONDS = 0
    assert not is_working_day(monday, VN)


def test_deadline_arithmetic_queries_nothing_once_the_year_is_computed(
    django_assert_num_queries: Any,
) -> None:
    add_working_days(date(2026, 1, 2), 200, VN)
    with django_assert_num_queries(0):
        for offset in range(100):
            add_working_days(date(2026, 1, 2) + timedelta(days=offset), 60, VN)
            working_days_between(date(2026, 1, 2), date(2026, 1, 2) + timedelta(offset), VN)


def test_only_administrators_enter_overrides() -> None:
    clerk = UserFactory(clerk=True)
    WorkCalendar.objects.create(code="VN")

    with pytest.raises(PermissionDenied):
        save_calendar_record(
            clerk,
            CalendarDay(
                calendar_id="VN", day=date(2026, 10, 5), kind="day_off", name_vi="Không được"
            ),
        )
    assert not CalendarDay.objects.exists()


def test_the_calendar_page_shows_tet_in_month_tables(client: Any) -> None:
    client.force_login(UserFactory())

    page = client.get(reverse("core:calendar"), {"year": 2026, "calendar": "VN"})

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<table") == 12
    assert html.count('<th scope="col">') == 12 * 8
    assert "Tết Nguyên Đán" in html
    assert 'datetime="2026-02-17"' in html


def test_the_calendar_page_shows_a_missions_host_country_holidays(client: Any) -> None:
    paris()
    client.force_login(UserFactory())

    html = client.get(
        reverse("core:calendar"),
        {"year": 2026, "calendar": "mission:emb-fr"},
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()

    assert "Fête nationale" in html
    assert "Tết Nguyên Đán" not in html


def test_the_calendar_page_needs_a_sign_in(client: Any) -> None:
    response = client.get(reverse("core:calendar"))

    assert response.status_code == 302
