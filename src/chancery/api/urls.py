"""Mounted at ``/api/v1/`` by the project's URLconf; URL names live in Ninja's namespace
(``api-1.0.0:openapi-json``, ``api-1.0.0:openapi-view`` ...)."""

from django.urls import path

from chancery.api.api import api

urlpatterns = [path("", api.urls)]
