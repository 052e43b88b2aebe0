"""The leaders' activities as an iCalendar feed (RFC 5545) for calendar applications."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.portal import models as m
from chancery.portal import published

# Without ``?from=``: the last 90 days and everything planned.
DEFAULT_PAST_DAYS = 90


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _window_start(raw: str | None) -> datetime | None:
    """Midnight (the portal's time zone) of ``?from=`` or of 90 days ago; ``None`` when
    ``raw`` is not a date. Whole days keep the answer the same all day, so it caches well."""
    try:
        day = (
            date.fromisoformat(raw) if raw else timezone.localdate() - timedelta(DEFAULT_PAST_DAYS)
        )
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _event(page: Any, request: HttpRequest, domain: str) -> icalendar.Event:
    event = icalendar.Event()
    # One event whatever the language it is read in: the page's translation key.
    event.add("uid", f"{page.translation_key}@{domain}")
    event.add("dtstamp", _utc(page.last_published_at))
    event.add("last-modified", _utc(page.last_published_at))
    event.add("dtstart", _utc(page.starts_at))
    if page.ends_at and page.ends_at > page.starts_at:
        event.add("dtend", _utc(page.ends_at))
    event.add("summary", page.title)
    if page.location:
        event.add("location", page.location)
    event.add("description", page.summary)
    event.add("url", request.build_absolute_uri(page.get_url(request)))
    return event


def activities_ical(request: HttpRequest) -> HttpResponse:
    """The live leaders' activities of the URL's language that end on or after ``?from=``
    (YYYY-MM-DD; by default 90 days ago), as text/calendar. Anyone may read it; a ``from``
    that is not a date is refused with 400."""
    start = _window_start(request.GET.get("from"))
    if start is None:
        return HttpResponseBadRequest(
            _("The date in “from” must be written as YYYY-MM-DD."),
            content_type="text/plain; charset=utf-8",
        )
    language = published.current_language()
    domain = urlsplit(str(settings.CHANCERY_SITE_URL)).hostname or "localhost"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Chancery//Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Leaders' activities"))
    calendar.add("x-wr-timezone", "UTC")
    activities = (
        published.visible(m.ActivityPage.objects.all())
        .filter(locale__language_code=language)
        .annotate(_ends=Coalesce("ends_at", "starts_at"))
        .filter(_ends__gte=start)
        .order_by("starts_at", "pk")
    )
    for page in activities:
        calendar.add_component(_event(page, request, domain))
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
