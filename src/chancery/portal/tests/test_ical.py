"""The leaders' activities as an iCalendar feed: calendar applications read live activities of
their language, in UTC, one stable event per activity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from django.utils import timezone

from chancery.portal.localize import translate
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def _calendar(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar: Any) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def test_a_live_activity_is_an_event_in_utc(site: Any, client: Any) -> None:
    # Given an activity at 9:00 in Hanoi (2:00 UTC)
    start = datetime(2030, 3, 4, 9, 0, tzinfo=timezone.get_current_timezone())
    page = factories.activity(
        title="Bộ trưởng tiếp Đại sứ Nhật Bản", starts_at=start, location="Trụ sở Bộ"
    )

    # When a calendar application reads the Vietnamese calendar
    (event,) = _events(_calendar(client, "/vi/feeds/activities.ics"))

    # Then the event says what, when (UTC), where, and links back to the page
    assert str(event["SUMMARY"]) == "Bộ trưởng tiếp Đại sứ Nhật Bản"
    assert event.decoded("DTSTART") == datetime(2030, 3, 4, 2, 0, tzinfo=UTC)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == datetime(2030, 3, 4, 3, 0, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Trụ sở Bộ"
    assert str(event["DESCRIPTION"]) == page.summary
    assert str(event["URL"]) == f"http://testserver{page.url}"
    assert str(event["UID"]).startswith(str(page.translation_key))
    # (iCalendar times are to the second)
    assert event.decoded("DTSTAMP") == page.last_published_at.replace(microsecond=0)


def test_each_language_has_its_own_calendar_with_the_same_event_uid(site: Any, client: Any) -> None:
    page = factories.activity(title="Bộ trưởng thăm Pháp", summary="Chuyến thăm.")
    translate(page, "fr", {"Bộ trưởng thăm Pháp": "Le ministre en visite en France"})

    (vietnamese,) = _events(_calendar(client, "/vi/feeds/activities.ics"))
    (french,) = _events(_calendar(client, "/fr/feeds/activities.ics"))

    assert str(french["SUMMARY"]) == "Le ministre en visite en France"
    assert str(vietnamese["SUMMARY"]) == "Bộ trưởng thăm Pháp"
    assert str(french["UID"]) == str(vietnamese["UID"])
    assert _events(_calendar(client, "/en/feeds/activities.ics")) == []


def test_drafts_and_scheduled_activities_are_not_in_the_calendar(site: Any, client: Any) -> None:
    factories.activity(title="Visible")
    factories.activity(title="Draft", publish_now=False)
    later = factories.activity(title="Scheduled", publish_now=False)
    factories.schedule(later, timezone.now() + timedelta(days=1))

    titles = [str(e["SUMMARY"]) for e in _events(_calendar(client, "/vi/feeds/activities.ics"))]

    assert titles == ["Visible"]


def test_the_calendar_keeps_90_days_of_the_past_unless_asked_for_more(
    site: Any, client: Any
) -> None:
    now = timezone.now()
    factories.activity(title="Long ago", starts_at=now - timedelta(days=200))
    factories.activity(title="Last month", starts_at=now - timedelta(days=30))
    factories.activity(title="Next week", starts_at=now + timedelta(days=7))

    default = _events(_calendar(client, "/vi/feeds/activities.ics"))
    since = (now - timedelta(days=365)).date().isoformat()
    wider = _events(_calendar(client, f"/vi/feeds/activities.ics?from={since}"))

    assert [str(e["SUMMARY"]) for e in default] == ["Last month", "Next week"]
    assert [str(e["SUMMARY"]) for e in wider] == ["Long ago", "Last month", "Next week"]


def test_a_from_that_is_not_a_date_is_refused(site: Any, client: Any) -> None:
    response = client.get("/vi/feeds/activities.ics?from=yesterday")

    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


def test_the_calendar_costs_a_few_queries_however_many_events(
    site: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    for _n in range(10):
        factories.activity()

    with django_assert_max_num_queries(8):
        assert len(_events(_calendar(client, "/vi/feeds/activities.ics"))) == 10
