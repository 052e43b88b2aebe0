"""Exchange routes: ``/exchange/v1/…`` for peers (signed requests), ``/exchange/`` for staff."""

from __future__ import annotations

from django.urls import URLPattern, path

from chancery.exchange import views

app_name = "exchange"

urlpatterns: list[URLPattern] = [
    path("v1/messages", views.receive_messages, name="messages"),
    path("", views.status, name="status"),
    path("peers/<slug:code>/push/", views.push_now, name="push"),
]
