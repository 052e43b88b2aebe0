"""The project's URLs plus the benchmark baseline: a view that does nothing.

The project's patterns are spread in, not included: they hold the portal's i18n_patterns,
which Django allows only in the root URLconf."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from chancery.urls import handler404
from chancery.urls import urlpatterns as chancery_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The whole middleware stack and an empty view: what any page costs at least."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    *chancery_urlpatterns,
]

__all__ = ["handler404", "urlpatterns"]
