"""Sign-in: the password step, the MFA steps (and first enrolment), sign-out.

Every step re-derives where the visitor stands from the session (``core.signin``), so a step
reached out of order sends them to the one they owe instead of trusting the URL.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from chancery.core import signin
from chancery.core.actions import mfa
from chancery.core.actions import signin as signin_actions
from chancery.core.forms.identity import CodeForm, CodeOrRecoveryForm, PasswordStepForm
from chancery.core.models import User
from chancery.core.signin import Step
from chancery.core.views.account import with_language
from chancery.core.views.mfa_pages import totp_enrolment_context

INVALID_CODE = gettext_lazy("That code is not valid. Each code can be used only once.")
FAILED = gettext_lazy("Sign-in failed. Check your username and password and try again.")


def advance(request: HttpRequest, user: User) -> HttpResponseBase:
    """Go to the next step the user owes, or finish signing in."""
    step = signin.next_step(user, signin.factors_done(request))
    if step is not None:
        return redirect(str(step))
    return with_language(redirect(signin_actions.complete(request, user)), user.language)


def current_step_user(
    request: HttpRequest, *allowed: Step
) -> tuple[User | None, HttpResponseBase | None]:
    """The signing-in user if one of ``allowed`` is their step, else where to send them."""
    user = signin.pending_user(request)
    if user is None:
        return None, redirect("core:login")
    if signin_actions.is_locked(user):
        signin.abandon(request)
        messages.error(request, _("Too many failed attempts. Please try again later."))
        return None, redirect("core:login")
    if signin.next_step(user, signin.factors_done(request)) not in allowed:
        return None, advance(request, user)
    return user, None


def count_failure(request: HttpRequest, user: User, factor: str) -> bool:
    """Count a wrong code or key; True if the sign-in is now over (the username got locked)."""
    if signin_actions.second_factor_failed(request, user, factor):
        messages.error(request, _("Too many failed attempts. Please try again later."))
        return True
    return False


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponseBase:
    if signin.is_verified(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = PasswordStepForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = signin_actions.attempt_password(request, data["username"], data["password"])
        if user is not None:
            signin.begin(request, user, signin.safe_next(request, next_url))
            return advance(request, user)
        form.add_error(None, FAILED)
    return render(request, "core/signin/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_totp(request: HttpRequest) -> HttpResponseBase:
    user, elsewhere = current_step_user(request, Step.TOTP)
    if user is None:
        return elsewhere or redirect("core:login")
    form = CodeOrRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.verify_code_or_recovery(user, form.cleaned_data["code"], request):
            signin.mark_done(request, "totp")
            left = mfa.recovery_codes_left(user)
            if left <= 3:
                messages.warning(
                    request,
                    _("You have %(left)d recovery codes left. Generate new ones in your settings.")
                    % {"left": left},
                )
            return advance(request, user)
        if count_failure(request, user, "totp"):
            return redirect("core:login")
        form.add_error("code", INVALID_CODE)
    has_keys = user.webauthn_credentials.exists()
    return render(request, "core/signin/totp.html", {"form": form, "has_keys": has_keys})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_enrol_totp(request: HttpRequest) -> HttpResponseBase:
    user, elsewhere = current_step_user(request, Step.ENROL_TOTP)
    if user is None:
        return elsewhere or redirect("core:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_totp(user, form.cleaned_data["code"], request)
        if codes is not None:
            signin.mark_done(request, "totp")
            return render(
                request,
                "core/signin/recovery_codes.html",
                {"codes": codes, "continue_url": "core:login_continue"},
            )
        form.add_error("code", _("That code is not valid. Check the time on your phone."))
    context = totp_enrolment_context(user, form)
    return render(request, "core/signin/enrol_totp.html", context)


@require_POST
@csrf_protect
@never_cache
def login_continue(request: HttpRequest) -> HttpResponseBase:
    """After the recovery codes were shown: the next step, or the workspace."""
    user = signin.pending_user(request)
    if user is None:
        return redirect("core:login")
    return advance(request, user)


@require_POST
@csrf_protect
def logout(request: HttpRequest) -> HttpResponse:
    signin_actions.sign_out(request)
    messages.success(request, _("You have signed out."))
    return redirect("core:login")
