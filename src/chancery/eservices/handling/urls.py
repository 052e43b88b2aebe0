"""Routes of the handling area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chancery.eservices.handling import counter, views

public: list[URLPattern | URLResolver] = []
staff: list[URLPattern | URLResolver] = [
    path("", views.queue_view, name="queue"),
    path("dossiers/<int:pk>/", views.dossier_view, name="dossier"),
    path("dossiers/<int:pk>/act/<slug:action>/", views.dossier_action, name="dossier_action"),
    path("dossiers/<int:pk>/files/<int:file_pk>/", views.dossier_file, name="dossier_file"),
    path("dossiers/<int:pk>/apology.pdf", views.dossier_apology_pdf, name="dossier_apology_pdf"),
    path("counter/", counter.counter_start, name="counter_start"),
    path("counter/<int:pk>/", counter.counter_draft, name="counter_draft"),
]
