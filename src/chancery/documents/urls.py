"""The documents workspace, mounted at ``/documents/``; each area brings its own routes."""

from __future__ import annotations

from django.urls import path

from chancery.documents.views import (
    detail,
    drafting,
    files,
    handling,
    intake,
    records,
    reports,
    search,
)

app_name = "documents"

urlpatterns = [
    path("<uuid:pk>/", detail.document_detail, name="detail"),
    *handling.urlpatterns,
    *files.urlpatterns,
    *intake.urlpatterns,
    *drafting.urlpatterns,
    *search.urlpatterns,
    *records.urlpatterns,
    *reports.urlpatterns,
]
