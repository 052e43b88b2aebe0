"""Questions, feedback and subscriptions from the public.

These views are never put in the page cache: their forms carry a CSRF token (and the
subscription pages a personal token). Each answers in the language of its URL prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render as django_render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from chancery.lib.throttle import within_limit
from chancery.portal import questions, spam, subscriptions
from chancery.portal.constants import SubscriptionTopic
from chancery.portal.public_forms import AskForm, SubscribeForm

ASK_LIMIT = (5, 60 * 60)  # five messages an hour from one address
SUBSCRIBE_LIMIT = (10, 60 * 60)
_REFERENCE_SALT = "chancery.portal.ask-sent"


def _language() -> str:
    return (get_language() or "vi")[:2]


def render(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """Render with the home page of the visitor's language as the layout's ``page`` (its
    navigation and language switch); the pages themselves say ``noindex``."""
    from chancery.portal.models import HomePage

    home = HomePage.objects.filter(locale__language_code=_language()).first()
    return django_render(request, template, {"page": home, **(context or {})}, status=status)


def _refused(request: HttpRequest, template: str, form: Any, error: spam.Refused) -> HttpResponse:
    form.refresh_stamp()
    context = {"form": form, "refusal": error.message}
    return render(request, template, context, status=error.status)


def _defend(
    request: HttpRequest, form: spam.ProtectedForm, name: str, limit: tuple[int, int]
) -> None:
    """The defences that refuse (the honeypot is checked before, and pretends success)."""
    form.check_stamp()
    if not within_limit(f"portal-{name}", request, limit=limit[0], seconds=limit[1]):
        raise spam.Refused(
            _("Too many messages were sent from your connection. Please try again in an hour."),
            status=429,
        )


@never_cache
@csrf_protect
def ask(request: HttpRequest) -> HttpResponse:
    """The form to ask a question or give feedback; on success, redirect to ``ask_sent``."""
    template = "portal/ask.html"
    if request.method != "POST":
        initial = {"topic": request.GET.get("topic")} if request.GET.get("topic") else {}
        form = AskForm(initial=_topic_initial(initial))
        return render(request, template, {"form": form})
    form = AskForm(request.POST)

    def submit(data: dict[str, Any]) -> str:
        submitted = questions.submit_question(
            kind=data["kind"],
            topic=data["topic"],
            name=data["name"],
            email=data["email"],
            subject=data["subject"],
            body=data["body"],
            language=_language(),
            request=request,
        )
        ref = signing.dumps(questions.reference(submitted.question), salt=_REFERENCE_SALT)
        query = f"?ref={ref}" + ("" if submitted.created else "&again=1")
        return reverse("portal:ask_sent") + query

    return _post(request, template, form, "ask", ASK_LIMIT, reverse("portal:ask_sent"), submit)


def _post(
    request: HttpRequest,
    template: str,
    form: Any,
    name: str,
    limit: tuple[int, int],
    sent_url: str,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """A public form's POST: a honeypot hit pretends success (``sent_url``), the spam defences
    refuse with a message, an invalid form is shown again; else ``act`` on the cleaned data and
    redirect where it says (POST/redirect/GET)."""
    if form.caught_in_honeypot():
        return HttpResponseRedirect(sent_url)
    try:
        _defend(request, form, name, limit)
    except spam.Refused as refusal:
        return _refused(request, template, form, refusal)
    if not form.is_valid():
        form.refresh_stamp()
        return render(request, template, {"form": form}, status=400)
    return HttpResponseRedirect(act(form.cleaned_data))


def _topic_initial(initial: dict[str, Any]) -> dict[str, Any]:
    from chancery.portal.models import QuestionTopic

    code = initial.get("topic")
    found = QuestionTopic.objects.filter(code=code).first() if code else None
    return {"topic": found.pk} if found else {}


@never_cache
def ask_sent(request: HttpRequest) -> HttpResponse:
    """Thanks, with the reference number (signed, so the page never echoes arbitrary text)."""
    try:
        ref = signing.loads(request.GET.get("ref", ""), salt=_REFERENCE_SALT)
    except signing.BadSignature:
        ref = ""
    context = {"reference": ref, "again": bool(request.GET.get("again"))}
    return render(request, "portal/ask_sent.html", context)


@never_cache
@csrf_protect
def subscribe(request: HttpRequest) -> HttpResponse:
    """The subscription form (prefilled from ``?topic=&country=``); on success, the same
    answer whether or not the address was already subscribed."""
    template = "portal/subscribe.html"
    countries = subscriptions.country_choices(_language())
    if request.method != "POST":
        initial = {key: request.GET[key] for key in ("topic", "country") if request.GET.get(key)}
        if "country" in initial:
            initial["country"] = initial["country"].upper()
            initial.setdefault("topic", SubscriptionTopic.ADVISORY)
        form = SubscribeForm(initial=initial, countries=countries)
        return render(request, template, {"form": form})
    form = SubscribeForm(request.POST, countries=countries)
    sent = reverse("portal:subscribe_sent")

    def request_subscription(data: dict[str, Any]) -> str:
        subscriptions.subscribe(
            email=data["email"],
            topic=data["topic"],
            country_code=data.get("country") or "",
            language=_language(),
            request=request,
        )
        return sent

    return _post(request, template, form, "subscribe", SUBSCRIBE_LIMIT, sent, request_subscription)


@never_cache
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/subscribe_sent.html")


def _unknown(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/subscription_unknown.html", status=404)


@never_cache
@csrf_protect
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms. Mail scanners and link previewers fetch
    every link in a message with GET: if GET confirmed, an address could be subscribed by
    whoever typed it, without its owner ever pressing anything."""
    found = subscriptions.by_token(token)
    if found is None:
        return _unknown(request)
    if request.method == "POST":
        found = subscriptions.confirm(token)
        if found is None:
            return _unknown(request)
        return render(request, "portal/subscription_confirmed.html", {"subscription": found})
    context = {"subscription": found, "topic": _topic_label(found)}
    return render(request, "portal/subscription_confirm.html", context)


@never_cache
@csrf_exempt
def subscription_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; a POST unsubscribes. CSRF is not checked here, and only here: a
    mail client's one-click request (RFC 8058, body ``List-Unsubscribe=One-Click``) carries no
    cookie, and the token in the URL is the authority (a forged request could only end a
    subscription whose secret token the forger already holds)."""
    found = subscriptions.by_token(token)
    if found is None:
        return _unknown(request)
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        # RFC 8058: the body is form-encoded (or multipart), so it reaches request.POST.
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("You are unsubscribed."), content_type="text/plain")
        return render(request, "portal/unsubscribed.html", {"subscription": found})
    context = {"subscription": found, "topic": _topic_label(found)}
    return render(request, "portal/unsubscribe.html", context)


def _topic_label(found: Any) -> str:
    label = str(found.get_topic_display())
    if found.country_code:
        label = f"{label}: {subscriptions.country_name(found.country_code, _language())}"
    return label
