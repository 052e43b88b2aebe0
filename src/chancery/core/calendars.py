"""Working days: the ministry's calendar and each mission's host-country calendar.

A day is a working day unless it falls on the calendar's weekend or is a public holiday of its
country (from the ``holidays`` package, which also knows the weekend days some governments make
working days), and then the admin-edited overrides (``CalendarDay``) decide, weakest layer
first: for a mission ``country:<ISO>`` then ``mission:<unit code>``; for the ministry ``VN``.

Deadline convention (Vietnamese administrative practice: Civil Code 2015 art. 147, and the
one-stop-shop decrees): the day of receipt is not counted, **the day after receipt is day 1**,
and something received on a non-working day is deemed received on the next working day. So
``add_working_days(friday, 1)`` is the next Monday, and ``add_working_days(saturday, 1)`` is
the Tuesday after it (received Saturday = deemed received Monday; Tuesday is day 1). The same
normalisation applies going backwards and in ``working_days_between``, so that
``working_days_between(s, add_working_days(s, n)) == n`` for every start ``s``.

Each calendar-year is computed once per process into a table (two small queries) and kept;
saving an override through the actions clears the tables at once, and every process re-checks a
fingerprint of the override tables at most every ``CHANCERY_CALENDAR_RECHECK_SECONDS`` (30 by
default), so a change made elsewhere is seen within that delay without a query per day.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.conf import settings
from django.db.models import Count, Max

from chancery.core.models import CalendarDay, CalendarDayKind, Unit, WorkCalendar
from chancery.core.models.calendars import MINISTRY_CALENDAR

SATURDAY_SUNDAY = frozenset({5, 6})
ONE_DAY = timedelta(days=1)
# A calendar with no working day in two years is misconfigured; stop rather than loop forever.
_MAX_SEARCH_DAYS = 800


@dataclass(frozen=True)
class WorkingCalendar:
    """Which holidays and overrides apply: ``layers`` are override codes, weakest first."""

    code: str
    country: str
    layers: tuple[str, ...]


def ministry_calendar() -> WorkingCalendar:
    """The ministry's calendar: Viet Nam's holidays, Saturday and Sunday off, ``VN`` overrides."""
    return WorkingCalendar(MINISTRY_CALENDAR, "VN", (MINISTRY_CALENDAR,))


def country_calendar(country: str) -> WorkingCalendar:
    """A host country's calendar with its ``country:<ISO>`` overrides."""
    iso = country.upper()
    if iso == "VN":
        return ministry_calendar()
    return WorkingCalendar(f"country:{iso}", iso, (f"country:{iso}",))


def calendar_for_unit(unit: Unit | None) -> WorkingCalendar:
    """The calendar a unit works by: its host country's for a mission, the ministry's otherwise."""
    if unit is None or not unit.is_mission or not unit.host_country:
        return ministry_calendar()
    base = country_calendar(unit.host_country)
    return WorkingCalendar(
        f"mission:{unit.code}", base.country, (*base.layers, f"mission:{unit.code}")
    )


def calendar_from_code(code: str) -> WorkingCalendar:
    """Resolve ``VN``, ``country:FR`` or ``mission:<unit code>``; raises ``LookupError``."""
    if code == MINISTRY_CALENDAR:
        return ministry_calendar()
    prefix, _, rest = code.partition(":")
    if prefix == "country" and len(rest) == 2 and rest.isalpha():
        return country_calendar(rest)
    if prefix == "mission" and rest:
        unit = Unit.objects.filter(code=rest).first()
        if unit is not None and unit.is_mission:
            return calendar_for_unit(unit)
    raise LookupError(code)


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def has_holiday_data(country: str) -> bool:
    """Whether the ``holidays`` package knows this country's public holidays."""
    return country.upper() in _supported_countries()


def country_holidays(country: str, year: int | None, language: str | None = None) -> Any:
    """The package's holidays for one year (lazy and empty when ``year`` is None), or None."""
    if not has_holiday_data(country):
        return None
    years = [] if year is None else [year]
    return holidays.country_holidays(country.upper(), years=years, language=language)


def default_weekend(country: str) -> frozenset[int]:
    """The country's usual weekend (Friday–Saturday in several Gulf states); Sat–Sun if unknown."""
    known = country_holidays(country, None)
    return frozenset(known.weekend) if known is not None else SATURDAY_SUNDAY


@dataclass(frozen=True)
class _Year:
    working: tuple[bool, ...]
    before: tuple[int, ...]  # before[i]: working days among the year's first i days

    @property
    def total(self) -> int:
        return self.before[-1]


def overrides(calendar: WorkingCalendar, year: int) -> list[CalendarDay]:
    """The overrides of ``year`` that apply to ``calendar``, weakest layer first."""
    rank = {code: index for index, code in enumerate(calendar.layers)}
    rows = CalendarDay.objects.filter(calendar_id__in=calendar.layers, day__year=year)
    return sorted(rows, key=lambda row: rank[row.calendar_id])


def weekend_of(calendar: WorkingCalendar) -> frozenset[int]:
    """The calendar's weekend: the strongest configured layer's, else the country's usual one."""
    configured = dict(
        WorkCalendar.objects.filter(code__in=calendar.layers).values_list("code", "weekend")
    )
    for layer in reversed(calendar.layers):
        if configured.get(layer):
            return frozenset(configured[layer])
    return default_weekend(calendar.country)


def _build_year(calendar: WorkingCalendar, year: int) -> _Year:
    weekend = weekend_of(calendar)
    first = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - first).days
    status = [(first + timedelta(days=i)).weekday() not in weekend for i in range(length)]
    public = country_holidays(calendar.country, year)
    if public is not None:
        for day in public:
            status[day.timetuple().tm_yday - 1] = False
        for day in getattr(public, "weekend_workdays", ()):
            if day.year == year:
                status[day.timetuple().tm_yday - 1] = True
    for override in overrides(calendar, year):
        status[override.day.timetuple().tm_yday - 1] = override.kind == CalendarDayKind.WORKING_DAY
    before = [0]
    for working in status:
        before.append(before[-1] + working)
    return _Year(tuple(status), tuple(before))


class _Cache:
    def __init__(self) -> None:
        self.years: dict[tuple[WorkingCalendar, int], _Year] = {}
        self.fingerprint: tuple[Any, ...] | None = None
        self.checked_at = float("-inf")
        self.lock = threading.Lock()

    def clear(self) -> None:
        with self.lock:
            self.years = {}
            self.fingerprint = None
            self.checked_at = float("-inf")

    def year(self, calendar: WorkingCalendar, year: int) -> _Year:
        recheck = getattr(settings, "CHANCERY_CALENDAR_RECHECK_SECONDS", 30)
        if time.monotonic() - self.checked_at >= recheck:
            fingerprint = tuple(
                CalendarDay.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()
            ) + tuple(WorkCalendar.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values())
            with self.lock:
                if fingerprint != self.fingerprint:
                    self.years = {}
                    self.fingerprint = fingerprint
                self.checked_at = time.monotonic()
        table = self.years.get((calendar, year))
        if table is None:
            table = _build_year(calendar, year)
            with self.lock:
                self.years[(calendar, year)] = table
        return table


_cache = _Cache()


def invalidate() -> None:
    """Forget every computed calendar-year; the calendar actions call this on each change."""
    _cache.clear()


def is_working_day(day: date, calendar: WorkingCalendar) -> bool:
    """Whether ``day`` is a working day in ``calendar``."""
    return _cache.year(calendar, day.year).working[day.timetuple().tm_yday - 1]


def _step(day: date, direction: int, calendar: WorkingCalendar) -> date:
    """The nearest working day strictly after (direction 1) or before (-1) ``day``."""
    for _attempt in range(_MAX_SEARCH_DAYS):
        day += direction * ONE_DAY
        if is_working_day(day, calendar):
            return day
    raise ValueError(f"calendar {calendar.code} has no working day near {day.isoformat()}")


def next_working_day(day: date, calendar: WorkingCalendar, *, inclusive: bool = False) -> date:
    """The first working day after ``day`` (or ``day`` itself if ``inclusive`` and working)."""
    if inclusive and is_working_day(day, calendar):
        return day
    return _step(day, 1, calendar)


def previous_working_day(day: date, calendar: WorkingCalendar) -> date:
    """The last working day before ``day``."""
    return _step(day, -1, calendar)


def add_working_days(start: date, days: int, calendar: WorkingCalendar) -> date:
    """The ``days``-th working day after ``start`` (before it if negative).

    ``start`` is not counted (the day after receipt is day 1); a start on a non-working day is
    deemed to be the next working day, which is also what ``days == 0`` returns.
    """
    day = next_working_day(start, calendar, inclusive=True)
    direction = 1 if days >= 0 else -1
    for _counted in range(abs(days)):
        day = _step(day, direction, calendar)
    return day


def _count(after: date, through: date, calendar: WorkingCalendar) -> int:
    """Working days ``d`` with ``after < d <= through`` (``after <= through``)."""
    total = 0
    for year in range(after.year, through.year + 1):
        table = _cache.year(calendar, year)
        low = after.timetuple().tm_yday if year == after.year else 0
        high = through.timetuple().tm_yday if year == through.year else len(table.working)
        total += table.before[high] - table.before[low]
    return total


def working_days_between(a: date, b: date, calendar: WorkingCalendar) -> int:
    """Working days from ``a`` to ``b``, counted as ``add_working_days`` counts them.

    Positive when ``b`` is later: the working days after ``a`` up to and including ``b``.
    Negative when ``b`` is earlier: minus the working days from ``b`` up to ``a`` excluded.
    A non-working ``a`` is deemed the next working day, so for every ``a`` and ``n``,
    ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    start = next_working_day(a, calendar, inclusive=True)
    if b >= start:
        return _count(start, b, calendar)
    return -_count(b - ONE_DAY, start - ONE_DAY, calendar)


def working_days_in_year(year: int, calendar: WorkingCalendar) -> int:
    """How many working days ``calendar`` has in ``year``."""
    return _cache.year(calendar, year).total
