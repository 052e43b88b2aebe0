"""The staff workspace of the e-services, mounted at ``/eservices/``."""

from __future__ import annotations

from chancery.eservices.urls_public import AREAS

app_name = "eservices"
urlpatterns = [pattern for area in AREAS for pattern in area.staff]
