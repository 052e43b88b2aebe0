"""Building portal content in tests: the skeleton, pages of each type, published or not.

``publish(page)`` saves a revision and publishes it as an editor would (Wagtail's own action,
so the publishing hooks run); ``schedule(page, at)`` publishes it with a go-live time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Page

from chancery.portal import models as m
from chancery.portal.site import ensure_site, home, section

_counter = iter(range(1, 10**9))


def portal_site() -> m.HomePage:
    return ensure_site()


def add_page(parent: Page, page: Page, *, publish_now: bool = True, user: Any = None) -> Any:
    """Add ``page`` under ``parent`` as a draft, then publish it unless told not to."""
    page.locale = parent.locale
    # Wagtail's ``Page.live`` defaults to True; the CMS creates a page not live until published.
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish_now:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def publish(page: Page, *, user: Any = None) -> Any:
    """Publish the page's current state as a new revision (the editor's Publish button)."""
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


def schedule(page: Page, at: datetime, *, user: Any = None) -> Any:
    """Publish with a go-live time: nothing shows until ``at`` (Wagtail's scheduled publishing)."""
    page.go_live_at = at
    revision = page.save_revision(user=user, approved_go_live_at=at)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


def _n() -> int:
    return next(_counter)


def news(language: str = "vi", *, publish_now: bool = True, **fields: Any) -> m.NewsPage:
    n = _n()
    values: dict[str, Any] = {
        "title": f"Tin tức số {n}" if language == "vi" else f"News item {n}",
        "slug": f"news-{n}",
        "summary": "Tóm tắt tin." if language == "vi" else "A short summary.",
        "date": timezone.now(),
    }
    values.update(fields)
    return add_page(
        section(m.NewsIndexPage, language), m.NewsPage(**values), publish_now=publish_now
    )


def briefing(language: str = "vi", *, publish_now: bool = True, **fields: Any) -> m.BriefingPage:
    n = _n()
    values: dict[str, Any] = {
        "title": f"Họp báo thường kỳ số {n}",
        "slug": f"briefing-{n}",
        "summary": "Người Phát ngôn trả lời câu hỏi của phóng viên.",
        "spokesperson": "Phạm Thu Hằng",
        "number": n,
        "questions": [
            ("question", {"outlet": "Reuters", "question": "Câu hỏi?", "answer": "<p>Trả lời.</p>"})
        ],
    }
    values.update(fields)
    return add_page(
        section(m.BriefingIndexPage, language), m.BriefingPage(**values), publish_now=publish_now
    )


def activity(language: str = "vi", *, publish_now: bool = True, **fields: Any) -> m.ActivityPage:
    n = _n()
    start = fields.pop("starts_at", timezone.now())
    values: dict[str, Any] = {
        "title": f"Bộ trưởng tiếp Đại sứ {n}",
        "slug": f"activity-{n}",
        "summary": "Bộ trưởng tiếp Đại sứ mới.",
        "leader": "Bộ trưởng Ngoại giao",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "location": "Hà Nội",
    }
    values.update(fields)
    return add_page(
        section(m.ActivityIndexPage, language), m.ActivityPage(**values), publish_now=publish_now
    )


def advisory(
    country_code: str = "JP", language: str = "vi", *, publish_now: bool = True, **fields: Any
) -> m.AdvisoryPage:
    values: dict[str, Any] = {
        "title": f"Khuyến cáo đi lại: {country_code}",
        "slug": f"advisory-{country_code.lower()}",
        "country_code": country_code,
        "summary": "Công dân cần thận trọng.",
        "sections": [("section", {"title": "An ninh", "body": "<p>Thận trọng.</p>"})],
        "change_note": "Bản đầu tiên.",
    }
    values.update(fields)
    return add_page(
        section(m.AdvisoryIndexPage, language), m.AdvisoryPage(**values), publish_now=publish_now
    )


def country(country_code: str = "JP", language: str = "vi", **fields: Any) -> m.CountryPage:
    values: dict[str, Any] = {
        "title": fields.pop("title", f"Quốc gia {country_code}"),
        "slug": f"country-{country_code.lower()}",
        "country_code": country_code,
        "summary": "Quan hệ song phương.",
    }
    values.update(fields)
    return add_page(section(m.CountryIndexPage, language), m.CountryPage(**values))


def mission(parent: m.CountryPage) -> m.MissionPage:
    """The embassy in Paris, with every way of reaching it filled in, under ``parent``."""
    from chancery.core.tests.factories import UnitFactory

    return add_page(
        parent,
        m.MissionPage(
            title="Embassy in Paris",
            slug="embassy-paris",
            unit=UnitFactory(),
            address="61 rue de Miromesnil, Paris",
            phone="+33 1 44 14 64 00",
            email="embassy@example.test",
            hours="Mon-Fri 9:00-17:00",
            head_of_mission="Ambassador Minh",
            consular_district="France, Monaco",
            services="<p>Passports, visas, legalisation.</p>",
        ),
    )


__all__ = [
    "activity",
    "add_page",
    "advisory",
    "briefing",
    "country",
    "home",
    "mission",
    "news",
    "portal_site",
    "publish",
    "schedule",
    "section",
]
