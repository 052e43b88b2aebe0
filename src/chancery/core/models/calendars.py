"""Working-day calendars: per-calendar weekend settings and the admin-edited override layer.

Public holidays come from the ``holidays`` package (see ``chancery.core.calendars``). What the
package cannot know is entered here: the days the government moves each year (an extra day off,
a Saturday made a working day), a mission's local closures, a weekend convention that differs
from the package's default.
"""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models.org import Translated

MINISTRY_CALENDAR = "VN"
# "VN" (the ministry), "country:FR" (every mission in a country), "mission:<unit code>".
CALENDAR_CODE = re.compile(r"^(VN|country:[A-Z]{2}|mission:[-a-zA-Z0-9_]+)$")


def _valid_calendar_code(value: str) -> None:
    if not CALENDAR_CODE.match(value):
        raise ValidationError(
            _("Use VN, country:<ISO code> (for example country:FR) or mission:<unit code>."),
            code="invalid",
        )


class Weekday(models.IntegerChoices):
    """Python's numbering (``date.weekday()``), the same as the ``holidays`` package's."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkCalendar(models.Model):
    """One calendar's settings; the code is the key overrides are filed under."""

    code = models.CharField(
        _("code"),
        max_length=48,
        primary_key=True,
        validators=[_valid_calendar_code],
        help_text=_("VN for the ministry, country:FR for a host country, mission:<unit code>."),
    )
    weekend = ArrayField(
        models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)]),
        verbose_name=_("weekend days"),
        default=list,
        blank=True,
        help_text=_("Leave empty to use the host country's usual weekend."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("working-day calendar")
        verbose_name_plural = _("working-day calendars")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        self.weekend = sorted(set(self.weekend))
        if len(self.weekend) >= len(Weekday.values):
            raise ValidationError({"weekend": _("A week needs at least one working day.")})


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off (moved or extra holiday)")
    WORKING_DAY = "working_day", _("Working day (make-up day)")


class CalendarDay(Translated):
    """An override of one day in one calendar, stronger than weekends and package holidays."""

    calendar = models.ForeignKey(
        WorkCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarDayKind.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["calendar", "day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="core_calendarday_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.day.isoformat()} {self.get_kind_display()}"
