"""Travel advisories: every publication is recorded once as an update (major or minor, with
its level and change note); the next edit starts as a minor update; the index and the page
show each country's level in words and with an icon."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from chancery.portal import advisories
from chancery.portal import models as m
from chancery.portal.constants import AdvisoryLevel, UpdateKind
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def test_each_publication_of_an_advisory_is_recorded_once_as_an_update(site: Any) -> None:
    # Given an advisory published for the first time
    page = factories.advisory("JP", level=AdvisoryLevel.ADVISORY, change_note="Bản đầu tiên.")
    # When the editor publishes a major change
    page.level = AdvisoryLevel.WARNING
    page.update_kind = UpdateKind.MAJOR
    page.change_note = "Nâng mức cảnh báo."
    factories.publish(page)
    # Then the page has two updates, newest first, with their kind, level and note
    updates = list(advisories.visible_updates(page))
    assert [(u.kind, u.level, u.note) for u in updates] == [
        (UpdateKind.MAJOR, AdvisoryLevel.WARNING, "Nâng mức cảnh báo."),
        (UpdateKind.MINOR, AdvisoryLevel.ADVISORY, "Bản đầu tiên."),
    ]


def test_recording_the_same_revision_twice_keeps_one_update(site: Any) -> None:
    page = factories.advisory("JP")
    revision = page.live_revision
    again = advisories.record_update(page, revision)
    assert m.AdvisoryUpdate.objects.filter(page=page).count() == 1
    assert again is not None
    assert again.revision_id == revision.pk


def test_other_pages_record_no_update(site: Any) -> None:
    item = factories.news()
    assert advisories.record_update(item, item.live_revision) is None
    assert not m.AdvisoryUpdate.objects.exists()


def test_the_next_edit_starts_as_a_minor_update_with_an_empty_note(
    site: Any, admin_client: Any
) -> None:
    # Given an advisory whose last publication was major
    page = factories.advisory("JP", update_kind=UpdateKind.MAJOR, change_note="Cảnh báo mới.")
    # When the editor opens it in the CMS
    html = admin_client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    # Then "minor" is proposed and the change note is to be written again
    assert _checked_kind(html) == UpdateKind.MINOR
    assert "Cảnh báo mới." not in _change_note_input(html)
    # And what was published is not rewritten
    page.refresh_from_db()
    assert page.update_kind == UpdateKind.MAJOR
    assert m.AdvisoryUpdate.objects.get(page=page).kind == UpdateKind.MAJOR


def test_a_draft_not_yet_published_keeps_the_kind_its_editor_chose(
    site: Any, admin_client: Any
) -> None:
    page = factories.advisory("JP")
    page.update_kind = UpdateKind.MAJOR
    page.change_note = "Đang soạn."
    page.save_revision()
    html = admin_client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    assert _checked_kind(html) == UpdateKind.MAJOR
    assert "Đang soạn." in _change_note_input(html)


def test_a_scheduled_advisory_is_not_shown_as_updated_before_its_time(site: Any) -> None:
    page = factories.advisory("JP", publish_now=False)
    factories.schedule(page, timezone.now() + dt.timedelta(days=1))
    update = m.AdvisoryUpdate.objects.get(page=page)
    assert update.published_at > timezone.now()
    assert list(advisories.visible_updates(page)) == []


def test_the_index_lists_every_country_with_its_level_sorted_and_filtered(
    site: Any, client: Any
) -> None:
    # Given three countries at different levels
    factories.advisory("JP", title="Nhật Bản", level=AdvisoryLevel.NORMAL)
    factories.advisory("IN", title="Ấn Độ", level=AdvisoryLevel.WARNING)
    factories.advisory("DK", title="Đan Mạch", level=AdvisoryLevel.REQUEST)
    index = factories.section(m.AdvisoryIndexPage, "vi")
    # When a reader opens the index
    html = client.get(index.url).content.decode()
    # Then they are listed by title, each with its level in words, with a legend of levels
    assert html.index("Ấn Độ") < html.index("Đan Mạch") < html.index("Nhật Bản")
    assert "Cấp độ 2/3 của Bộ: cảnh báo" in html
    assert "Cấp độ 3/3 của Bộ: yêu cầu" in html
    # When they filter by level, or by first letter (diacritics ignored)
    warning = client.get(index.url, {"level": "warning"}).content.decode()
    letter_d = client.get(index.url, {"letter": "D"}).content.decode()
    # Then only the matching countries show
    assert "Ấn Độ" in warning
    assert "Nhật Bản" not in warning
    assert "Đan Mạch" not in warning
    assert "Đan Mạch" in letter_d
    assert "Ấn Độ" not in letter_d


def test_the_advisory_page_shows_level_sections_and_every_update(site: Any, client: Any) -> None:
    page = factories.advisory(
        "JP",
        title="Nhật Bản",
        level=AdvisoryLevel.ADVISORY,
        change_note="Bản đầu tiên.",
        sections=[
            ("section", {"title": "An ninh", "body": "<p>Thận trọng.</p>"}),
            ("section", {"title": "Y tế", "body": "<p>Tiêm phòng.</p>"}),
        ],
    )
    page.level = AdvisoryLevel.WARNING
    page.update_kind = UpdateKind.MAJOR
    page.change_note = "Nâng mức cảnh báo."
    factories.publish(page)
    html = client.get(page.url).content.decode()
    assert "Cấp độ 2/3 của Bộ: cảnh báo" in html
    assert html.index("An ninh") < html.index("Y tế")
    assert 'href="#section-2"' in html
    assert "Cập nhật mới nhất:" in html
    assert "Nâng mức cảnh báo." in html
    assert "Bản đầu tiên." in html
    assert "Cập nhật quan trọng" in html
    assert "/vi/subscribe/?topic=advisory&amp;country=JP" in html
    assert "/vi/feeds/advisories/JP.atom" in html


def test_a_level_is_told_in_words_and_by_icon_not_by_colour_alone(site: Any) -> None:
    icons = {info.icon for info in advisories.LEVELS.values()}
    assert len(icons) == len(advisories.LEVELS)
    assert all(str(info.tier) for info in advisories.LEVELS.values())


def test_titles_are_filed_under_their_letter_without_diacritics() -> None:
    assert advisories.first_letter("Ấn Độ") == "A"
    assert advisories.first_letter("Đan Mạch") == "D"
    assert advisories.first_letter("japan") == "J"


def _checked_kind(html: str) -> str:
    for match in re.finditer(r"<input[^>]*name=\"update_kind\"[^>]*>", html):
        tag = match.group(0)
        if "checked" in tag:
            found = re.search(r'value="([a-z]+)"', tag)
            return found.group(1) if found else ""
    select = re.search(r'<select[^>]*name="update_kind".*?</select>', html, re.S)
    if select:
        found = re.search(r'<option value="([a-z]+)"[^>]*selected', select.group(0))
        return found.group(1) if found else ""
    return ""


def _change_note_input(html: str) -> str:
    found = re.search(r'<input[^>]*name="change_note"[^>]*>', html)
    return found.group(0) if found else ""
