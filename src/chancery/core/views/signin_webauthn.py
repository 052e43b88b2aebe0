"""Sign-in steps with a security key: the assertion, and first registration for cleared staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from chancery.core import signin
from chancery.core.actions import webauthn as webauthn_actions
from chancery.core.forms.identity import AssertionForm, SecurityKeyForm
from chancery.core.signin import Step
from chancery.core.views.mfa_pages import webauthn_context
from chancery.core.views.signin import advance, count_failure, current_step_user


@csrf_protect
@never_cache
def login_webauthn(request: HttpRequest) -> HttpResponseBase:
    # Staff without a required key may still choose a key they registered over the app code.
    user, elsewhere = current_step_user(request, Step.WEBAUTHN, Step.TOTP)
    if user is None:
        return elsewhere or redirect("core:login")
    if not user.webauthn_credentials.exists():
        return advance(request, user)
    form = AssertionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["credential"]
        if webauthn_actions.verify_security_key(request, user, raw):
            signin.mark_done(request, "webauthn")
            return advance(request, user)
        if count_failure(request, user, "webauthn"):
            return redirect("core:login")
        form.add_error(None, _("The security key was not accepted. Please try again."))
    context = {"form": form, **webauthn_context(request, user, "authenticate")}
    context["may_use_app"] = not signin.requires_webauthn(user)
    return render(request, "core/signin/webauthn.html", context)


@csrf_protect
@never_cache
def login_enrol_webauthn(request: HttpRequest) -> HttpResponseBase:
    user, elsewhere = current_step_user(request, Step.ENROL_WEBAUTHN)
    if user is None:
        return elsewhere or redirect("core:login")
    form = SecurityKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webauthn_actions.register_security_key(
                request, user, form.cleaned_data["credential"], form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            signin.mark_done(request, "webauthn")
            return advance(request, user)
    context = {"form": form, **webauthn_context(request, user, "register")}
    return render(request, "core/signin/enrol_webauthn.html", context)
