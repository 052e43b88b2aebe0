"""Reads for the calendar page: a year laid out as month tables, and the calendars to choose."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chancery.core import calendars
from chancery.core.calendars import WorkingCalendar
from chancery.core.models import Unit


@dataclass(frozen=True)
class SpecialDay:
    """A named day in a calendar: a public holiday, a moved day off or a make-up working day."""

    day: date
    working: bool
    name: str


def _holiday_language(public: Any, language: str) -> str | None:
    supported: tuple[str, ...] = tuple(getattr(public, "supported_languages", ()))
    return next((code for code in supported if code.split("_")[0] == language), None)


def special_days(calendar: WorkingCalendar, year: int, language: str) -> dict[date, SpecialDay]:
    """Every named day of ``year`` in ``calendar`` with its name in ``language``.

    Whether each day is worked comes from the same tables as the deadline arithmetic, so the
    page and the deadlines never disagree.
    """
    names: dict[date, str] = {}
    public = calendars.country_holidays(calendar.country, None)
    if public is not None:
        language_code = _holiday_language(public, language)
        public = calendars.country_holidays(calendar.country, year, language_code)
        names.update({day: str(name) for day, name in public.items()})
        make_up = gettext("Working day (make-up day)")
        names.update({day: make_up for day in public.weekend_workdays if day.year == year})
    names.update({row.day: row.name for row in calendars.overrides(calendar, year)})
    return {
        day: SpecialDay(day, calendars.is_working_day(day, calendar), name)
        for day, name in sorted(names.items())
    }


@dataclass(frozen=True)
class Cell:
    day: date
    working: bool
    weekend: bool
    label: str  # visible text, so that no state is told by colour alone


@dataclass(frozen=True)
class Week:
    number: int
    cells: list[Cell | None]


@dataclass(frozen=True)
class Month:
    number: int
    name: str
    weeks: list[Week]
    working_days: int
    special: list[SpecialDay]


@dataclass(frozen=True)
class WeekdayHeader:
    name: str
    abbr: str
    weekend: bool


@dataclass(frozen=True)
class YearOverview:
    calendar: WorkingCalendar
    year: int
    weekdays: list[WeekdayHeader]
    months: list[Month]
    has_holiday_data: bool


def _label(working: bool, weekend: bool, special: SpecialDay | None) -> str:
    if working and (weekend or special is not None):
        return str(_("make-up working day"))
    if working:
        return ""
    if special is not None:
        return str(_("holiday"))
    return str(_("weekend"))


def year_overview(calendar: WorkingCalendar, year: int, language: str) -> YearOverview:
    """Every day of ``year`` in ``calendar``, month by month, weeks starting on Monday."""
    weekend = calendars.weekend_of(calendar)
    special = special_days(calendar, year, language)
    months = []
    for number in range(1, 13):
        weeks = []
        for days in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
            cells: list[Cell | None] = []
            for day in days:
                if day.month != number:
                    cells.append(None)
                    continue
                working = calendars.is_working_day(day, calendar)
                is_weekend = day.weekday() in weekend
                label = _label(working, is_weekend, special.get(day))
                cells.append(Cell(day, working, is_weekend, label))
            weeks.append(Week(days[0].isocalendar().week, cells))
        in_month = [cell for week in weeks for cell in week.cells if cell is not None]
        months.append(
            Month(
                number,
                str(MONTHS[number]),
                weeks,
                sum(cell.working for cell in in_month),
                [day for day in special.values() if day.day.month == number],
            )
        )
    weekdays = [
        WeekdayHeader(str(WEEKDAYS[index]), str(WEEKDAYS_ABBR[index]), index in weekend)
        for index in range(7)
    ]
    return YearOverview(
        calendar, year, weekdays, months, calendars.has_holiday_data(calendar.country)
    )


def missions_for_calendar_choice() -> QuerySet[Unit]:
    """Active missions, for choosing whose calendar to show."""
    return Unit.objects.missions().active().only("code", "name_vi", "name_en", "name_fr", "city")
