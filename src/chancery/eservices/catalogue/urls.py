"""Routes of the catalogue area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.catalogue import staff_views, views

public: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("procedures/<slug:slug>/", views.procedure, name="procedure"),
    path(
        "procedures/<slug:slug>/versions/<int:number>/",
        views.procedure_version,
        name="procedure_version",
    ),
]
staff: list[URLPattern | URLResolver] = [
    path("catalogue/", staff_views.catalogue, name="catalogue"),
    path("catalogue/versions/<int:pk>/", staff_views.version_detail, name="catalogue_version"),
    path(
        "catalogue/procedures/<int:pk>/new-version/",
        staff_views.version_new,
        name="catalogue_version_new",
    ),
    path(
        "catalogue/versions/<int:pk>/edit/",
        staff_views.version_edit,
        name="catalogue_version_edit",
    ),
    path(
        "catalogue/versions/<int:pk>/publish/",
        staff_views.version_publish,
        name="catalogue_version_publish",
    ),
    path("catalogue/export.<str:fmt>", staff_views.export, name="catalogue_export"),
    path("catalogue/import/", staff_views.import_view, name="catalogue_import"),
]
