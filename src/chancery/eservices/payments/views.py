"""Pages of the payments area: the applicant's pay page, the gateway's return and notification
endpoints, the receipt; the officers' payment request and reconciliation pages.

Thin: each view parses input, calls one action or query, and renders. A refusal shows its
message in the user's language (a status 4xx page or a message after a redirect).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from chancery.core.service import User
from chancery.eservices.applicants.session import applicant_required, current_applicant
from chancery.eservices.constants import PaymentState, State
from chancery.eservices.exceptions import EservicesError, NotAllowed
from chancery.eservices.models import Payment
from chancery.eservices.payments import actions, providers, queries
from chancery.eservices.payments.bank_transfer import BankTransfer
from chancery.eservices.payments.providers import NotificationResult, PaymentError
from chancery.eservices.payments.receipts import receipt_pdf
from chancery.eservices.public import render_public
from chancery.eservices.queries import (
    get_dossier_for_applicant,
    get_dossier_for_staff,
    is_handler,
)

MAX_UPLOAD = 2 * 1024 * 1024
logger = logging.getLogger(__name__)


def _client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "127.0.0.1")


# The applicant -----------------------------------------------------------------------------


@applicant_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Pay a dossier's fee: choose bank transfer or online; see the transfer instructions."""
    applicant = request.applicant  # type: ignore[attr-defined]
    try:
        dossier = get_dossier_for_applicant(applicant, pk)
    except NotAllowed:
        raise Http404 from None
    error = ""
    status = 200
    if request.method == "POST":
        provider = request.POST.get("provider", "")
        return_url = request.build_absolute_uri(
            reverse("services:payment_return", kwargs={"provider": provider or "none"})
        )
        try:
            payment = actions.start_payment(
                applicant, pk, provider, return_url=return_url, client_ip=_client_ip(request)
            )
        except EservicesError as refused:
            error, status = str(refused.message), refused.status
        else:
            url = str(providers.last_start(payment).get("redirect_url", ""))
            return HttpResponseRedirect(url or reverse("services:pay", kwargs={"pk": pk}))
    open_payment = queries.open_payment(dossier.pk)
    instructions = {}
    if open_payment is not None and open_payment.provider == BankTransfer.code:
        instructions = BankTransfer().instructions(open_payment)
    context: dict[str, Any] = {
        "dossier": dossier,
        "due": dossier.state == State.PAYMENT_REQUESTED,
        "methods": providers.available(),
        "open_payment": open_payment,
        "instructions": instructions,
        "paid": queries.payments_of(applicant).filter(
            dossier=dossier, state__in=(PaymentState.SUCCESS, PaymentState.REFUNDED)
        ),
        "error": error,
    }
    return render_public(request, "eservices/payments/pay.html", context, status=status)


@require_http_methods(["GET"])
def payment_return(request: HttpRequest, provider: str) -> HttpResponse:
    """Where the gateway sends the applicant back: verified, applied (idempotently), shown."""
    try:
        received = actions.receive(provider, request.GET.dict(), source="gateway-return")
    except PaymentError:
        received = actions.Received(NotificationResult.NOT_FOUND)
    payment = received.payment
    applicant = current_applicant(request)
    mine = (
        payment is not None
        and applicant is not None
        and payment.dossier.applicant_id == applicant.pk
    )
    if payment is not None:
        payment.refresh_from_db(fields=["state", "receipt_number"])
    context = {
        "result": received.result,
        "payment": payment if mine else None,
        "state": payment.state if payment is not None else "",
        "forged": received.result
        in (NotificationResult.INVALID_SIGNATURE, NotificationResult.AMOUNT_INVALID),
    }
    status = 400 if context["forged"] or payment is None else 200
    return render_public(request, "eservices/payments/return.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def payment_ipn(request: HttpRequest, provider: str) -> HttpResponse:
    """The gateway's server-to-server notification (public; the signature is the proof)."""
    try:
        chosen = providers.get(provider)
    except PaymentError:
        raise Http404 from None
    params = (request.GET if request.method == "GET" else request.POST).dict()
    try:
        result = actions.receive(provider, params, source="gateway-notification").result
    except Exception:  # the contract's "99 unknown error"; the gateway retries later
        logger.exception("payment notification failed", extra={"provider": provider})
        result = NotificationResult.ERROR
    return JsonResponse(chosen.notification_reply(result))


@applicant_required
@require_http_methods(["GET"])
def payment_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF receipt of the applicant's own paid payment."""
    try:
        payment = queries.get_payment_for_applicant(request.applicant, pk)  # type: ignore[attr-defined]
        pdf = receipt_pdf(payment)
    except (NotAllowed, PaymentError):
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{payment.receipt_number}.pdf"'
    return response


# Staff ------------------------------------------------------------------------------------


def _officer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not is_handler(user):
        raise Http404
    return user


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


@require_http_methods(["GET", "POST"])
def request_payment(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the applicant to pay the fee (GET: confirm the amount; POST: do it)."""
    user = _officer(request)
    try:
        dossier = get_dossier_for_staff(user, pk)
    except NotAllowed:
        raise Http404 from None
    if request.method == "POST":
        try:
            revision = int(request.POST.get("revision", ""))
            actions.request_payment(user, pk, revision=revision)
        except ValueError:
            messages.error(request, _("Open the dossier again and retry."))
        except EservicesError as refused:
            messages.error(request, str(refused.message))
        else:
            messages.success(request, _("The applicant has been asked to pay the fee."))
        return _back(request, reverse("eservices:payments"))
    context = {
        "dossier": dossier,
        "allowed": dossier.state in actions.RETURN_STATES | {State.AWAITING_APPROVAL},
    }
    return render(request, "eservices/payments/request.html", context)


@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    """Reconciliation: bank transfers waiting for confirmation; a bank statement CSV upload."""
    user = _officer(request)
    results: list[actions.StatementResult] = []
    error = ""
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("statement")
        if upload is None:
            error, status = _("Choose the bank statement file (CSV)."), 400
        elif upload.size and upload.size > MAX_UPLOAD:
            error, status = _("The statement is too large (at most 2 MB)."), 400
        else:
            try:
                results = actions.import_statement(user, upload.read(MAX_UPLOAD + 1))
            except EservicesError as refused:
                error, status = str(refused.message), refused.status
    context = {
        "transfers": queries.transfers_to_reconcile(user),
        "settled": queries.recent_settled(user),
        "results": results,
        "error": error,
    }
    return render(request, "eservices/payments/reconcile.html", context, status=status)


def _on_payment(
    request: HttpRequest, act: Callable[[], Payment], done: Callable[[Payment], str]
) -> HttpResponse:
    """Run the officer's action ``act`` on a payment, say how it went (``done`` or the
    refusal's message) and go back; a payment the officer may not see is a 404."""
    try:
        payment = act()
    except NotAllowed:
        raise Http404 from None
    except EservicesError as refused:
        messages.error(request, str(refused.message))
    else:
        messages.success(request, done(payment))
    return _back(request, reverse("eservices:payments"))


@require_POST
def payment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm one bank transfer by hand."""
    user = _officer(request)
    note = request.POST.get("note", "")[:500]
    return _on_payment(
        request,
        lambda: actions.confirm_transfer(user, pk, note=note),
        lambda payment: (
            _("Transfer %(reference)s confirmed; receipt %(receipt)s issued.")
            % {"reference": payment.reference, "receipt": payment.receipt_number}
        ),
    )


@require_POST
def payment_refund(request: HttpRequest, pk: int) -> HttpResponse:
    """Refund a payment in full, with a reason."""
    user = _officer(request)
    reason = request.POST.get("reason", "")[:1000]
    return _on_payment(
        request,
        lambda: actions.refund(user, pk, reason),
        lambda payment: _("Payment %(reference)s refunded.") % {"reference": payment.reference},
    )
