"""Language selection for a site where only some pages carry a language prefix.

Django's ``LocaleMiddleware`` answers a 404 on an unprefixed path by redirecting to the same
path under the language prefix whenever that path resolves there. The portal's pages resolve
under any prefix (Wagtail's catch-all), so every 404 of the workspace (``/documents/999/``)
would become a redirect to ``/vi/documents/999/``: a denied object must stay a 404."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_path


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", get_language())
        return response
