"""Routes of the forms area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.forms import views

public: list[URLPattern | URLResolver] = []
staff: list[URLPattern | URLResolver] = [
    path("catalogue/versions/<int:pk>/form/", views.form_editor, name="form_editor"),
    path("catalogue/versions/<int:pk>/form/preview/", views.form_preview, name="form_preview"),
]
