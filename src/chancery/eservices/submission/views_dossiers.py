"""The applicant's dossiers after filing: the list, one dossier's page, withdrawal, answering a
supplement request; and the public tracking page (by code, without personal data)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.eservices import queries
from chancery.eservices.applicants.session import applicant_required
from chancery.eservices.constants import STATE_MAP, TRANSITIONS, PublicStatus, State
from chancery.eservices.exceptions import EservicesError, InvalidSubmission
from chancery.eservices.models import Applicant, Dossier
from chancery.eservices.public import render_public
from chancery.eservices.submission import actions
from chancery.eservices.submission.forms import TrackForm, WithdrawForm
from chancery.eservices.submission.views import own
from chancery.lib.throttle import within_limit

T = "eservices/submission/"
# Tracking lookups per client address per window: codes are not secrets, but not a catalogue.
LOOKUPS_PER_WINDOW = 30
WINDOW_SECONDS = 600
MAX_LISTED = 200


def _applicant(request: HttpRequest) -> Applicant:
    applicant: Applicant = request.applicant  # type: ignore[attr-defined]
    return applicant


def _link(name: str, pk: int) -> str:
    """The URL of another area's page, or "" while that area is not there."""
    try:
        return reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        return ""


def next_step(dossier: Dossier) -> tuple[str, str]:
    """What the applicant should do now, in plain words, and where (label, URL)."""
    pk = dossier.pk
    if dossier.state == State.DRAFT:
        return _("Finish your answers and send the dossier."), reverse(
            "services:draft", kwargs={"pk": pk}
        )
    if dossier.state == State.SUPPLEMENT_REQUESTED:
        return _("We need more from you: see what is missing."), reverse(
            "services:dossier", kwargs={"pk": pk}
        )
    if dossier.state == State.PAYMENT_REQUESTED:
        return _("Pay the fee."), _link("services:pay", pk)
    if dossier.state == State.RESULT_ISSUED:
        return _("Your result is ready: download it."), _link("services:result", pk)
    if dossier.state == State.RETURNED and dossier.rating is None:
        return _("Tell us how it went."), _link("services:rate", pk)
    if dossier.public_status in (PublicStatus.RECEIVED, PublicStatus.IN_PROGRESS):
        return _("Nothing to do: we will write to you."), ""
    return "", ""


def _status_label(state: str) -> str:
    return str(PublicStatus(STATE_MAP[state][0]).label)


@applicant_required
@require_GET
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """The signed-in applicant's dossiers, newest first, with what to do next."""
    rows = [
        {"dossier": d, "status": _status_label(d.state), "next": next_step(d)}
        for d in queries.dossiers_of(_applicant(request)).order_by("-created_at")[:MAX_LISTED]
    ]
    return render_public(request, T + "my_dossiers.html", {"rows": rows})


def lookup_allowed(request: HttpRequest) -> bool:
    """Count one tracking lookup from the caller's address; False once over the limit."""
    return within_limit(
        "eservices-track", request, limit=LOOKUPS_PER_WINDOW, seconds=WINDOW_SECONDS
    )


def tracked(code: str) -> Dossier | None:
    """The filed dossier with ``code`` (drafts have none), for the public status only."""
    code = code.strip().upper()
    if not code:
        return None
    return (
        Dossier.objects.select_related("version__procedure", "unit")
        .exclude(state=State.DRAFT)
        .filter(code=code)
        .first()
    )


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    """Anyone follows a dossier by its code: public status, procedure, received and return
    dates; no name, no answers, no files."""
    form = TrackForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if form.is_valid():
        if not lookup_allowed(request):
            context["problem"] = _("Too many searches from your connection. Try again later.")
            return render_public(request, T + "track.html", context, status=429)
        dossier = tracked(form.cleaned_data["code"])
        context.update(searched=True, dossier=dossier)
        if dossier is not None:
            context["status"] = _status_label(dossier.state)
    return render_public(request, T + "track.html", context)


def _dossier_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    withdraw_form: WithdrawForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    supplement = None
    if dossier.state == State.SUPPLEMENT_REQUESTED:
        supplement = dossier.supplements.filter(answered_at__isnull=True).order_by("-round").first()
    components = {c.get("code"): c for c in dossier.version.components}
    items = []
    for item in (supplement.items if supplement else []) or []:
        component = components.get(item.get("component"), {})
        language = dossier.language if dossier.language in ("vi", "en", "fr") else "vi"
        name = (
            component.get(f"name_{request.LANGUAGE_CODE[:2]}")
            or component.get(f"name_{language}")
            or component.get("name_vi")
            or item.get("component", "")
        )
        items.append(
            {"name": name, "problem": item.get("problem", ""), "note": item.get("note", "")}
        )
    context = {
        "dossier": dossier,
        "status": _status_label(dossier.state),
        "next": next_step(dossier),
        "events": [
            {"event": e, "status": _status_label(e.to_state) if e.to_state else ""}
            for e in dossier.events.filter(public=True).exclude(to_state="").order_by("at", "pk")
        ],
        "supplement": supplement,
        "supplement_items": items,
        "files": dossier.files.order_by("component", "uploaded_at"),
        "can_withdraw": State.WITHDRAWN in TRANSITIONS.get(dossier.state, frozenset()),
        "withdraw_form": withdraw_form or WithdrawForm(),
        "idempotency_key": uuid.uuid4().hex,
        "problems": problems or [],
        "pay_url": _link("services:pay", dossier.pk)
        if dossier.state == State.PAYMENT_REQUESTED
        else "",
        "result_url": _link("services:result", dossier.pk)
        if dossier.state in (State.RESULT_ISSUED, State.RETURNED)
        else "",
        "rate_url": _link("services:rate", dossier.pk)
        if dossier.state in (State.RESULT_ISSUED, State.RETURNED) and dossier.rating is None
        else "",
    }
    return render_public(request, T + "dossier.html", context, status=status)


@applicant_required
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's dossier: status, return date, history, what is asked of them."""
    return _dossier_page(request, own(_applicant(request), pk))


@applicant_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the dossier, with a reason."""
    applicant = _applicant(request)
    target = own(applicant, pk)
    form = WithdrawForm(request.POST)
    if target.state != State.DRAFT and not form.is_valid():
        return _dossier_page(request, target, withdraw_form=form, status=422)
    try:
        actions.withdraw(applicant, pk, request.POST.get("reason", ""))
    except EservicesError as exc:
        return _dossier_page(request, target, problems=[str(exc.message)], status=exc.status)
    messages.success(request, _("Your dossier was withdrawn."))
    return HttpResponseRedirect(reverse("services:dossier", kwargs={"pk": pk}))


@applicant_required
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the dossier back once the requested supplement is supplied."""
    applicant = _applicant(request)
    target = own(applicant, pk)
    try:
        actions.respond_to_supplement(
            applicant, pk, idempotency_key=str(request.POST.get("idempotency_key", ""))
        )
    except InvalidSubmission as exc:
        problems = [m for group in exc.errors.values() for m in group]
        return _dossier_page(request, target, problems=problems, status=422)
    except EservicesError as exc:
        return _dossier_page(request, target, problems=[str(exc.message)], status=exc.status)
    messages.success(request, _("Thank you. We have your answer and continue with your dossier."))
    return HttpResponseRedirect(reverse("services:dossier", kwargs={"pk": pk}))
