"""The portal's demo: a realistic site in three languages, loaded once, idempotent."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Page

from chancery.core.demo import loader as core_loader
from chancery.core.service import Role, Unit, UnitKind, User
from chancery.portal import models as m
from chancery.portal.demo import EDITOR, load_portal_demo
from chancery.portal.demo.treaties import parse_date

MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL, UnitKind.PERMANENT_MISSION)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """Given the demo organisation, when the portal demo loads twice (once for the module,
    rolled back at its end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        for name, step in core_loader.STEPS:
            if name in ("units", "compartments", "staff"):
                step("demo-password")
        first = load_portal_demo()
        counts = {"first": first, "pages": Page.objects.count(), "second": load_portal_demo()}
        counts["pages_after"] = Page.objects.count()
        yield counts
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_demo_has_fifty_vietnamese_news_mostly_in_english(demo: dict[str, int]) -> None:
    vi_news = m.NewsPage.objects.filter(locale__language_code="vi").live()
    assert vi_news.count() >= 50
    assert {n.kind for n in vi_news} == {"press_release", "news_story", "statement", "rebuttal"}
    english = m.NewsPage.objects.filter(locale__language_code="en").live().count()
    french = m.NewsPage.objects.filter(locale__language_code="fr").live().count()
    assert english >= 0.75 * vi_news.count()
    assert english < vi_news.count()  # the English edition lags a little
    assert 0 < french < english
    visit = m.NewsPage.objects.filter(
        locale__language_code="en", title__startswith="Minister for Foreign Affairs pays"
    ).first()
    assert visit is not None
    assert "At the invitation of the Foreign Minister" in str(visit.body)


def test_the_demo_has_briefings_activities_speeches_and_policy(demo: dict[str, int]) -> None:
    briefings = m.BriefingPage.objects.filter(locale__language_code="vi")
    assert briefings.count() >= 10
    numbers = sorted(b.number or 0 for b in briefings)
    assert numbers == list(range(numbers[0], numbers[0] + 10))
    assert all(3 <= len(b.questions) <= 6 for b in briefings)
    assert m.ActivityPage.objects.filter(locale__language_code="vi").count() >= 25
    speeches = m.SpeechPage.objects.filter(locale__language_code="vi")
    assert speeches.count() == 5
    assert "United Nations" in str(speeches.first().body)
    assert m.PolicyPage.objects.filter(locale__language_code="fr").count() >= 4


def test_every_mission_has_a_page_under_its_host_country(demo: dict[str, int]) -> None:
    missions = Unit.objects.filter(kind__in=MISSION_KINDS, active=True)
    pages = m.MissionPage.objects.filter(locale__language_code="vi")
    assert set(pages.values_list("unit_id", flat=True)) == set(
        missions.values_list("pk", flat=True)
    )
    embassy = pages.get(unit__code="emb-fr")
    country = embassy.get_parent().specific
    assert country.country_code == "FR"
    assert country.title == "Pháp"
    assert (
        m.CountryPage.objects.filter(locale__language_code="fr", country_code="FR").get().title
        == "France"
    )


def test_thirty_advisories_some_with_major_and_minor_updates(demo: dict[str, int]) -> None:
    advisories = m.AdvisoryPage.objects.filter(locale__language_code="vi")
    assert advisories.count() >= 30
    assert {"normal", "advisory", "warning", "request"} <= set(
        advisories.values_list("level", flat=True)
    )
    updated = [a for a in advisories if a.revisions.count() >= 3]
    assert updated
    notes = {r.content["update_kind"] for a in updated for r in a.revisions.all()}
    assert notes == {"major", "minor"}


def test_treaties_come_from_huggo_with_english_titles(demo: dict[str, int]) -> None:
    vi = m.Treaty.objects.filter(locale__language_code="vi")
    assert vi.count() >= 50
    cptpp = vi.get(title__contains="CPTPP")
    assert cptpp.title.startswith("Hiệp định Đối tác toàn diện")
    english = m.Treaty.objects.get(
        translation_key=cptpp.translation_key, locale__language_code="en"
    )
    assert "Transpacific" in english.title
    assert str(cptpp.signed_on) == "2018-03-08"


def test_service_pages_name_procedures_of_the_catalogue(demo: dict[str, int]) -> None:
    from chancery.eservices.service import seeded_procedures as procedures

    codes = {p["code"] for p in procedures()}
    pages = m.ServiceInfoPage.objects.filter(locale__language_code="vi")
    assert pages.count() == len(codes)
    assert set(pages.values_list("procedure_code", flat=True)) == codes
    assert m.HotlinePage.objects.filter(locale__language_code="en").exists()


def test_the_demo_editor_holds_the_editor_role(demo: dict[str, int]) -> None:
    editor = User.objects.get(username=EDITOR)
    assert Role.EDITOR in editor.roles
    assert m.NewsPage.objects.filter(owner=editor).exists()


def test_loading_again_adds_nothing(demo: dict[str, int]) -> None:
    assert demo["first"] > 300
    assert demo["second"] == 0
    assert demo["pages_after"] == demo["pages"]


@pytest.mark.parametrize(
    ("model", "language"),
    [
        (m.NewsPage, "vi"),
        (m.NewsPage, "en"),
        (m.BriefingPage, "en"),
        (m.SpeechPage, "vi"),
        (m.AdvisoryPage, "en"),
        (m.MissionPage, "fr"),
        (m.ServiceInfoPage, "vi"),
        (m.HotlinePage, "en"),
        (m.ActivityPage, "vi"),
        (m.PolicyPage, "fr"),
    ],
)
def test_demo_pages_render(
    demo: dict[str, int], client: Client, model: type[Page], language: str
) -> None:
    page = model.objects.filter(locale__language_code=language).live().first()
    assert page is not None
    response = client.get(page.url)
    assert response.status_code == 200
    assert html.escape(page.title) in response.content.decode()


def test_messy_treaty_dates_are_read_or_left_empty() -> None:
    assert str(parse_date("02.12.1972")) == "1972-12-02"
    assert str(parse_date("1972-12-02?")) == "1972-12-02"
    assert str(parse_date("1972-12")) == "1972-12-01"
    assert parse_date("NA") is None
    assert parse_date("31.12.9999") is None
    assert parse_date("31.02.2000") is None
