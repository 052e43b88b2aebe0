"""The portal's skeleton: the languages, the home page of each and its sections.

``ensure_site()`` runs after every migrate and flush (and in the demo); it creates what is
missing and leaves everything an editor has made alone, so it is safe on a live portal."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from chancery.portal import models as m
from chancery.portal.localize import translate

# Section page types in the home page's order, with their title and slug per language.
SECTIONS: list[tuple[type[Page], dict[str, tuple[str, str]]]] = [
    (
        m.NewsIndexPage,
        {"vi": ("Tin tức", "tin-tuc"), "en": ("News", "news"), "fr": ("Actualités", "actualites")},
    ),
    (
        m.BriefingIndexPage,
        {
            "vi": ("Họp báo thường kỳ", "hop-bao"),
            "en": ("Press briefings", "press-briefings"),
            "fr": ("Points de presse", "points-de-presse"),
        },
    ),
    (
        m.SpeechIndexPage,
        {
            "vi": ("Phát biểu và trả lời phỏng vấn", "phat-bieu"),
            "en": ("Speeches and interviews", "speeches"),
            "fr": ("Discours et entretiens", "discours"),
        },
    ),
    (
        m.ActivityIndexPage,
        {
            "vi": ("Hoạt động của Lãnh đạo Bộ", "hoat-dong-lanh-dao"),
            "en": ("Leaders' activities", "leaders-activities"),
            "fr": ("Activités des dirigeants", "activites-des-dirigeants"),
        },
    ),
    (
        m.PolicyIndexPage,
        {
            "vi": ("Chính sách đối ngoại", "chinh-sach"),
            "en": ("Foreign policy", "foreign-policy"),
            "fr": ("Politique étrangère", "politique-etrangere"),
        },
    ),
    (
        m.TreatyListPage,
        {
            "vi": ("Điều ước quốc tế", "dieu-uoc-quoc-te"),
            "en": ("International treaties", "treaties"),
            "fr": ("Traités internationaux", "traites"),
        },
    ),
    (
        m.CountryIndexPage,
        {
            "vi": ("Các nước và cơ quan đại diện", "cac-nuoc"),
            "en": ("Countries and missions", "countries"),
            "fr": ("Pays et missions", "pays"),
        },
    ),
    (
        m.AdvisoryIndexPage,
        {
            "vi": ("Khuyến cáo đi lại", "khuyen-cao-di-lai"),
            "en": ("Travel advice", "travel-advice"),
            "fr": ("Conseils aux voyageurs", "conseils-aux-voyageurs"),
        },
    ),
    (
        m.ServiceIndexPage,
        {
            "vi": ("Dịch vụ lãnh sự và hành chính", "dich-vu"),
            "en": ("Consular and administrative services", "services"),
            "fr": ("Services consulaires et administratifs", "services"),
        },
    ),
    (
        m.QuestionsPage,
        {
            "vi": ("Hỏi đáp", "hoi-dap"),
            "en": ("Questions and answers", "questions"),
            "fr": ("Questions et réponses", "questions"),
        },
    ),
]
HOME_TITLES = {
    "vi": "Bộ Ngoại giao",
    "en": "Ministry of Foreign Affairs",
    "fr": "Ministère des Affaires étrangères",
}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def source_language() -> str:
    """The language editors write in first; the others are translations of it."""
    return str(settings.CHANCERY_PORTAL_SOURCE_LANGUAGE)


def home(language: str | None = None) -> m.HomePage:
    """The home page of ``language`` (the source language's when ``None``)."""
    language = language or source_language()
    return m.HomePage.objects.get(locale__language_code=language)


def section(model: type[Page], language: str | None = None) -> Any:
    """The section page of type ``model`` under the home page of ``language``."""
    return model.objects.child_of(home(language)).get()


@transaction.atomic
def ensure_site() -> m.HomePage:
    """Create the locales, the root, the Vietnamese home page with its sections, their English
    and French translations and the default site, where missing; return the Vietnamese home."""
    for code in languages():
        Locale.objects.get_or_create(language_code=code)
    if Collection.get_first_root_node() is None:  # made by Wagtail's migration; gone after a flush
        Collection.add_root(name="Root")
    default = source_language()
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code=default))
    )
    home_vi = m.HomePage.objects.filter(locale__language_code=default).first()
    if home_vi is None:
        _retire_wagtail_welcome_page(root)
        home_vi = root.add_child(
            instance=m.HomePage(title=HOME_TITLES[default], slug="home", locale=root.locale)
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home_vi,
            "site_name": settings.WAGTAIL_SITE_NAME,
        },
    )
    for model, names in SECTIONS:
        if not model.objects.child_of(home_vi).exists():
            title, slug = names[default]
            home_vi.add_child(instance=model(title=title, slug=slug, locale=home_vi.locale))
    for language in languages():
        if language == default:
            continue
        if not m.HomePage.objects.filter(locale__language_code=language).exists():
            translate(home_vi, language, {HOME_TITLES[default]: HOME_TITLES[language]})
        for model, names in SECTIONS:
            source = model.objects.child_of(home_vi).get()
            if not source.has_translation(Locale.objects.get(language_code=language)):
                (title, slug), (source_title, source_slug) = names[language], names[default]
                translate(source, language, {source_title: title, source_slug: slug})
        _recount_children(m.HomePage.objects.get(locale__language_code=language))
    return home_vi


def _recount_children(page: Page) -> None:
    """Translating a home page and then its sections (wagtail-localize 1.14) leaves the
    translated home's child count at 0, and treebeard then lists no children; count again."""
    count = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
    if page.numchild != count:
        Page.objects.filter(pk=page.pk).update(numchild=count)


def _retire_wagtail_welcome_page(root: Page) -> None:
    """Wagtail's first migration makes a plain "Welcome" page; the portal's home replaces it."""
    for page in root.get_children():
        if page.specific_class is Page and page.slug == "home" and not page.get_children():
            Site.objects.filter(root_page=page).delete()
            page.delete()


def after_migrate(**kwargs: Any) -> None:
    """After ``migrate`` (which passes its plan), not after ``flush`` (which passes none): the
    test suite flushes the database after every transactional test, and rebuilding the three
    languages' skeleton there would cost seconds per test; tests that need it ask for it
    (the ``site`` fixture), and an operator who flushes runs ``chancery migrate`` again."""
    if kwargs.get("plan") is not None:
        ensure_site()
