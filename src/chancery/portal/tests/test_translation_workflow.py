"""Translations go through wagtail-localize: the English edition may lag the Vietnamese one,
editors see each language's progress, and a change of the source reaches a translation when
it is synchronised, with the strings already translated kept."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from chancery.portal import models as m
from chancery.portal.localize import translate
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def test_an_english_edition_may_lag_and_falls_back_to_the_source(site: Any, client: Any) -> None:
    # Given a Vietnamese news item translated into English for its title only
    item = factories.news(title="Việt Nam dự Hội nghị ASEAN", summary="Đoàn Việt Nam tham dự.")
    english = translate(item, "en", {"Việt Nam dự Hội nghị ASEAN": "Viet Nam attends ASEAN"})

    # Then the English page is live under /en/ with the translated title, the summary not yet
    assert english.live
    assert english.url.startswith("/en/news/")
    page = client.get(english.url).content.decode()
    assert "Viet Nam attends ASEAN" in page
    # And editors see that the English translation is not complete
    translation = Translation.objects.get(
        source__object_id=item.translation_key, target_locale__language_code="en"
    )
    total, done = translation.get_progress()
    assert 0 < done < total
    assert str(translation.get_status_display()) == "Waiting for translations"


def test_a_source_change_reaches_the_translation_when_synchronised(site: Any) -> None:
    # Given a news item fully translated into French
    item = factories.news(title="Thông cáo", summary="Tóm tắt")
    translate(item, "fr", {"Thông cáo": "Communiqué", "Tóm tắt": "Résumé"})
    before = Translation.objects.get(
        source__object_id=item.translation_key, target_locale__language_code="fr"
    ).get_progress()
    # When the Vietnamese summary changes and the translation is synchronised
    item.summary = "Tóm tắt mới"
    factories.publish(item)
    source, _created = TranslationSource.update_or_create_from_instance(item)
    Translation.objects.get(source=source, target_locale__language_code="fr").save_target()

    # Then the French page keeps its translated title and shows the new summary (untranslated)
    french = m.NewsPage.objects.get(
        translation_key=item.translation_key, locale=Locale.objects.get(language_code="fr")
    )
    assert french.title == "Communiqué"
    assert french.summary == "Tóm tắt mới"
    # And the new string waits for its translation
    translation = Translation.objects.get(source=source, target_locale__language_code="fr")
    total, done = translation.get_progress()
    assert (total, done) == (before[0], before[1] - 1)
