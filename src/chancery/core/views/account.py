"""My account: profile (name, language) and password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from chancery.core.actions import account
from chancery.core.forms.identity import PasswordChangeForm, ProfileForm
from chancery.core.models import User


def with_language(response: HttpResponseBase, language: str) -> HttpResponseBase:
    """Make ``language`` the interface language from the next page on (Django's cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def profile(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=me.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account.update_profile(me, data["full_name"], data["language"], request)
        messages.success(request, _("Your profile has been saved."))
        return with_language(redirect("core:profile"), me.language)
    return render(request, "core/account/profile.html", {"form": form, "me": me})


@sensitive_post_parameters("current_password", "new_password", "confirm_password")
@login_required
def password(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = PasswordChangeForm(me, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account.change_password(me, data["current_password"], data["new_password"], request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Keep this session (others end) and give it a new key after the change.
            update_session_auth_hash(request, me)
            messages.success(request, _("Your password has been changed."))
            return redirect("core:password")
    return render(request, "core/account/password.html", {"form": form})
