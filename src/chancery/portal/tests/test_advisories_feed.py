"""The Atom feed of a country's travel advisory: its updates, newest first, in the reader's
language; never an embargoed one; 404 for a country without an advisory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import feedparser
import pytest
from django.utils import timezone, translation

from chancery.portal import models as m
from chancery.portal.constants import AdvisoryLevel, UpdateKind
from chancery.portal.localize import translate
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def test_the_feed_lists_the_countrys_updates_newest_first(site: Any, client: Any) -> None:
    # Given Japan's advisory published, then raised to a warning
    page = factories.advisory("JP", title="Nhật Bản", change_note="Bản đầu tiên.")
    page.level = AdvisoryLevel.WARNING
    page.update_kind = UpdateKind.MAJOR
    page.change_note = "Nâng mức cảnh báo."
    factories.publish(page)
    factories.advisory("FR", title="Pháp", change_note="Pháp: bản đầu tiên.")
    # When a feed reader fetches the Vietnamese feed
    response = client.get("/vi/feeds/advisories/JP.atom")
    # Then it is Atom, with Japan's two updates, newest first
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.version == "atom10"
    with translation.override("vi"):
        warning, normal = str(AdvisoryLevel.WARNING.label), str(AdvisoryLevel.NORMAL.label)
    assert [entry.title for entry in feed.entries] == [
        f"Nhật Bản: {warning} — Nâng mức cảnh báo.",
        f"Nhật Bản: {normal} — Bản đầu tiên.",
    ]
    assert all(entry.link.endswith(page.url) for entry in feed.entries)
    ids = [entry.id for entry in feed.entries]
    assert all(i.startswith("tag:") for i in ids)
    assert len(set(ids)) == 2
    # And the ids stay the same on the next fetch
    again = feedparser.parse(client.get("/vi/feeds/advisories/JP.atom").content)
    assert [entry.id for entry in again.entries] == ids


def test_the_feed_is_in_the_readers_language(site: Any, client: Any) -> None:
    page = factories.advisory("JP", title="Nhật Bản", change_note="Bản đầu tiên.")
    translate(page, "en", {"Nhật Bản": "Japan", "Bản đầu tiên.": "First edition."})
    feed = feedparser.parse(client.get("/en/feeds/advisories/JP.atom").content)
    assert [entry.title for entry in feed.entries] == [
        "Japan: Exercise normal precautions — First edition."
    ]


def test_an_unknown_country_has_no_feed(site: Any, client: Any) -> None:
    factories.advisory("JP")
    assert client.get("/vi/feeds/advisories/ZZ.atom").status_code == 404


def test_an_embargoed_advisory_is_not_in_the_feed(site: Any, client: Any) -> None:
    # Given Japan live, and an update of France scheduled for tomorrow
    factories.advisory("JP", change_note="Nhật Bản: bản đầu tiên.")
    france = factories.advisory("FR", publish_now=False, change_note="Pháp: chưa công bố.")
    factories.schedule(france, timezone.now() + dt.timedelta(days=1))
    # Then France has no feed yet, and nothing of it shows anywhere
    assert client.get("/vi/feeds/advisories/FR.atom").status_code == 404
    japan = client.get("/vi/feeds/advisories/JP.atom").content.decode()
    assert "chưa công bố" not in japan


def test_a_scheduled_change_of_a_live_advisory_shows_only_from_its_time(
    site: Any, client: Any
) -> None:
    # Given a live advisory with an update recorded for tomorrow (scheduled publication)
    page = factories.advisory("JP", change_note="Bản đầu tiên.")
    later = timezone.now() + dt.timedelta(days=1)
    update = m.AdvisoryUpdate.objects.get(page=page)
    m.AdvisoryUpdate.objects.filter(pk=update.pk).update(published_at=later)
    # Then today's feed does not show it
    feed = feedparser.parse(client.get("/vi/feeds/advisories/JP.atom").content)
    assert feed.entries == []
