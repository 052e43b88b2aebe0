"""The portal's additions to the CMS (Wagtail finds this module by name)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from chancery.portal.checks import content_problems


def warn_about_content(request: HttpRequest, page: Any) -> None:
    """After an editor saves or publishes a page: a warning listing what to fix (missing
    alternative text, skipped heading levels, empty summary). It never blocks the save."""
    problems = content_problems(page.specific)
    if not problems:
        return
    items = format_html_join("", "<li>{}</li>", ((problem,) for problem in problems))
    messages.warning(
        request,
        format_html("{}<ul>{}</ul>", _("Please check this page before readers see it:"), items),
    )


hooks.register("after_create_page", warn_about_content)
hooks.register("after_edit_page", warn_about_content)


# -- Dissemination (docs/portal-dissemination.md) ---------------------------------------------


def dissemination_urls() -> list[Any]:
    """The page's Dissemination view and its "Retry now" (under /cms/, editors only)."""
    from django.urls import path

    from chancery.portal.views import dissemination

    return [
        path(
            "portal/pages/<int:page_id>/dissemination/",
            dissemination.dissemination,
            name="portal_dissemination",
        ),
        path(
            "portal/pages/<int:page_id>/dissemination/<int:step_id>/retry/",
            dissemination.retry,
            name="portal_dissemination_retry",
        ),
    ]


def _dissemination_button(page: Any, user: Any, priority: int) -> Any:
    from django.urls import reverse
    from wagtail.admin.widgets.button import Button

    return Button(
        _("Dissemination"),
        reverse("portal_dissemination", args=[page.pk]),
        icon_name="globe",
        priority=priority,
    )


def _may_see_dissemination(page: Any, user: Any) -> bool:
    """Pages published at least once, for users who may edit them (as the view checks)."""
    return bool(page.first_published_at) and page.permissions_for_user(user).can_edit()


def dissemination_header_button(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> Any:
    """In the page's header menu (edit view, explorer): "Dissemination"."""
    if not page.is_root() and _may_see_dissemination(page, user):
        yield _dissemination_button(page, user, priority=66)


def dissemination_listing_button(page: Any, user: Any, next_url: str | None = None) -> Any:
    """In the "More" menu of each page in the explorer's listing: "Dissemination"."""
    if not page.is_root() and _may_see_dissemination(page, user):
        yield _dissemination_button(page, user, priority=55)


hooks.register("register_admin_urls", dissemination_urls)
hooks.register("register_page_header_buttons", dissemination_header_button)
hooks.register("register_page_listing_more_buttons", dissemination_listing_button)


# -- Social-network accounts (docs/portal-dissemination.md) -----------------------------------


def social_urls() -> list[Any]:
    """Settings, "Social networks": the accounts, and connecting X (administrators only)."""
    from django.urls import path

    from chancery.portal.views import social

    return [
        path("portal/social/", social.social, name="portal_social"),
        path("portal/social/x/connect/", social.x_connect, name="portal_social_x_connect"),
        path("portal/social/x/callback/", social.x_callback, name="portal_social_x_callback"),
        path(
            "portal/social/x/disconnect/",
            social.x_disconnect,
            name="portal_social_x_disconnect",
        ),
    ]


class _SocialMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        from chancery.portal.views.social import may_manage_accounts

        return may_manage_accounts(request.user)


def social_menu_item() -> MenuItem:
    from django.urls import reverse

    return _SocialMenuItem(
        _("Social networks"), reverse("portal_social"), icon_name="globe", order=900
    )


hooks.register("register_admin_urls", social_urls)
hooks.register("register_settings_menu_item", social_menu_item)
