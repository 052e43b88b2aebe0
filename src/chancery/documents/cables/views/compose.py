"""Cable workspace pages: compose (routes assembled by ``cables/urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
