"""My two-factor settings: the authenticator app, recovery codes, security keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from chancery.core import signin
from chancery.core.actions import mfa
from chancery.core.actions import webauthn as webauthn_actions
from chancery.core.actions.signin import second_factor_failed
from chancery.core.forms.identity import CodeForm, SecurityKeyForm, TotpResetForm
from chancery.core.models import User, WebAuthnCredential
from chancery.core.views.account import _me
from chancery.core.views.mfa_pages import totp_enrolment_context, webauthn_context
from chancery.core.views.signin import INVALID_CODE


def _page(request: HttpRequest, me: User, recovery_form: CodeForm | None = None) -> HttpResponse:
    context = {
        "device": me.totp_devices.filter(confirmed_at__isnull=False).first(),
        "codes_left": mfa.recovery_codes_left(me),
        "keys": list(me.webauthn_credentials.all()),
        "keys_required": signin.requires_webauthn(me),
        "recovery_form": recovery_form or CodeForm(),
    }
    return render(request, "core/account/mfa.html", context)


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The new recovery codes, shown this once."""
    context = {"codes": codes, "continue_url": "core:mfa", "continue_get": True}
    return render(request, "core/signin/recovery_codes.html", context)


def _wrong_code(request: HttpRequest, me: User) -> HttpResponseBase | None:
    """Count a wrong code like one at sign-in; a locked account is signed out."""
    if second_factor_failed(request, me, "totp"):
        logout(request)
        messages.error(request, _("Too many failed attempts. Please try again later."))
        return redirect("core:login")
    return None


@login_required
def mfa_overview(request: HttpRequest) -> HttpResponseBase:
    return _page(request, _me(request))


@sensitive_post_parameters("code")
@require_POST
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = CodeForm(request.POST)
    if form.is_valid():
        codes = mfa.regenerate_recovery_codes(me, form.cleaned_data["code"], request)
        if codes is not None:
            return _show_codes(request, codes)
        if (gone := _wrong_code(request, me)) is not None:
            return gone
        form.add_error("code", INVALID_CODE)
    return _page(request, me, recovery_form=form)


@sensitive_post_parameters("current_code", "new_code")
@login_required
def totp_reset(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = TotpResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        codes = mfa.reset_totp(me, data["current_code"], data["new_code"], request)
        if codes is not None:
            return _show_codes(request, codes)
        if (gone := _wrong_code(request, me)) is not None:
            return gone
        form.add_error(None, _("One of the codes is not valid. Nothing was changed."))
    return render(request, "core/account/totp_reset.html", totp_enrolment_context(me, form))


@login_required
def security_key_add(request: HttpRequest) -> HttpResponseBase:
    me = _me(request)
    form = SecurityKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webauthn_actions.register_security_key(
                request, me, form.cleaned_data["credential"], form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your security key has been added."))
            return redirect("core:mfa")
    context = {"form": form, **webauthn_context(request, me, "register")}
    return render(request, "core/account/security_key_add.html", context)


@require_POST
@login_required
def security_key_remove(request: HttpRequest, pk: int) -> HttpResponseBase:
    me = _me(request)
    key = get_object_or_404(WebAuthnCredential, pk=pk, user=me)
    try:
        webauthn_actions.remove_security_key(request, me, key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The security key has been removed."))
    return redirect("core:mfa")
