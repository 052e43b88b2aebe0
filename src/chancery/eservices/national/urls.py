"""Routes of the national area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.national import views

public: list[URLPattern | URLResolver] = []
staff: list[URLPattern | URLResolver] = [
    path("national/", views.overview, name="national"),
    path("national/records/<int:pk>/retry/", views.retry, name="national_retry"),
    path("dossiers/<int:pk>/national-sync/", views.sync_log, name="sync_log"),
]
