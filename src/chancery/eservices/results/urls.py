"""Routes of the results area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.results import views

public: list[URLPattern | URLResolver] = [
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<str:number>/", views.certificate, name="certificate"),
    path("dossiers/<int:pk>/result/", views.result, name="result"),
]
staff: list[URLPattern | URLResolver] = [
    path("dossiers/<int:pk>/result/", views.issue_result, name="issue_result"),
    path("dossiers/<int:pk>/result/preview/", views.result_preview, name="result_preview"),
    path("dossiers/<int:pk>/result/posting/", views.record_posting, name="record_posting"),
    path("certificates/<int:pk>/revoke/", views.revoke_certificate, name="revoke_certificate"),
]
