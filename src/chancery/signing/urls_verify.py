"""The public verification page, mounted at ``/verify/`` (listed in the public path prefixes)."""

from __future__ import annotations

from django.urls import path

from chancery.signing.views import public

app_name = "verify"

urlpatterns = [
    path("", public.verify_index, name="index"),
    path("<str:code>/", public.verify_code, name="code"),
]
