"""Demo content of the portal: a realistic ministry website in Vietnamese, English and French.

``load_portal_demo()`` (run by ``chancery demo`` after the organisation, see setup.py) adds
news, press briefings, leaders' activities, speeches, policy pages, treaties, a page per
country hosting a mission with the missions' pages, thirty travel advisories (some with later
updates), service information linked to the e-services catalogue and the hotlines page, and
the demo editor ``bientap``. What is invented and what comes from real data sets (with their
licences) is in docs/portal-demo.md.

Pages are published one revision each through Wagtail (so the portal's publishing hooks run),
as the demo editor, and translated through wagtail-localize (editors see each language's
status). Idempotent: every page is found again by its slug under its parent and every treaty
by its identifier; a second run creates nothing. Dates follow the day of the load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from tqdm import tqdm
from wagtail.models import Locale, Revision
from wagtail.search import index as search_index
from wagtail.signal_handlers import disable_reference_index_auto_update

from chancery.core.service import Role, Unit, UnitKind, User
from chancery.portal import models as m
from chancery.portal.constants import AdvisoryLevel, SpeechKind, UpdateKind
from chancery.portal.demo import briefings as briefing_data
from chancery.portal.demo import common, content, news, places, treaties
from chancery.portal.demo.common import (
    add_published,
    ascii_slug,
    existing_child,
    pairs,
    paragraph_html,
    publish,
    rich,
    translate_once,
)
from chancery.portal.site import ensure_site, section

EDITOR = "bientap"
MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL, UnitKind.PERMANENT_MISSION)
ADVISORIES = 30

__all__ = ["ADVISORIES", "EDITOR", "load_portal_demo"]


def _progress(items: list[Any], desc: str) -> Any:
    return tqdm(items, desc=desc, leave=False, disable=None)


def ensure_editor() -> tuple[User, int]:
    """The demo editor (core's demo makes it; made here when the portal demo runs alone)."""
    from chancery.core.demo import DEMO_PASSWORD

    user = User.objects.filter(username=EDITOR).first()
    if user is not None:
        if Role.EDITOR not in (user.roles or []):
            user.roles = [*(user.roles or []), Role.EDITOR.value]
            user.save(update_fields=["roles"])
        return user, 0
    press = Unit.objects.filter(code="press").first()
    user = User.objects.create_user(
        EDITOR,
        f"{EDITOR}@chancery.invalid",
        DEMO_PASSWORD,
        full_name="Đặng Thu Biên",
        unit=press,
        roles=[Role.EDITOR.value],
    )
    return user, 1


def load_news(user: User, now: datetime) -> int:
    parent = section(m.NewsIndexPage)
    created = 0
    for article in _progress(news.articles(now), "news"):
        page = existing_child(parent, article.slug)
        if page is None:
            page = add_published(
                parent,
                m.NewsPage(
                    title=article.vi.title,
                    slug=article.slug,
                    kind=article.kind,
                    date=article.at,
                    summary=article.vi.summary,
                    body=rich(*article.vi.paragraphs),
                ),
                user=user,
                at=article.at,
            )
            created += 1
        source = [article.vi.title, article.vi.summary, *article.vi.paragraphs, article.slug]
        for language, edition in (("en", article.en), ("fr", article.fr)):
            if edition is None:
                continue
            target = [
                edition.title,
                edition.summary,
                *edition.paragraphs,
                ascii_slug(edition.title, 70),
            ]
            created += translate_once(
                page, language, pairs(source, target), user=user, at=article.at
            )
    return created


def load_briefings(user: User, now: datetime) -> int:
    parent = section(m.BriefingIndexPage)
    created = 0
    for item in _progress(briefing_data.briefings(now), "briefings"):
        page = existing_child(parent, item.slug)
        if page is None:
            page = add_published(
                parent,
                m.BriefingPage(
                    title=item.vi["title"],
                    slug=item.slug,
                    number=item.number,
                    spokesperson=briefing_data.SPOKESPERSON["vi"],
                    date=item.at,
                    summary=item.vi["summary"],
                    body=rich(*item.vi["body"]),
                    questions=item.vi["questions"],
                ),
                user=user,
                at=item.at,
            )
            created += 1
        created += translate_once(
            page, "en", pairs(item.en, item.en.values()), user=user, at=item.at
        )
    return created


def load_activities(user: User, now: datetime) -> int:
    parent = section(m.ActivityIndexPage)
    created = 0
    for item in _progress(briefing_data.activities(now), "activities"):
        page = existing_child(parent, item.slug)
        shown = min(item.starts_at - timedelta(days=3), now)
        if page is None:
            page = add_published(
                parent,
                m.ActivityPage(
                    title=item.title,
                    slug=item.slug,
                    leader=item.leader,
                    starts_at=item.starts_at,
                    ends_at=item.ends_at,
                    location=item.location,
                    date=shown,
                    summary=item.summary,
                ),
                user=user,
                at=shown,
            )
            created += 1
        created += translate_once(page, "en", pairs(item.en, item.en.values()), user=user, at=shown)
    return created


SPEECH_NOTE = (
    "Toàn văn bài phát biểu bằng tiếng Anh, ngôn ngữ được sử dụng tại phiên họp (nguồn: UN "
    "General Debate Corpus).",
    "Full text of the speech in English, the language in which it was delivered (source: UN "
    "General Debate Corpus).",
)


def load_speeches(user: User, now: datetime) -> int:
    parent = section(m.SpeechIndexPage)
    created = 0
    for speech in _progress(content.speeches(), "speeches"):
        slug = f"phat-bieu-thao-luan-chung-dhdlhq-khoa-{speech.session}"
        at = timezone.make_aware(datetime(speech.year, 9, 25, 15, 0))
        vi_title = (
            f"Phát biểu của Trưởng đoàn Việt Nam tại Phiên thảo luận chung cấp cao Khóa "
            f"{speech.session} Đại hội đồng Liên hợp quốc"
        )
        vi_summary = (
            f"Bài phát biểu của Việt Nam tại Phiên thảo luận chung Khóa {speech.session} Đại hội "
            f"đồng Liên hợp quốc năm {speech.year} tại New York."
        )
        speaker_vi = "Trưởng đoàn Việt Nam"
        place_vi = "Trụ sở Liên hợp quốc, New York"
        page = existing_child(parent, slug)
        if page is None:
            page = add_published(
                parent,
                m.SpeechPage(
                    title=vi_title,
                    slug=slug,
                    kind=SpeechKind.SPEECH,
                    speaker=speaker_vi,
                    place=place_vi,
                    date=at,
                    summary=vi_summary,
                    body=[
                        {"type": "paragraph", "value": paragraph_html(SPEECH_NOTE[0])},
                        *rich(*content.speech_paragraphs(speech.text)),
                    ],
                ),
                user=user,
                at=at,
            )
            created += 1
        strings = pairs(
            [vi_title, vi_summary, speaker_vi, place_vi, SPEECH_NOTE[0], slug],
            [
                f"Statement by the Head of the Delegation of Viet Nam at the General Debate of "
                f"the {speech.session}th Session of the UN General Assembly",
                f"Viet Nam's statement at the General Debate of the {speech.session}th Session "
                f"of the United Nations General Assembly, New York, {speech.year}.",
                "Head of the Delegation of Viet Nam",
                "United Nations Headquarters, New York",
                SPEECH_NOTE[1],
                f"general-debate-unga-{speech.session}",
            ],
        )
        created += translate_once(page, "en", strings, user=user, at=at)
    return created


def load_policies(user: User, now: datetime) -> int:
    parent = section(m.PolicyIndexPage)
    created = 0
    for k, policy in enumerate(content.POLICIES):
        at = now - timedelta(days=200 + 30 * k)
        page = existing_child(parent, policy.slug[0])
        vi = [policy.title[0], policy.summary[0], *(p[0] for p in policy.paragraphs)]
        if page is None:
            page = add_published(
                parent,
                m.PolicyPage(
                    title=policy.title[0],
                    slug=policy.slug[0],
                    topic=policy.title[0],
                    date=at,
                    summary=policy.summary[0],
                    body=rich(*(p[0] for p in policy.paragraphs)),
                ),
                user=user,
                at=at,
            )
            created += 1
        for index, language in ((1, "en"), (2, "fr")):
            target = [
                policy.title[index],
                policy.summary[index],
                *(p[index] for p in policy.paragraphs),
            ]
            strings = pairs([*vi, policy.slug[0]], [*target, policy.slug[index]])
            created += translate_once(page, language, strings, user=user, at=at)
    return created


def load_treaties(user: User) -> int:
    vi = Locale.objects.get(language_code="vi")
    known = set(m.Treaty.objects.filter(locale=vi).values_list("external_id", flat=True))
    created = 0
    for row in _progress(treaties.rows(), "treaties"):
        if row.external_id in known:
            continue
        parties_vi, parties_en = treaties.parties(row)
        treaty = m.Treaty.objects.create(
            locale=vi,
            title=treaties.vietnamese_title(row.title_en)[:255],
            kind=row.kind,
            parties=parties_vi,
            signed_on=row.signed_on,
            in_force_on=row.in_force_on,
            status=row.status,
            external_id=row.external_id,
        )
        known.add(row.external_id)
        created += 1
        strings = pairs([treaty.title, parties_vi], [row.title_en[:255], parties_en])
        created += translate_once(treaty, "en", strings, user=user)
    return created


def _mission_units() -> list[Unit]:
    return list(Unit.objects.filter(kind__in=MISSION_KINDS, active=True).order_by("code"))


def load_countries(user: User, now: datetime) -> int:
    parent = section(m.CountryIndexPage)
    units = _mission_units()
    codes = sorted({u.host_country for u in units if u.host_country})
    created = 0
    for code in _progress(codes, "countries"):
        names = {lang: places.name(code, lang) for lang in ("vi", "en", "fr")}
        slug = ascii_slug(names["vi"]) or code.lower()
        texts = places.relations(code)
        page = existing_child(parent, slug)
        if page is None:
            page = add_published(
                parent,
                m.CountryPage(
                    title=names["vi"],
                    slug=slug,
                    country_code=code,
                    summary=texts["vi"][0],
                    body=rich(texts["vi"][1]),
                ),
                user=user,
            )
            created += 1
        for language in ("en", "fr"):
            strings = pairs(
                [names["vi"], *texts["vi"], slug],
                [names[language], *texts[language], ascii_slug(names[language]) or code.lower()],
            )
            created += translate_once(page, language, strings, user=user)
        for k, unit in enumerate(u for u in units if u.host_country == code):
            created += _mission(page, unit, k, user)
    return created


def _mission(country: m.CountryPage, unit: Unit, k: int, user: User) -> int:
    slug = unit.code
    page = existing_child(country, slug)
    created = 0
    address = (
        f"{12 + 7 * k} {places.STREETS[len(unit.code) % len(places.STREETS)]}, {unit.city} (demo)"
    )
    if page is None:
        page = add_published(
            country,
            m.MissionPage(
                title=unit.name_vi,
                slug=slug,
                unit=unit,
                address=address,
                phone=f"+00 {len(unit.code):02d} {1000 + unit.pk:04d} 000 (demo)",
                email=f"{unit.code}@missions.chancery.invalid",
                hours=places.HOURS["vi"],
                consular_district=unit.city,
                services=paragraph_html(places.SERVICES["vi"]),
                body=rich(places.DEMO_NOTE["vi"]),
            ),
            user=user,
        )
        created += 1
    for language in ("en", "fr"):
        name = getattr(unit, f"name_{language}", "") or unit.name_vi
        strings = pairs(
            [unit.name_vi, places.HOURS["vi"], places.SERVICES["vi"], places.DEMO_NOTE["vi"]],
            [name, places.HOURS[language], places.SERVICES[language], places.DEMO_NOTE[language]],
        )
        created += translate_once(page, language, strings, user=user)
    return created


def _advisory_codes() -> list[str]:
    hosts = sorted({u.host_country for u in _mission_units() if u.host_country})
    wanted = [*places.EXTRA_ADVISORIES, *hosts]
    return wanted[:ADVISORIES]


def load_advisories(user: User, now: datetime) -> int:
    parent = section(m.AdvisoryIndexPage)
    created = 0
    for k, code in enumerate(_progress(_advisory_codes(), "advisories")):
        name_vi, name_en = places.name(code, "vi"), places.name(code, "en")
        slug = f"khuyen-cao-{ascii_slug(name_vi) or code.lower()}"
        final_level = places.LEVELS.get(code, AdvisoryLevel.NORMAL)
        # A few advisories get two or three later updates; the first edition is a level lower
        # when a later major update raised it.
        updates = places.UPDATES[: 2 + k % 2] if k % 4 == 0 else ()
        raised = any(kind == "major" for kind, *_ in updates)
        levels = list(AdvisoryLevel.values)
        first_level = levels[max(0, levels.index(final_level) - 1)] if raised else final_level
        sections = places.sections(code, final_level, 3 + k % 3)
        summary_vi, summary_en = places.SUMMARY[AdvisoryLevel(final_level)]
        first_at = now - timedelta(days=120 - 3 * k)
        title_vi = f"Khuyến cáo đi lại: {name_vi}"
        page = existing_child(parent, slug)
        if page is None:
            page = add_published(
                parent,
                m.AdvisoryPage(
                    title=title_vi,
                    slug=slug,
                    country_code=code,
                    level=first_level,
                    summary=summary_vi,
                    sections=[
                        {
                            "type": "section",
                            "value": {"title": s.vi_title, "body": paragraph_html(s.vi)},
                        }
                        for s in sections
                    ],
                    update_kind=UpdateKind.MAJOR,
                    change_note="Bản khuyến cáo đầu tiên (dữ liệu minh họa).",
                ),
                user=user,
                at=first_at,
            )
            _date_update(page, first_at)
            created += 1
            for step, (kind, note_vi, _note_en) in enumerate(updates, start=1):
                page.update_kind = kind
                page.change_note = note_vi
                if kind == "major":
                    page.level = final_level
                revision = page.save_revision(user=user)
                publish(revision, user)
                _date_update(page, first_at + timedelta(days=20 * step), revision)
                created += 1
            page.refresh_from_db()
        strings = pairs(
            [
                title_vi,
                summary_vi,
                page.change_note,
                *(s.vi_title for s in sections),
                *(s.vi for s in sections),
                slug,
            ],
            [
                f"Travel advice: {name_en}",
                summary_en,
                _english_note(page.change_note),
                *(s.en_title for s in sections),
                *(s.en for s in sections),
                f"travel-advice-{ascii_slug(name_en) or code.lower()}",
            ],
        )
        created += translate_once(page, "en", strings, user=user)
    return created


def _english_note(note_vi: str) -> str:
    for _kind, vi, en in places.UPDATES:
        if vi == note_vi:
            return en
    return "First edition (demo data)."


def _date_update(page: m.AdvisoryPage, at: datetime, revision: Revision | None = None) -> None:
    """Date the edition just published (its revision and its recorded update) back to ``at``."""
    revision = revision or page.latest_revision
    if revision is None:
        return
    Revision.objects.filter(pk=revision.pk).update(created_at=at)
    m.AdvisoryUpdate.objects.filter(revision_id=revision.pk).update(published_at=at)
    m.AdvisoryPage.objects.filter(pk=page.pk).update(last_published_at=at)


def load_services(user: User, now: datetime) -> int:
    from chancery.eservices.service import seeded_procedures as procedures

    parent = section(m.ServiceIndexPage)
    created = 0
    for procedure in procedures():
        names = procedure["name"]
        slug = procedure["slug"]
        summary = {
            "vi": f"Thông tin về thủ tục {names['vi'].lower()}: hồ sơ, lệ phí, thời hạn và cách "
            "nộp trực tuyến.",
            "en": f"{names['en']}: documents, fee, time limit and how to apply online.",
            "fr": f"{names['fr']} : pièces, frais, délai et demande en ligne.",
        }
        body = {
            "vi": (
                "Lệ phí, thời hạn giải quyết và thành phần hồ sơ được lấy từ Cơ sở dữ liệu thủ "
                "tục hành chính và hiển thị bên dưới.",
                "Công dân có thể nộp hồ sơ trực tuyến trên Cổng dịch vụ công của Bộ Ngoại giao "
                "hoặc trực tiếp tại cơ quan có thẩm quyền.",
            ),
            "en": (
                "The fee, time limit and documents required come from the catalogue of "
                "administrative procedures and are shown below.",
                "Applications may be made online on the Ministry's public-service portal or in "
                "person at the competent office.",
            ),
            "fr": (
                "Les frais, le délai et les pièces à fournir proviennent du catalogue des "
                "procédures administratives et sont indiqués ci-dessous.",
                "La demande peut être faite en ligne sur le portail des services publics du "
                "Ministère ou sur place.",
            ),
        }
        page = existing_child(parent, slug)
        if page is None:
            page = add_published(
                parent,
                m.ServiceInfoPage(
                    title=names["vi"],
                    slug=slug,
                    procedure_code=procedure["code"],
                    summary=summary["vi"],
                    body=rich(*body["vi"]),
                ),
                user=user,
            )
            created += 1
        for language in ("en", "fr"):
            strings = pairs(
                [names["vi"], summary["vi"], *body["vi"]],
                [names[language], summary[language], *body[language]],
            )
            created += translate_once(page, language, strings, user=user)
    created += _hotlines(parent, user)
    return created


def _hotlines(parent: m.ServiceIndexPage, user: User) -> int:
    slug = "duong-day-nong-bao-ho-cong-dan"
    intro_vi = (
        "Công dân Việt Nam gặp nạn ở nước ngoài gọi đường dây nóng bảo hộ công dân của khu vực "
        "hoặc của cơ quan đại diện gần nhất. Các số dưới đây là số minh họa (dữ liệu demo)."
    )
    intro_en = (
        "Vietnamese citizens in distress abroad should call the citizen-protection hotline of "
        "their region or of the nearest mission. The numbers below are demo numbers."
    )
    title_vi, title_en = "Đường dây nóng bảo hộ công dân", "Citizen-protection hotlines"
    note_vi = "Chỉ dành cho trường hợp khẩn cấp."
    note_en = "For emergencies only."
    created = 0
    page = existing_child(parent, slug)
    if page is None:
        page = add_published(
            parent,
            m.HotlinePage(
                title=title_vi,
                slug=slug,
                intro=paragraph_html(intro_vi),
                hotlines=[
                    {
                        "type": "hotline",
                        "value": {
                            "region": region_vi,
                            "phone": phone,
                            "email": f"baohocongdan.{k}@chancery.invalid",
                            "hours": hours,
                            "note": note_vi,
                        },
                    }
                    for k, (region_vi, _en, phone, hours) in enumerate(content.HOTLINES)
                ],
            ),
            user=user,
        )
        created += 1
    strings = pairs(
        [title_vi, intro_vi, note_vi, slug, *(h[0] for h in content.HOTLINES)],
        [
            title_en,
            intro_en,
            note_en,
            "citizen-protection-hotlines",
            *(h[1] for h in content.HOTLINES),
        ],
    )
    created += translate_once(page, "en", strings, user=user)
    return created


def _others() -> int:
    """Set-up owned by other portal areas, when they exist: question topics, workflows (and
    the demo editor in every section's editors group)."""
    created = 0
    try:
        from chancery.portal import questions
    except ImportError:  # pragma: no cover - the area is not there yet
        questions = None  # type: ignore[assignment]
    if questions is not None and hasattr(questions, "ensure_topics"):
        questions.ensure_topics()
    try:
        from chancery.portal import workflows
    except ImportError:  # pragma: no cover
        workflows = None  # type: ignore[assignment]
    if workflows is not None and hasattr(workflows, "ensure_workflows"):
        editor = User.objects.get(username=EDITOR)
        for made in workflows.ensure_workflows():
            if not made.editors.user_set.filter(pk=editor.pk).exists():
                made.editors.user_set.add(editor)
                created += 1
    return created


STEPS: tuple[tuple[str, Callable[[User, datetime], int]], ...] = (
    ("news", load_news),
    ("briefings", load_briefings),
    ("activities", load_activities),
    ("speeches", load_speeches),
    ("policy", load_policies),
    ("treaties", lambda user, _now: load_treaties(user)),
    ("countries", load_countries),
    ("advisories", load_advisories),
    ("services", load_services),
)


@transaction.atomic
def load_portal_demo() -> int:
    """Create whatever part of the portal's demo content is missing; return how many pages,
    translations, treaties and updates were created (0 on a second run)."""
    ensure_site()
    user, created = ensure_editor()
    now = timezone.now().replace(second=0, microsecond=0)
    common.TOUCHED.clear()
    with _bulk_indexing():
        steps = tqdm(STEPS, desc="Portal demo", leave=False, disable=None)
        for name, step in steps:
            steps.set_postfix_str(name)
            created += step(user, now)
    for instance in _progress(common.TOUCHED, "search index"):
        search_index.insert_or_update_object(instance)
    common.TOUCHED.clear()
    created += _others()
    return created


@contextmanager
def _bulk_indexing() -> Iterator[None]:
    """Index each new page once at the end rather than on each of its four saves (add,
    revision, publish, translation), and leave Wagtail's reference index (the "usage" counts
    of images and snippets, which demo pages do not use) alone: the load takes a third of
    the time. ``wagtail rebuild_references_index`` fills the latter if wanted."""
    backends = {
        name: {**params, "AUTO_UPDATE": False}
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with disable_reference_index_auto_update(), override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield
