"""What search engines, social networks and feed readers find on article pages, responsive
images, and how many queries the busiest pages cost."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from chancery.portal.localize import translate
from chancery.portal.tests import factories
from chancery.portal.tests.reading_helpers import figure, image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.CHANCERY_SITE_URL = "https://mofa.example.test"


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _json_ld(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_an_article_carries_open_graph_and_news_article_json_ld(site: Any, client: Client) -> None:
    item = factories.news(
        title="Việt Nam dự Hội nghị ASEAN",
        summary="Đoàn Việt Nam tham dự </script> hội nghị.",
        image=image(),
        image_alt="Bộ trưởng phát biểu",
    )
    html = _html(client, item.url)
    url = f"https://mofa.example.test{item.url}"
    assert '<meta property="og:title" content="Việt Nam dự Hội nghị ASEAN">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert 'property="og:description" content="Đoàn Việt Nam tham dự &lt;/script&gt;' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    assert og_image is not None
    assert og_image.group(1).startswith("https://mofa.example.test/")
    assert 'property="article:published_time"' in html
    assert f'<link rel="canonical" href="{url}">' in html
    data = _json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Việt Nam dự Hội nghị ASEAN"
    assert data["description"].endswith("</script> hội nghị.")
    assert data["datePublished"]
    assert data["dateModified"]
    assert data["image"] == [og_image.group(1)]
    assert data["publisher"]["name"] == "Bộ Ngoại giao"


def test_an_article_names_its_translations_and_its_section_feed(site: Any, client: Client) -> None:
    item = factories.news(title="Tin ASEAN", summary="Tóm tắt.")
    english = translate(item, "en", {"Tin ASEAN": "ASEAN news"})
    html = _html(client, english.url)
    base = "https://mofa.example.test"
    assert f'<link rel="alternate" hreflang="en" href="{base}{english.url}">' in html
    assert f'<link rel="alternate" hreflang="vi" href="{base}{item.url}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{base}{item.url}">' in html
    assert (
        'rel="alternate" hreflang="fr"' not in html
    )  # no French edition: no alternate to a home page
    assert '<meta property="og:locale:alternate" content="vi_VN">' in html
    assert 'type="application/atom+xml"' in html
    assert 'href="/en/feeds/news.atom"' in html


def test_a_briefing_points_feed_readers_at_the_briefings_feed(site: Any, client: Client) -> None:
    html = _html(client, factories.briefing("en").url)
    assert 'href="/en/feeds/briefings.atom"' in html


def test_images_are_responsive_lazy_and_described(site: Any, client: Client) -> None:
    lead, photo, ornament = image("Lead"), image("Photo"), image("Ornament")
    item = factories.news(
        image=lead,
        image_alt="The Minister at the podium",
        body=[
            figure(photo, "Delegations in the hall", caption="Hanoi, 5 March"),
            figure(ornament, decorative=True),
        ],
    )
    html = _html(client, item.url)
    imgs = re.findall(r"<img [^>]*>", html)
    described = [tag for tag in imgs if "srcset=" in tag]
    assert len(described) == 3
    assert all('sizes="(min-width: 64em) 800px, 100vw"' in tag for tag in described)
    assert all(" 480w" in tag and " 1200w" in tag for tag in described)
    lead_tag, photo_tag, ornament_tag = described
    assert 'alt="The Minister at the podium"' in lead_tag
    assert 'alt="Delegations in the hall"' in photo_tag
    assert 'loading="lazy"' in photo_tag
    assert 'alt=""' in ornament_tag
    assert "<figcaption>Hanoi, 5 March</figcaption>" in html


def test_a_figure_without_alt_text_falls_back_to_the_image_title(site: Any, client: Client) -> None:
    item = factories.news(body=[figure(image("Harbour of Hai Phong"))])
    html = _html(client, item.url)
    assert 'alt="Harbour of Hai Phong"' in html


def test_a_news_article_costs_a_bounded_number_of_queries(
    site: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    item = factories.news(image=image(), image_alt="Lead", body=[figure(image("Photo"), "A")])
    translate(item, "en", {})
    client.get(item.url)  # renditions are made on the first view
    with django_assert_max_num_queries(16):
        assert client.get(item.url).status_code == 200


def test_the_home_page_costs_a_bounded_number_of_queries(
    site: Any, client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(8):
        factories.news(title=f"Tin {n}", image=image(f"Image {n}") if n % 2 else None)
    factories.briefing()
    client.get("/vi/")
    with django_assert_max_num_queries(16):
        assert client.get("/vi/").status_code == 200
