"""Exchange routes: ``/exchange/v1/…`` for peers (signed requests), ``/exchange/`` for staff."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "exchange"

urlpatterns: list[URLPattern] = []
