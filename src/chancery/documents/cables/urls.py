"""The cables workspace, mounted at ``/cables/``; each area brings its own routes."""

from __future__ import annotations

from chancery.documents.cables.views import archive, compose, delivery, reports

app_name = "cables"

urlpatterns = [
    *delivery.urlpatterns,
    *compose.urlpatterns,
    *archive.urlpatterns,
    *reports.urlpatterns,
]
