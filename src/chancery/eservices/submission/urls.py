"""Routes of the submission area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.submission import views, views_dossiers

public: list[URLPattern | URLResolver] = [
    path("track/", views_dossiers.track, name="track"),
    path("my/", views_dossiers.my_dossiers, name="my_dossiers"),
    path("apply/<slug:slug>/", views.apply, name="apply"),
    path("my/<int:pk>/", views_dossiers.dossier, name="dossier"),
    path("my/<int:pk>/withdraw/", views_dossiers.withdraw, name="dossier_withdraw"),
    path("my/<int:pk>/supplement/", views_dossiers.respond, name="dossier_respond"),
    path("my/<int:pk>/draft/", views.draft, name="draft"),
    path("my/<int:pk>/draft/upload/", views.draft_upload, name="draft_upload"),
    path(
        "my/<int:pk>/draft/files/<int:file_pk>/remove/",
        views.draft_remove_file,
        name="draft_remove_file",
    ),
    path("my/<int:pk>/submit/", views.submit, name="submit"),
    path("my/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("resume/<str:token>/", views.resume, name="resume"),
]
staff: list[URLPattern | URLResolver] = []
