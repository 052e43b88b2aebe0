"""Routes of the stats area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.stats import rating_views, views

public: list[URLPattern | URLResolver] = [
    path("my/<int:pk>/rate/", rating_views.rate_view, name="rate"),
]
staff: list[URLPattern | URLResolver] = [
    path("stats/", views.stats_page, name="stats"),
    path("stats/export.csv", views.stats_csv, name="stats_csv"),
]
