"""Every staff page needs a fully verified sign-in (password and MFA) and a live session.

Public paths (static files, health, the API with its own authentication, the language switch)
and the sign-in pages themselves pass through. Anyone else is sent to the step they owe: the
sign-in page, or the next MFA step of a sign-in in progress. A session that was authenticated
some other way (Django admin's own login form, for instance) is logged out, because it never
went through MFA. Idle and absolute timeouts end the session with a message on the sign-in page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from chancery.core import signin

# A request within this many seconds of the last recorded one does not rewrite the session.
_TOUCH_GRANULARITY = 30

SIGNIN_URL_NAMES = (
    "core:login",
    "core:logout",
    "core:login_totp",
    "core:login_webauthn",
    "core:login_enrol_totp",
    "core:login_enrol_webauthn",
    "core:login_continue",
)


class StaffAccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    @cached_property
    def _open_prefixes(self) -> tuple[str, ...]:
        return tuple(settings.CHANCERY_PUBLIC_PATH_PREFIXES)

    @cached_property
    def _signin_paths(self) -> frozenset[str]:
        return frozenset(reverse(name) for name in SIGNIN_URL_NAMES)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        is_open = path in self._signin_paths or path.startswith(self._open_prefixes)
        if is_open and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # A visitor without a session on an open page: nothing to check, and not touching
            # the session keeps "Vary: Cookie" off public pages that caches share.
            return self.get_response(request)
        if request.user.is_authenticated:
            problem = self._session_problem(request)
            if problem is None:
                return self.get_response(request)
            self._end_session(request, problem)
            if problem != "unverified":
                return redirect("core:login")
        if is_open:
            return self.get_response(request)
        step = signin.pending_next_step(request)
        if step is not None:
            return redirect(str(step))
        # django-htmx runs after this middleware, so read its header directly.
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("core:login")
            return response
        return redirect_to_login(request.get_full_path())

    def _session_problem(self, request: HttpRequest) -> str | None:
        if not signin.is_verified(request):
            return "unverified"
        now = time.time()
        session = request.session
        if now - float(session[signin.LOGIN_AT]) > settings.SESSION_COOKIE_AGE:
            return "absolute"
        seen = float(session.get(signin.SEEN_AT, 0))
        if now - seen > settings.CHANCERY_SESSION_IDLE_SECONDS:
            return "idle"
        if now - seen > _TOUCH_GRANULARITY:
            session[signin.SEEN_AT] = now
        return None

    def _end_session(self, request: HttpRequest, problem: str) -> None:
        from chancery.core.actions.signin import end_session

        end_session(request, reason=problem)
        if problem == "idle":
            messages.info(request, gettext("You were signed out after a period of inactivity."))
        elif problem == "absolute":
            messages.info(
                request,
                gettext("Your session reached its maximum length. Please sign in again."),
            )
