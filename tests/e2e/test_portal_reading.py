"""A visitor reads the public portal: from the Vietnamese home page through the main navigation
to an article, over to English with the language switcher, to travel advice, a briefing, a
mission and the treaty list; then every other page type; then a search typed without
diacritics. axe-core checks every page shown."""

from __future__ import annotations

import datetime as dt
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import caches
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory
from chancery.portal import cache
from chancery.portal import models as m
from chancery.portal.constants import QuestionKind, QuestionStatus, TreatyKind
from chancery.portal.localize import translate
from chancery.portal.site import ensure_site, home, section
from chancery.portal.tests import factories
from chancery.portal.tests.reading_helpers import figure, image, paragraph, quote
from chancery.portal.tests.reading_helpers import heading as heading_block
from tests.e2e.test_workspace import Visits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE_VI = "Hội nghị thượng đỉnh ASEAN lần thứ 47 ra Tuyên bố chung"
ARTICLE_EN = "The 47th ASEAN Summit adopts a joint declaration"


def portal_content() -> dict[str, Any]:
    """The skeleton (not rebuilt after the flush of a transactional test) and one live page
    of every type, in Vietnamese, with the English pages the reading flow walks through."""
    caches["portal"].clear()  # the page cache lives in this process and outlives the flush
    cache.forget_local()
    ensure_site()
    now = timezone.now()
    article = factories.news(
        "vi",
        title=ARTICLE_VI,
        slug="hoi-nghi-asean-47",
        summary="Các nhà lãnh đạo ASEAN thông qua Tuyên bố chung về Biển Đông.",
        image=image("Summit"),
        image_alt="Các nhà lãnh đạo ASEAN chụp ảnh chung",
        body=[
            paragraph("<p>Hội nghị diễn ra tại Kuala Lumpur.</p>"),
            heading_block("Những nội dung chính"),
            figure(image("Plenary"), "Phiên họp toàn thể", caption="Phiên họp toàn thể."),
            quote("ASEAN đoàn kết và tự cường.", "Thủ tướng"),
            figure(image("Ornament"), decorative=True),
        ],
    )
    translate(
        article,
        "en",
        {
            ARTICLE_VI: ARTICLE_EN,
            "hoi-nghi-asean-47": "asean-summit-47",
            article.summary: "ASEAN leaders adopt a joint declaration on the East Sea.",
        },
    )
    factories.news("vi", title="Thứ trưởng tiếp Đại sứ Nhật Bản", date=now - timedelta(days=1))
    pages: dict[str, Any] = {"article": article}
    # English: travel advice, a briefing, a country with its mission, the treaty list.
    pages["advisory_en"] = factories.advisory(
        "JP",
        "en",
        title="Japan",
        slug="japan",
        level="advisory",
        summary="Typhoon season: follow local warnings.",
        sections=[
            ("section", {"title": "Safety and security", "body": "<p>Stay informed.</p>"}),
            ("section", {"title": "Entry requirements", "body": "<p>Visa exemption.</p>"}),
        ],
        change_note="First edition.",
    )
    pages["briefing_en"] = factories.briefing(
        "en", title="Regular press briefing no. 50", summary="The Spokesperson answered."
    )
    france = factories.country("FR", "en", title="France")
    pages["mission_en"] = factories.mission(france)
    m.Treaty.objects.create(
        locale=home("en").locale, title="Agreement on the mutual exemption of visas",
        kind=TreatyKind.BILATERAL, parties="Viet Nam, Japan", signed_on=dt.date(2020, 1, 2),
        in_force_on=dt.date(2020, 3, 1),
    )  # fmt: skip
    for n in range(1, 21):  # more than a page of them: the pagination shows
        m.Treaty.objects.create(
            locale=home("en").locale, title=f"Agreement on cooperation no. {n}",
            kind=TreatyKind.BILATERAL, parties="Viet Nam, Laos", signed_on=dt.date(2000, 1, n),
        )  # fmt: skip
    m.Treaty.objects.create(
        locale=home("en").locale, title="United Nations Convention on the Law of the Sea",
        kind=TreatyKind.MULTILATERAL, parties="UN members", signed_on=dt.date(1982, 12, 10),
    )  # fmt: skip
    # Vietnamese: every other type.
    pages["briefing"] = factories.briefing("vi")
    pages["advisory"] = factories.advisory("JP", "vi", title="Nhật Bản")
    pages["speech"] = factories.add_page(
        section(m.SpeechIndexPage, "vi"),
        m.SpeechPage(
            title="Phát biểu tại Đại hội đồng Liên hợp quốc",
            slug="phat-bieu-dhd-lhq",
            summary="Trưởng đoàn Việt Nam phát biểu.",
            speaker="Trưởng đoàn Việt Nam",
            place="New York",
            date=now - timedelta(days=3),
        ),
    )
    pages["activity"] = factories.activity("vi", starts_at=now - timedelta(days=2))
    factories.activity("vi", title="Bộ trưởng thăm Nhật Bản", starts_at=now + timedelta(days=4))
    pages["policy"] = factories.add_page(
        section(m.PolicyIndexPage, "vi"),
        m.PolicyPage(
            title="Chính sách đối ngoại độc lập, tự chủ",
            slug="doc-lap-tu-chu",
            summary="Những nguyên tắc của chính sách đối ngoại.",
            topic="Nguyên tắc",
            date=now - timedelta(days=30),
        ),
    )
    pages["country"] = factories.country("JP", "vi", title="Nhật Bản")
    from chancery.eservices.tests.factories import procedure_version

    procedure_version(code="1.005129", fee=30000, working_days=5)
    pages["service"] = factories.add_page(
        section(m.ServiceIndexPage, "vi"),
        m.ServiceInfoPage(
            title="Hợp pháp hóa lãnh sự",
            slug="hop-phap-hoa",
            summary="Hợp pháp hóa giấy tờ để sử dụng ở nước ngoài.",
            procedure_code="1.005129",
        ),
    )
    pages["hotline"] = factories.add_page(
        section(m.ServiceIndexPage, "vi"),
        m.HotlinePage(
            title="Đường dây nóng bảo hộ công dân",
            slug="duong-day-nong",
            hotlines=[
                (
                    "hotline",
                    {
                        "region": "Châu Âu",
                        "phone": "+84 981 84 84 84",
                        "email": "baohocongdan@example.test",
                        "hours": "24/7",
                    },
                )
            ],
        ),
    )
    topic = m.QuestionTopic.objects.create(
        code="consular", name_vi="Dịch vụ lãnh sự", name_en="Consular services", unit=UnitFactory()
    )
    m.PublicQuestion.objects.create(
        kind=QuestionKind.QUESTION, topic=topic, name="Lan", email="lan@example.test",
        subject="Gia hạn hộ chiếu ở Pháp", body="Riêng tư", language="vi",
        status=QuestionStatus.ANSWERED, answer="Liên hệ Đại sứ quán tại Paris.", published=True,
        answered_at=now,
    )  # fmt: skip
    return pages


def nav(page: Any, label: str) -> None:
    """Follow a link of the main navigation (the header's, not the footer's)."""
    page.locator("header nav.usa-nav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state("load")


def open_link(page: Any, name: str) -> None:
    page.locator("main").get_by_role("link", name=name).first.click()
    page.wait_for_load_state("load")


def heading(page: Any) -> str:
    return str(page.locator("main h1").first.inner_text()).strip()


def test_a_visitor_reads_the_portal_from_the_home_page_to_the_treaty_list(page: Any) -> None:
    pages = portal_content()
    visits = Visits(page)

    # Given the Vietnamese home page
    page.goto("/vi/")
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert heading(page) == "Bộ Ngoại giao"
    visits.check("home [vi]")

    # When the visitor follows the main navigation to the news
    nav(page, "Tin tức")
    assert heading(page) == "Tin tức"
    visits.check("news index")
    # and opens an article
    open_link(page, ARTICLE_VI)
    assert heading(page) == ARTICLE_VI
    visits.check("news article")

    # When they switch to English with the language switcher
    page.locator(".portal-languages").get_by_role("link", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    # Then they read the same article in English
    assert heading(page) == ARTICLE_EN
    assert page.url.endswith(pages["article"].get_translation(home("en").locale).url)
    visits.check("news article [en]")

    # Travel advice: the index, then one country's advice
    nav(page, "Travel advice")
    assert heading(page) == "Travel advice"
    visits.check("advisory index")
    open_link(page, "Japan")
    assert heading(page) == "Japan"
    assert page.get_by_text("Typhoon season: follow local warnings.").is_visible()
    visits.check("advisory")

    # A press briefing
    nav(page, "Press briefings")
    visits.check("briefing index")
    open_link(page, "Regular press briefing no. 50")
    assert heading(page) == "Regular press briefing no. 50"
    assert page.locator("#question-1").is_visible()
    visits.check("briefing")

    # A mission, through its country
    nav(page, "Countries and missions")
    visits.check("country index")
    open_link(page, "France")
    assert heading(page) == "France"
    visits.check("country")
    open_link(page, "Embassy in Paris")
    assert heading(page) == "Embassy in Paris"
    assert page.locator('a[href="tel:+33144146400"]').is_visible()
    visits.check("mission")

    # The treaty list, then only the bilateral ones
    nav(page, "International treaties")
    assert page.get_by_text("Agreement on the mutual exemption of visas").first.is_visible()
    assert page.locator("main nav.usa-pagination").is_visible()
    visits.check("treaty list")
    page.locator("main nav.usa-pagination").get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.get_by_text("United Nations Convention on the Law of the Sea").first.is_visible()
    visits.check("treaty list, page 2")
    page.select_option("#treaty-kind", "bilateral")
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"kind=bilateral"))
    assert page.get_by_text("Agreement on the mutual exemption of visas").first.is_visible()
    assert page.locator("main table caption").inner_text().startswith("21 ")
    assert page.get_by_text("United Nations Convention on the Law of the Sea").count() == 0
    visits.check("treaty list, bilateral")

    visits.assert_clean()


def test_every_other_page_type_is_accessible(page: Any) -> None:
    pages = portal_content()
    visits = Visits(page)
    tour = [
        ("briefing index [vi]", section(m.BriefingIndexPage, "vi").url, "Họp báo thường kỳ"),
        ("briefing [vi]", pages["briefing"].url, pages["briefing"].title),
        ("speech index", section(m.SpeechIndexPage, "vi").url, "Phát biểu và trả lời phỏng vấn"),
        ("speech", pages["speech"].url, pages["speech"].title),
        ("activity calendar", section(m.ActivityIndexPage, "vi").url, "Hoạt động của Lãnh đạo Bộ"),
        ("activity", pages["activity"].url, pages["activity"].title),
        ("policy index", section(m.PolicyIndexPage, "vi").url, "Chính sách đối ngoại"),
        ("policy", pages["policy"].url, pages["policy"].title),
        (
            "country index [vi]",
            section(m.CountryIndexPage, "vi").url,
            "Các nước và cơ quan đại diện",
        ),
        ("country [vi]", pages["country"].url, "Nhật Bản"),
        ("advisory index [vi]", section(m.AdvisoryIndexPage, "vi").url, "Khuyến cáo đi lại"),
        ("advisory [vi]", pages["advisory"].url, "Nhật Bản"),
        ("service index", section(m.ServiceIndexPage, "vi").url, "Dịch vụ lãnh sự và hành chính"),
        ("service info", pages["service"].url, "Hợp pháp hóa lãnh sự"),
        ("hotlines", pages["hotline"].url, "Đường dây nóng bảo hộ công dân"),
        ("questions", section(m.QuestionsPage, "vi").url, "Hỏi đáp"),
        ("treaty list [vi] (empty)", section(m.TreatyListPage, "vi").url, "Điều ước quốc tế"),
        ("home [fr]", "/fr/", "Ministère des Affaires étrangères"),
    ]
    for label, url, title in tour:
        response = page.goto(url)
        assert response is not None, label
        assert response.status == 200, f"{label}: {url}"
        assert heading(page) == title, label
        visits.check(label)

    # On a telephone's screen, the navigation folds into a menu that opens and works
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/vi/")
    visits.check("home [vi], narrow screen")
    page.locator("header button.usa-menu-btn").click()
    menu = page.locator("header nav.usa-nav")
    menu.get_by_role("link", name="Tin tức", exact=True).wait_for(state="visible")
    visits.check("home [vi], menu open")
    menu.get_by_role("link", name="Tin tức", exact=True).click()
    page.wait_for_load_state("load")
    assert heading(page) == "Tin tức"
    page.set_viewport_size({"width": 1280, "height": 900})

    # What each page is for is on it
    page.goto(pages["service"].url)
    procedure = page.locator("main .usa-summary-box").inner_text()
    # the fee and time limit come from the e-services catalogue
    assert re.search(r"30\D?000 VND", procedure), procedure
    assert "5 ngày làm việc" in procedure, procedure
    page.goto(section(m.QuestionsPage, "vi").url)
    assert page.get_by_text("Liên hệ Đại sứ quán tại Paris.").is_visible()
    assert page.get_by_text("Riêng tư").count() == 0

    visits.assert_clean()


def test_a_search_without_diacritics_finds_the_article_with_them(page: Any) -> None:
    portal_content()
    visits = Visits(page)

    # Given the Vietnamese home page
    page.goto("/vi/")
    # When the visitor types a query without diacritics in the header's search box and submits
    page.locator("#portal-search-field").fill("hoi nghi thuong dinh")
    page.locator("header form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/vi/search/\?q=hoi\+nghi\+thuong\+dinh"))
    # Then the result is the article, written with its diacritics
    results = page.locator("main ol.usa-collection")
    assert results.get_by_role("link", name=ARTICLE_VI).is_visible()
    assert page.locator("#search-query").input_value() == "hoi nghi thuong dinh"
    visits.check("search results")

    # When they open it
    results.get_by_role("link", name=ARTICLE_VI).click()
    page.wait_for_load_state("load")
    # Then they read the article
    assert heading(page) == ARTICLE_VI

    # And a search that finds nothing says so, with suggestions
    page.goto("/vi/search/?q=khongconoidungnay")
    assert page.locator("#search-count").is_visible()
    assert page.locator("main ol.usa-collection").count() == 0
    visits.check("search, no results")
    visits.assert_clean()
