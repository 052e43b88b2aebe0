"""The CMS is for editors and administrators, and speaks Vietnamese: the strings Wagtail's
own Vietnamese catalogue lacks are shipped by Chancery."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from chancery.core.constants import Role
from chancery.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(roles: list[str]) -> Client:
    client = Client()
    client.force_login(UserFactory(roles=roles))
    return client


def test_an_editor_enters_the_cms_and_a_clerk_is_refused(site: Any) -> None:
    assert _client([Role.EDITOR.value]).get("/cms/").status_code == 200
    assert _client([Role.CLERK.value]).get("/cms/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_staff_sign_in(site: Any) -> None:
    response = Client().get("/cms/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_cms_speaks_vietnamese_where_wagtail_does_not(site: Any) -> None:
    # Given strings of Wagtail's admin that its own Vietnamese catalogue leaves untranslated
    with translation.override("vi"):
        assert translation.gettext("Aging pages") != "Aging pages"
        assert translation.gettext("Workflows") != "Workflows"
    # When an editor whose language is Vietnamese opens the CMS's pages explorer
    client = _client([Role.EDITOR.value])
    response = client.get("/cms/pages/", headers={"accept-language": "vi"}, follow=True)
    page = response.content.decode()
    # Then its interface is in Vietnamese
    assert 'lang="vi"' in page
