"""The working-day calendar page: a year of the ministry's calendar or of a mission's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from chancery.core import calendars
from chancery.core.queries.calendars import missions_for_calendar_choice, year_overview

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(raw: str | None) -> int:
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return year if FIRST_YEAR <= year <= LAST_YEAR else timezone.localdate().year


@login_required
def calendar_year(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("calendar") or calendars.ministry_calendar().code
    try:
        chosen = calendars.calendar_from_code(code)
        unknown = False
    except LookupError:
        chosen, unknown = calendars.ministry_calendar(), True
    year = _year(request.GET.get("year"))
    context = {
        "overview": year_overview(chosen, year, (get_language() or "vi")[:2]),
        "missions": missions_for_calendar_choice(),
        "unknown_calendar": unknown,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "year_range": (FIRST_YEAR, LAST_YEAR),
    }
    return render(request, "core/calendar.html", context)
