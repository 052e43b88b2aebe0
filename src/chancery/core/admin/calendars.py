"""Admin screens for working-day calendars: weekends and the yearly overrides.

Each year the government announces which days are moved (an extra day off next to a holiday,
a Saturday made a working day to compensate): they are entered here as overrides of the ``VN``
calendar. Missions enter local closures under ``mission:<unit code>`` or, for every mission in
a country, ``country:<ISO>``. Saving goes through ``core.actions.calendars``, which clears the
computed calendar-years so deadlines follow at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from chancery.core import calendars
from chancery.core.admin.base import ActionAdmin, ActionInline, checkbox_field
from chancery.core.admin.org import holiday_source
from chancery.core.models import CalendarDay, WorkCalendar
from chancery.core.models.calendars import Weekday


class WorkCalendarForm(forms.ModelForm):  # type: ignore[type-arg]
    weekend = checkbox_field(
        Weekday.choices,
        coerce=int,
        label=_("weekend days"),
        help_text=_("Leave all unticked to use the host country's usual weekend."),
    )

    class Meta:
        model = WorkCalendar
        fields = ("code", "weekend", "note")


class CalendarDayInline(ActionInline):
    model = CalendarDay
    fields = ("day", "kind", "name_vi", "name_en", "name_fr")
    ordering = ("-day",)


def _country(code: str) -> str:
    try:
        return calendars.calendar_from_code(code).country
    except LookupError:
        return ""


@admin.register(WorkCalendar)
class WorkCalendarAdmin(ActionAdmin):
    form = WorkCalendarForm
    list_display = ("code", "weekend_days", "override_count", "note")
    search_fields = ("code", "note")
    readonly_fields = ("holidays", "effective_weekend")
    inlines = (CalendarDayInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkCalendar]:
        rows: QuerySet[WorkCalendar] = super().get_queryset(request)
        return rows.annotate(override_total=Count("days"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code is the key overrides are filed under: fixed once created.
        return (*self.readonly_fields, "code") if obj is not None else self.readonly_fields

    @admin.display(description=_("weekend days"))
    def weekend_days(self, calendar: WorkCalendar) -> str:
        labels = dict(Weekday.choices)
        return ", ".join(str(labels[day]) for day in calendar.weekend) or str(_("country default"))

    @admin.display(description=_("overrides"), ordering="override_total")
    def override_count(self, calendar: Any) -> int:
        return int(calendar.override_total)

    @admin.display(description=_("public holidays"))
    def holidays(self, calendar: WorkCalendar) -> str:
        country = _country(calendar.code)
        return holiday_source("" if country == "VN" else country) if country else ""

    @admin.display(description=_("weekend in effect"))
    def effective_weekend(self, calendar: WorkCalendar) -> str:
        try:
            weekend = calendars.weekend_of(calendars.calendar_from_code(calendar.code))
        except LookupError:
            return str(_("Unknown calendar code: no mission has this code."))
        labels = dict(Weekday.choices)
        return ", ".join(str(labels[day]) for day in sorted(weekend))


@admin.register(CalendarDay)
class CalendarDayAdmin(ActionAdmin):
    list_display = ("day", "calendar", "kind", "name_vi", "name_en")
    list_filter = ("calendar", "kind")
    search_fields = ("name_vi", "name_en", "name_fr", "calendar__code")
    date_hierarchy = "day"
    ordering = ("-day",)
