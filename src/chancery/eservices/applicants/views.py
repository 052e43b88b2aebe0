"""Public pages of applicant accounts: sign up, confirm, sign in (password or e-identity),
password reset, the account page. Thin: parse, call one action, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.eservices.applicants import actions, forms, oidc, session, throttle, tokens
from chancery.eservices.exceptions import InvalidSubmission
from chancery.eservices.public import render_public

TEMPLATES = "eservices/applicants"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site, else the applicant's dossiers."""
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return reverse("services:my_dossiers")


def _allowed(request: HttpRequest, action: str) -> bool:
    """Count one ``action`` from this client; False once over the hourly limit."""
    return throttle.hit(
        f"{action}:{throttle.client_key(request)}",
        limit=settings.CHANCERY_APPLICANT_ACTIONS_PER_HOUR,
        seconds=3600,
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render_public(request, f"{TEMPLATES}/too_many.html", status=429)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = forms.SignupForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        if not _allowed(request, "signup"):
            return _too_many(request)
        try:
            actions.register_applicant(**form.cleaned_data)
        except InvalidSubmission as error:
            form.add_action_errors(error)
        else:
            # The same page whether or not the address already had an account.
            return render_public(
                request, f"{TEMPLATES}/check_email.html", {"email": form.cleaned_data["email"]}
            )
    status = 400 if form.errors else 200
    return render_public(request, f"{TEMPLATES}/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click (mail scanners follow links); POST confirms the address."""
    if request.method == "POST":
        try:
            actions.verify_email(token)
        except tokens.InvalidToken as error:
            return render_public(
                request, f"{TEMPLATES}/verify.html", {"error": error.message}, status=400
            )
        messages.success(request, _("Your e-mail address is confirmed. You can sign in."))
        return HttpResponseRedirect(reverse("services:signin"))
    return render_public(request, f"{TEMPLATES}/verify.html")


@require_http_methods(["GET", "POST"])
def resend_verification(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _allowed(request, "resend"):
            return _too_many(request)
        actions.resend_verification(form.cleaned_data["email"])
        return render_public(
            request, f"{TEMPLATES}/check_email.html", {"email": form.cleaned_data["email"]}
        )
    return render_public(request, f"{TEMPLATES}/resend.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = forms.SigninForm(request.POST or None)
    unverified = False
    if request.method == "POST" and form.is_valid():
        try:
            applicant = actions.authenticate(
                form.cleaned_data["email"],
                form.cleaned_data["password"],
                client=throttle.client_key(request),
            )
        except actions.EmailNotVerified as error:
            form.add_error(None, str(error.message))
            unverified = True
        except actions.SigninRefused as error:
            form.add_error(None, str(error.message))
        else:
            session.sign_in(request, applicant)
            return HttpResponseRedirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "unverified": unverified,
        "providers": list(oidc.providers().values()),
    }
    return render_public(
        request, f"{TEMPLATES}/signin.html", context, status=400 if form.errors else 200
    )


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    session.sign_out(request)
    messages.info(request, _("You are signed out."))
    return HttpResponseRedirect(reverse("services:home"))


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _allowed(request, "reset"):
            return _too_many(request)
        actions.request_password_reset(form.cleaned_data["email"])
        return render_public(
            request, f"{TEMPLATES}/check_email.html", {"email": form.cleaned_data["email"]}
        )
    return render_public(request, f"{TEMPLATES}/password_reset.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, token: str) -> HttpResponse:
    form = forms.NewPasswordForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            actions.reset_password(token, form.cleaned_data["password"])
        except InvalidSubmission as refusal:
            form.add_action_errors(refusal)
        except tokens.InvalidToken as refusal:
            error = str(refusal.message)
        else:
            messages.success(request, _("Your new password is set. You can sign in."))
            return HttpResponseRedirect(reverse("services:signin"))
    status = 400 if form.errors or error else 200
    return render_public(
        request,
        f"{TEMPLATES}/password_reset_confirm.html",
        {"form": form, "error": error},
        status=status,
    )


@session.applicant_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    applicant = request.applicant  # type: ignore[attr-defined]
    initial = {name: getattr(applicant, name) for name in actions.PROFILE_FIELDS}
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(applicant, **form.cleaned_data)
        except InvalidSubmission as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("Your details are saved."))
            return HttpResponseRedirect(reverse("services:account"))
    return render_public(
        request,
        f"{TEMPLATES}/account.html",
        {"form": form, "account": applicant},
        status=400 if form.errors else 200,
    )


def oidc_start(request: HttpRequest, provider: str) -> HttpResponse:
    """Send the browser to the e-identity provider (with state, nonce and PKCE)."""
    try:
        chosen = oidc.get_provider(provider)
        if not _allowed(request, "oidc"):
            return _too_many(request)
        redirect_uri = request.build_absolute_uri(
            reverse("services:oidc_callback", kwargs={"provider": chosen.name})
        )
        next_url = _safe_next(request, request.GET.get("next"))
        return HttpResponseRedirect(
            oidc.begin(request.session, chosen, redirect_uri=redirect_uri, next_url=next_url)
        )
    except oidc.OidcError as error:
        messages.error(request, str(error.message))
        return HttpResponseRedirect(reverse("services:signin"))


def oidc_callback(request: HttpRequest, provider: str) -> HttpResponse:
    """Back from the provider: validate, link or create the applicant, sign in."""
    try:
        chosen = oidc.get_provider(provider)
        if request.GET.get("error"):
            raise oidc.OidcError(detail=request.GET["error"])
        outcome = oidc.complete(
            request.session,
            chosen,
            code=request.GET.get("code", ""),
            state=request.GET.get("state", ""),
        )
        applicant = oidc.link_or_create(chosen, outcome.claims)
    except oidc.OidcError as error:
        return render_public(
            request, f"{TEMPLATES}/oidc_error.html", {"error": error.message}, status=400
        )
    session.sign_in(request, applicant)
    return HttpResponseRedirect(_safe_next(request, outcome.next_url))
