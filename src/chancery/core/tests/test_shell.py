"""The staff shell: navigation by role, classification banners, language switcher."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from chancery.core import navigation
from chancery.core.actions.notifications import notify
from chancery.core.constants import Clearance, Role
from chancery.core.models import User
from chancery.core.shell import classify
from chancery.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def temporary_entries() -> Iterator[None]:
    saved = dict(navigation._registry)
    yield
    navigation._registry.clear()
    navigation._registry.update(saved)


def _names(user: User) -> list[str]:
    return [item.url_name for item in navigation.items_for(user)]


def test_staff_see_common_entries_but_not_administration() -> None:
    names = _names(UserFactory(roles=[Role.SPECIALIST.value]))

    assert names[0] == "core:home"
    assert "core:notifications" in names
    assert "admin:index" not in names


def test_administrators_also_see_administration() -> None:
    assert "admin:index" in _names(UserFactory(roles=[Role.ADMIN.value], is_staff=True))
    assert "core:audit-log" in _names(UserFactory(roles=[Role.ADMIN.value], is_staff=True))


def test_the_admin_site_entry_needs_an_admin_site_account() -> None:
    names = _names(UserFactory(roles=[Role.ADMIN.value], is_staff=False))

    assert "admin:index" not in names
    assert "core:audit-log" in names


def test_entries_whose_route_does_not_exist_yet_are_skipped(temporary_entries: None) -> None:
    navigation.register(navigation.NavEntry("Nowhere", "core:not-built-yet", order=1))

    assert "core:not-built-yet" not in _names(UserFactory())


def test_entries_come_in_their_order(temporary_entries: None) -> None:
    navigation.register(navigation.NavEntry("First", "core:notifications", order=-5))

    assert _names(UserFactory())[0] == "core:notifications"


def test_anonymous_visitors_get_no_navigation() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert navigation.items_for(AnonymousUser()) == []


def _render_page(level: int | None, language: str) -> str:
    request = RequestFactory().get("/")
    request.user = UserFactory()
    if level is not None:
        classify(request, Clearance.CONFIDENTIAL)
        classify(request, level)
        classify(request, Clearance.UNCLASSIFIED)
    with translation.override(language):
        return render_to_string("base.html", request=request)


def test_a_page_showing_secret_data_carries_the_highest_level_top_and_bottom() -> None:
    html = _render_page(Clearance.SECRET, "vi")

    assert html.count('class="chancery-classification__text">TỐI MẬT</p>') == 2
    assert "chancery-classification--top" in html
    assert "chancery-classification--bottom" in html


def test_the_banner_speaks_the_readers_language_besides_the_marking() -> None:
    assert "TUYỆT MẬT / TOP SECRET" in _render_page(Clearance.TOP_SECRET, "en")
    assert "TỐI MẬT / SECRET" in _render_page(Clearance.SECRET, "fr")
    assert "MẬT / CONFIDENTIEL" in _render_page(Clearance.CONFIDENTIAL, "fr")


def test_an_unclassified_page_has_no_banner() -> None:
    assert "chancery-classification" not in _render_page(None, "vi")


def test_every_page_starts_with_a_skip_link_to_the_main_content(client: Client) -> None:
    html = client.get(reverse("core:login")).content.decode()

    assert html.index('class="usa-skipnav" href="#main-content"') < html.index("<header")
    assert 'id="main-content"' in html


def test_the_language_switcher_works_without_javascript(client: Client) -> None:
    html = client.get(reverse("core:login")).content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    for code, label in (("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")):
        assert f'name="language" value="{code}" lang="{code}"' in html
        assert f">{label}</button>" in html

    response = client.post("/i18n/setlang/", {"language": "fr", "next": reverse("core:login")})

    assert response.status_code == 302
    assert '<html lang="fr">' in client.get(response["Location"]).content.decode()


def test_the_sign_out_is_a_form_not_a_link(client: Client) -> None:
    client.force_login(UserFactory())

    html = client.get(reverse("core:home")).content.decode()

    assert f'<form method="post" action="{reverse("core:logout")}">' in html


def test_a_delegate_acting_for_an_administrator_sees_the_administrators_entries() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from chancery.core.models import Delegation

    administrator = UserFactory(roles=[Role.ADMIN.value])
    delegate = UserFactory()
    today = timezone.localdate()
    Delegation.objects.create(
        principal=administrator, delegate=delegate, start=today, end=today + timedelta(days=3)
    )

    assert "core:audit-log" in _names(delegate)


def test_the_workspace_page_makes_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    me = UserFactory(roles=[Role.ADMIN.value])
    for title in ("One", "Two", "Three", "Four", "Five", "Six"):
        notify(me, "test.info", title, email=False)
    client.force_login(me)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("core:home"))

    assert response.status_code == 200
