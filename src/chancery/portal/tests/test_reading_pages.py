"""Readers see every kind of portal page with its content, in Vietnamese and in English, in one
layout: navigation, language switcher, search, footer."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from chancery.core.tests.factories import UnitFactory
from chancery.portal import models as m
from chancery.portal.constants import QuestionKind, QuestionStatus, TreatyKind
from chancery.portal.localize import translate
from chancery.portal.models import pages
from chancery.portal.site import SECTIONS, home, section
from chancery.portal.tests import factories
from chancery.portal.tests.reading_helpers import heading, paragraph, quote

pytestmark = pytest.mark.django_db


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_section_page_shows_its_title_in_the_layout(
    site: Any, client: Client, language: str
) -> None:
    for model, _names in SECTIONS:
        page = section(model, language)
        html = _get(client, page.url)
        assert f"<h1>{escape(page.title)}</h1>" in html
        # the main navigation lists the sections of this language, this one marked current
        assert 'aria-current="page"' in html
        assert f'lang="{language}"' in html


def test_the_layout_has_search_footer_links_and_no_form_token(site: Any, client: Client) -> None:
    html = _get(client, "/en/")
    assert 'action="/en/search/"' in html
    assert 'name="q"' in html
    assert 'for="portal-search-field"' in html
    assert 'href="/en/ask/"' in html
    assert 'href="/en/subscribe/"' in html
    assert 'href="/sitemap.xml"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "Skip to main content" in html
    for title in ("News", "Press briefings", "Travel advice"):
        assert f"<span>{title}</span>" in html


def test_the_language_switcher_links_to_translations_or_to_the_home_page(
    site: Any, client: Client
) -> None:
    # Given a Vietnamese news item translated into English but not into French
    item = factories.news(title="Việt Nam dự Hội nghị ASEAN", summary="Đoàn Việt Nam tham dự.")
    english = translate(item, "en", {"Việt Nam dự Hội nghị ASEAN": "Viet Nam attends ASEAN"})
    # When a reader opens the English edition
    html = _get(client, english.url)
    # Then the switcher leads to the Vietnamese item and, for French, to the French home page
    assert f'href="{item.url}" lang="vi"' in html
    assert 'href="/fr/" lang="fr"' in html
    assert '<span lang="en" aria-current="true"' in html
    assert "Viet Nam attends ASEAN" in html


def test_a_news_item_shows_its_date_kind_summary_and_body(site: Any, client: Client) -> None:
    item = factories.news(
        language="en",
        title="Minister meets ASEAN counterparts",
        summary="Talks on the South China Sea.",
        kind="press_release",
        date=dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC),
        body=[
            heading("Background"),
            paragraph("<p>The ministers met in Hanoi.</p>"),
            heading("Outcome", "h3"),
            quote("We agreed to keep talking.", "The Minister"),
        ],
    )
    html = _get(client, item.url)
    assert "<h1>Minister meets ASEAN counterparts</h1>" in html
    assert "Press release" in html
    assert 'datetime="2026-03-05T16:00:00+07:00"' in html
    assert "Talks on the South China Sea." in html
    assert "<h2>Background</h2>" in html
    assert "<h3>Outcome</h3>" in html
    assert "The ministers met in Hanoi." in html
    assert "<blockquote><p>We agreed to keep talking.</p></blockquote>" in html
    assert "<cite>The Minister</cite>" in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_briefing_numbers_its_questions_with_the_asking_outlet(
    site: Any, client: Client, language: str
) -> None:
    item = factories.briefing(
        language,
        body=[paragraph("<p>Thông báo về chuyến thăm.</p>")],
        questions=[
            ("question", {"outlet": "Reuters", "question": "Biển Đông?", "answer": "<p>A.</p>"}),
            ("question", {"outlet": "VTV", "question": "Bảo hộ công dân?", "answer": "<p>B.</p>"}),
        ],
    )
    html = _get(client, item.url)
    assert "Thông báo về chuyến thăm." in html
    assert 'id="question-1"' in html
    assert 'id="question-2"' in html
    assert html.index("Reuters") < html.index("Biển Đông?") < html.index("VTV")
    assert "Bảo hộ công dân?" in html


def test_a_speech_and_a_policy_show_speaker_place_and_topic(site: Any, client: Client) -> None:
    speech = factories.add_page(
        section(m.SpeechIndexPage, "en"),
        m.SpeechPage(
            title="Address to the UN",
            slug="un-address",
            summary="The Minister spoke.",
            speaker="The Minister",
            place="New York",
            kind="interview",
        ),
    )
    policy = factories.add_page(
        section(m.PolicyIndexPage, "en"),
        m.PolicyPage(title="Sea policy", slug="sea", summary="Our position.", topic="Maritime"),
    )
    html = _get(client, speech.url)
    assert "The Minister" in html
    assert "New York" in html
    assert "Interview" in html
    html = _get(client, policy.url)
    assert "Maritime" in html
    assert "Our position." in html


def test_the_activities_page_groups_upcoming_and_past_by_day(site: Any, client: Client) -> None:
    now = timezone.now()
    factories.activity("en", title="Visit to Japan", starts_at=now + timedelta(days=2))
    factories.activity("en", title="Reception of envoys", starts_at=now - timedelta(days=3))
    index = section(m.ActivityIndexPage, "en")
    html = _get(client, index.url)
    upcoming, past = html.split('id="past-heading"')
    assert "Visit to Japan" in upcoming
    assert "Reception of envoys" not in upcoming
    assert "Reception of envoys" in past
    day = timezone.localdate(now + timedelta(days=2))
    assert date_format(day, "DATE_FORMAT") in upcoming
    assert 'href="/en/feeds/activities.ics"' in html


def test_an_activity_shows_who_when_and_where(site: Any, client: Client) -> None:
    item = factories.activity("en", title="Visit to Japan", leader="Minister Lan", location="Tokyo")
    html = _get(client, item.url)
    assert "Minister Lan" in html
    assert "Tokyo" in html
    assert "Visit to Japan" in html


def test_the_treaty_list_shows_its_language_and_filters_by_kind(site: Any, client: Client) -> None:
    english = home("en").locale
    vietnamese = home("vi").locale
    m.Treaty.objects.create(
        locale=english, title="Agreement on visas", kind=TreatyKind.BILATERAL,
        parties="Viet Nam, Japan", signed_on=dt.date(2020, 1, 2),
    )  # fmt: skip
    m.Treaty.objects.create(
        locale=english, title="Convention on the law of the sea", kind=TreatyKind.MULTILATERAL,
        parties="UN members", signed_on=dt.date(1982, 12, 10),
    )  # fmt: skip
    m.Treaty.objects.create(
        locale=vietnamese, title="Hiệp định thị thực", kind=TreatyKind.BILATERAL,
        parties="Việt Nam, Nhật Bản", signed_on=dt.date(2020, 1, 2),
    )  # fmt: skip
    page = section(m.TreatyListPage, "en")
    html = _get(client, page.url)
    assert "Agreement on visas" in html
    assert "Convention on the law of the sea" in html
    assert "Hiệp định thị thực" not in html
    html = _get(client, page.url + "?kind=bilateral")
    assert "Agreement on visas" in html
    assert "Convention on the law of the sea" not in html
    assert '<option value="bilateral" selected>' in html
    assert 'for="treaty-kind"' in html


def test_a_country_lists_its_missions_and_a_mission_shows_how_to_reach_it(
    site: Any, client: Client
) -> None:
    country = factories.country("FR", "en", title="France")
    mission = factories.mission(country)
    html = _get(client, country.url)
    assert "Embassy in Paris" in html
    assert f'href="{mission.url}"' in html
    html = _get(client, mission.url)
    for text in (
        "61 rue de Miromesnil, Paris",
        'href="tel:+33144146400"',
        'href="mailto:embassy@example.test"',
        "Mon-Fri 9:00-17:00",
        "Ambassador Minh",
        "France, Monaco",
        "Passports, visas, legalisation.",
        'href="/services/"',
    ):
        assert text in html


def test_an_advisory_shows_its_level_sections_and_updates(site: Any, client: Client) -> None:
    item = factories.advisory(
        "JP",
        "en",
        title="Japan",
        level="warning",
        summary="Typhoon season.",
        sections=[
            ("section", {"title": "Safety", "body": "<p>Stay indoors.</p>"}),
            ("section", {"title": "Entry", "body": "<p>Visa on arrival.</p>"}),
        ],
        change_note="First edition.",
    )
    html = _get(client, item.url)
    assert "Typhoon season." in html
    assert "Warning" in html
    assert 'href="#section-1">Safety</a>' in html
    assert 'href="#section-2">Entry</a>' in html
    assert html.index('id="section-1"') < html.index('id="section-2"')
    assert "First edition." in html
    index = _get(client, section(m.AdvisoryIndexPage, "en").url)
    assert "Japan" in index


def test_a_service_page_shows_fee_time_limit_and_the_way_to_apply(
    site: Any, client: Client
) -> None:
    from chancery.eservices.tests.factories import procedure_version

    version = procedure_version(code="1.005129", fee=30000, working_days=5)
    page = factories.add_page(
        section(m.ServiceIndexPage, "en"),
        m.ServiceInfoPage(
            title="Consular legalisation",
            slug="legalisation",
            summary="Have a document legalised.",
            procedure_code="1.005129",
        ),
    )
    html = _get(client, page.url)
    assert "Consular legalisation of documents" in html
    assert "30,000 VND" in html
    assert "5 working days" in html
    assert f'href="/services/apply/{version.procedure.slug}/"' in html
    assert "Apply online" in html
    listing = _get(client, section(m.ServiceIndexPage, "en").url)
    assert "Have a document legalised." in listing


def test_a_service_page_without_a_procedure_in_force_has_no_apply_button(
    site: Any, client: Client
) -> None:
    page = factories.add_page(
        section(m.ServiceIndexPage, "en"),
        m.ServiceInfoPage(
            title="Visas", slug="visas", summary="About visas.", procedure_code="9.9"
        ),
    )
    html = _get(client, page.url)
    assert "About visas." in html
    assert "Apply online" not in html


def test_the_hotline_page_lists_each_hotline(site: Any, client: Client) -> None:
    page = factories.add_page(
        home("en"),
        m.HotlinePage(
            title="Citizen protection hotlines",
            slug="hotlines",
            hotlines=[("hotline", {"region": "Europe", "phone": "+84 981 84 84 84"})],
        ),
    )
    html = _get(client, page.url)
    assert "Europe" in html
    assert 'href="tel:+84981848484"' in html


def test_the_questions_page_lists_published_answers_in_its_language(
    site: Any, client: Client
) -> None:
    from chancery.portal.models import QuestionTopic

    topic = QuestionTopic.objects.create(code="reading", name_vi="Lãnh sự", unit=UnitFactory())
    common = {"kind": QuestionKind.QUESTION, "topic": topic, "name": "A", "email": "a@x.test"}
    m.PublicQuestion.objects.create(
        **common, subject="Passport in Paris", body="Private details", language="en",
        status=QuestionStatus.ANSWERED, answer="Go to the embassy.", published=True,
        answered_at=timezone.now(),
    )  # fmt: skip
    m.PublicQuestion.objects.create(
        **common, subject="Not for publication", body="x", language="en",
        status=QuestionStatus.ANSWERED, answer="Private.", published=False,
    )  # fmt: skip
    m.PublicQuestion.objects.create(
        **common, subject="Hộ chiếu", body="x", language="vi",
        status=QuestionStatus.ANSWERED, answer="Đến Đại sứ quán.", published=True,
    )  # fmt: skip
    html = _get(client, section(m.QuestionsPage, "en").url)
    assert "Passport in Paris" in html
    assert "Go to the embassy." in html
    assert "Private details" not in html
    assert "Not for publication" not in html
    assert "Hộ chiếu" not in html
    assert 'href="/en/ask/"' in html


def test_the_home_page_shows_the_latest_news_of_its_language(site: Any, client: Client) -> None:
    factories.news("vi", title="Tin mới nhất")
    factories.news("en", title="Latest story")
    html = _get(client, "/vi/")
    assert "Tin mới nhất" in html
    assert "Latest story" not in html
    html = _get(client, "/en/")
    assert "Latest story" in html


def test_a_listing_is_paginated_with_accessible_links(
    site: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    for n in range(5):
        factories.news("en", title=f"Story {n}")
    index = section(m.NewsIndexPage, "en")
    first = _get(client, index.url)
    assert "Story 4" in first
    assert "Story 3" in first
    assert "Story 2" not in first
    assert 'class="usa-pagination"' in first
    assert 'aria-current="page">1</a>' in first
    assert 'href="?page=2"' in first
    third = _get(client, index.url + "?page=3")
    assert "Story 0" in third
    assert 'aria-current="page">3</a>' in third


def test_a_page_is_the_same_for_every_reader(site: Any, client: Client) -> None:
    # pages are cached for everyone: rendering one sets no cookie (no form token, no session)
    item = factories.news("en", title="Cached story")
    response = client.get(item.url)
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
