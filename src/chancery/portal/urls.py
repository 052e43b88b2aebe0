"""The portal's own public routes, under the language prefix (beside Wagtail's pages).

Their first path segments are reserved: no page under a home page may take them as a slug."""

from __future__ import annotations

from django.urls import path

from chancery.portal.views import advisories, feeds, public, search

app_name = "portal"

urlpatterns = [
    path("search/", search.portal_search, name="search"),
    path("feeds/<slug:section>.atom", feeds.section_feed, name="feed"),
    path(
        "feeds/advisories/<str:country_code>.atom", advisories.advisory_feed, name="advisory_feed"
    ),
    path("feeds/activities.ics", feeds.activities_ical, name="activities_ical"),
    path("ask/", public.ask, name="ask"),
    path("ask/sent/", public.ask_sent, name="ask_sent"),
    path("subscribe/", public.subscribe, name="subscribe"),
    path("subscribe/sent/", public.subscribe_sent, name="subscribe_sent"),
    path(
        "subscriptions/<str:token>/confirm/",
        public.subscription_confirm,
        name="subscription_confirm",
    ),
    path(
        "subscriptions/<str:token>/unsubscribe/",
        public.subscription_unsubscribe,
        name="subscription_unsubscribe",
    ),
]

RESERVED_SLUGS = frozenset({"search", "feeds", "ask", "subscribe", "subscriptions"})
