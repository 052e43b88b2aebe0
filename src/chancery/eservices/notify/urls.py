"""Routes of the notify area: ``public`` under /services/, ``staff`` under /eservices/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

public: list[URLPattern | URLResolver] = []
staff: list[URLPattern | URLResolver] = []
