"""Every write of the payments area, one function per use case.

Lock order, everywhere: the dossier row (``lifecycle.lock``) first, then the payment row, so
two requests about one payment (a return URL and its IPN arriving together) queue up instead
of deadlocking, and the second finds the work done.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User, record_audit
from chancery.eservices.actions.lifecycle import lock, record_event, transition
from chancery.eservices.constants import PaymentState, State
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Applicant, Dossier, DossierEvent, Payment
from chancery.eservices.numbering import next_number
from chancery.eservices.payments import providers
from chancery.eservices.payments.bank_transfer import StatementLine, parse_statement
from chancery.eservices.payments.providers import (
    FINAL_PAYMENT_STATES,
    GatewayMessage,
    InvalidSignature,
    NotificationResult,
    Outcome,
    PaymentError,
)
from chancery.eservices.queries import get_dossier_for_applicant, get_dossier_for_staff, is_handler

# A dossier goes back to where it was when payment was asked; from awaiting approval it goes
# back to processing (the state machine offers no direct way back).
RETURN_STATES = frozenset({State.ACCEPTED, State.PROCESSING, State.APPROVED})
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class NoFeeDue(PaymentError):
    code = "no-fee"
    message = _("This procedure has no fee for this channel: there is nothing to pay.")


class AlreadyPaid(PaymentError):
    code = "already-paid"
    message = _("The fee for this dossier has already been paid.")


class NothingToPay(PaymentError):
    code = "nothing-to-pay"
    message = _("No payment is due for this dossier now.")


class WrongAmount(PaymentError):
    code = "wrong-amount"
    message = _("The amount paid differs from the amount due: it was not accepted.")


def _staff(user: User) -> None:
    if not is_handler(user):
        raise NotAllowed()


def _paid(dossier_id: int) -> bool:
    return Payment.objects.filter(dossier_id=dossier_id, state=PaymentState.SUCCESS).exists()


def request_payment(user: User, dossier_id: int, *, revision: int) -> Dossier:
    """Ask the applicant to pay the dossier's fee: the dossier moves to PAYMENT_REQUESTED (the
    deadline clock pauses), remembering the state it returns to once paid.

    Who may call: staff handling the dossier's unit (leaders: any). Refuses a dossier of
    another unit (404), a stale revision, a state that does not allow it, a fee of 0, and a
    dossier already paid.
    """
    _staff(user)
    get_dossier_for_staff(user, dossier_id)
    with transaction.atomic():
        dossier = lock(dossier_id, revision=revision)
        if dossier.fee <= 0:
            raise NoFeeDue()
        if _paid(dossier.pk):
            raise AlreadyPaid()
        return_to = dossier.state if dossier.state in RETURN_STATES else State.PROCESSING
        transition(
            dossier,
            State.PAYMENT_REQUESTED,
            actor=user,
            action="payment_requested",
            data={
                "return_to": return_to,
                "amount": str(dossier.fee),
                "currency": dossier.currency,
                "payment_url": reverse("services:pay", kwargs={"pk": dossier.pk}),
            },
        )
    return dossier


def _reference() -> str:
    day = timezone.localdate().strftime("%y%m%d")
    while True:
        candidate = "LP" + day + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not Payment.objects.filter(reference=candidate).exists():
            return candidate


def start_payment(
    applicant: Applicant,
    dossier_id: int,
    provider: str,
    *,
    return_url: str = "",
    client_ip: str = "",
) -> Payment:
    """Start paying the dossier's fee with ``provider``; the payment comes back submitted, its
    log holding where to go next (``providers.last_start``).

    One payment is open per dossier (a database constraint): an open bank transfer is handed
    back as it is; any other open payment is cancelled and replaced (the applicant switched
    method or came back from the gateway without paying).
    Who may call: the dossier's applicant. Refuses another's dossier (404), a dossier not
    waiting for payment, an unknown or unconfigured provider, and a dossier already paid.
    """
    chosen = providers.get(provider)
    if not chosen.is_configured():
        raise providers.ProviderUnavailable()
    get_dossier_for_applicant(applicant, dossier_id)
    with transaction.atomic():
        dossier = lock(dossier_id)
        if dossier.state != State.PAYMENT_REQUESTED:
            raise NothingToPay()
        if _paid(dossier.pk):
            raise AlreadyPaid()
        current = (
            Payment.objects.select_for_update()
            .filter(dossier=dossier, state__in=providers.OPEN_PAYMENT_STATES)
            .first()
        )
        if current is not None:
            if current.provider == provider and not chosen.online:
                return current
            providers.move(
                current,
                PaymentState.CANCELLED,
                source="applicant",
                detail={"reason": "replaced", "by_provider": provider},
            )
        payment = Payment(
            dossier=dossier,
            provider=provider,
            amount=dossier.fee,
            currency=dossier.currency,
            reference=_reference(),
        )
        payment.log = []
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:  # a concurrent start won the one open slot
            raise PaymentError(_("A payment for this dossier is already under way.")) from None
        started = chosen.start(payment, return_url, client_ip=client_ip)
        providers.move(payment, PaymentState.SUBMITTED, source="applicant", detail=started.detail)
        record_event(
            dossier,
            "payment_started",
            by_applicant=True,
            data={"payment": payment.reference, "provider": provider},
        )
    return payment


def _return_state(dossier: Dossier) -> str:
    event = (
        DossierEvent.objects.filter(dossier=dossier, to_state=State.PAYMENT_REQUESTED)
        .order_by("-at", "-pk")
        .first()
    )
    wanted = str((event.data if event else {}).get("return_to", State.PROCESSING))
    return wanted if wanted in RETURN_STATES else State.PROCESSING


def _next_receipt_number(dossier: Dossier) -> str:
    year = timezone.localdate().year
    serial = next_number(f"payment-receipt:{dossier.unit.code}:{year}")
    return f"BL-{dossier.unit.code.upper()}-{year}-{serial:05d}"


def _locked(payment_id: int) -> tuple[Dossier, Payment]:
    dossier_id = Payment.objects.values_list("dossier_id", flat=True).get(pk=payment_id)
    dossier = lock(dossier_id)
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    payment.dossier = dossier
    return dossier, payment


def _confirm_locked(
    dossier: Dossier,
    payment: Payment,
    *,
    actor: User | None,
    source: str,
    detail: Mapping[str, Any],
    external_id: str = "",
) -> None:
    fields: tuple[str, ...] = ("receipt_number",)
    payment.receipt_number = _next_receipt_number(dossier)
    if external_id:
        payment.external_id = external_id[:128]
        fields += ("external_id",)
    if actor is not None:
        payment.reconciled_by = actor
        fields += ("reconciled_by",)
    providers.move(payment, PaymentState.SUCCESS, source=source, detail=detail, fields=fields)
    data = {
        "payment": payment.reference,
        "receipt": payment.receipt_number,
        "amount": str(payment.amount),
        "provider": payment.provider,
    }
    if dossier.state == State.PAYMENT_REQUESTED:
        transition(
            dossier, _return_state(dossier), actor=actor, action="payment_received", data=data
        )
    else:  # withdrawn meanwhile: the money is in, the officer decides (refund)
        record_event(dossier, "payment_received", actor=actor, data=data)


def confirm(
    payment_id: int,
    *,
    actor: User | None = None,
    source: str,
    detail: Mapping[str, Any],
    external_id: str = "",
) -> Payment:
    """Record that ``payment`` succeeded: a receipt number, and the dossier goes back to the
    state it was in when payment was asked. Low level: callers check who may do it
    (``receive`` verifies the gateway's signature and amount, ``confirm_transfer`` the
    officer). Refuses a payment that is not under way (``InvalidPaymentTransition``)."""
    with transaction.atomic():
        dossier, payment = _locked(payment_id)
        _confirm_locked(
            dossier, payment, actor=actor, source=source, detail=detail, external_id=external_id
        )
    return payment


def fail(
    payment_id: int,
    *,
    source: str,
    detail: Mapping[str, Any],
    outcome: str = PaymentState.FAILED,
) -> Payment:
    """Record that ``payment`` failed (or was cancelled at the gateway): the dossier keeps
    waiting for payment and the applicant may try again. Low level, like ``confirm``."""
    with transaction.atomic():
        dossier, payment = _locked(payment_id)
        providers.move(payment, outcome, source=source, detail=detail)
        record_event(
            dossier, f"payment_{outcome}", data={"payment": payment.reference}, public=True
        )
    return payment


def cancel(applicant: Applicant, payment_id: int) -> Payment:
    """The applicant gives up a payment under way (to choose another method, or later).

    Who may call: the dossier's applicant. Refuses another's payment (404) and a payment that
    is no longer under way."""
    from chancery.eservices.payments.queries import get_payment_for_applicant

    get_payment_for_applicant(applicant, payment_id)
    with transaction.atomic():
        dossier, payment = _locked(payment_id)
        providers.move(payment, PaymentState.CANCELLED, source="applicant", detail={})
        record_event(
            dossier, "payment_cancelled", by_applicant=True, data={"payment": payment.reference}
        )
    return payment


@dataclass(frozen=True)
class Received:
    result: NotificationResult
    payment: Payment | None = None


def receive(provider: str, params: Mapping[str, str], *, source: str) -> Received:
    """Apply what a gateway said (its return URL or its server-to-server notification).

    Idempotent: a message about a payment already settled changes nothing
    (``ALREADY_CONFIRMED``). Refuses (changing nothing but the payment's log) a forged
    signature, an unknown reference, and an amount other than the one due.
    Who may call: the public return and notification endpoints; the signature is the proof.
    """
    chosen = providers.get(provider)
    try:
        if source == "gateway-return":
            message = chosen.handle_return(params)
        else:
            message = chosen.handle_notification(params)
    except InvalidSignature:
        return Received(NotificationResult.INVALID_SIGNATURE)
    found = Payment.objects.filter(reference=message.reference, provider=provider).first()
    if found is None:
        return Received(NotificationResult.NOT_FOUND)
    with transaction.atomic():
        dossier, payment = _locked(found.pk)
        return Received(_apply(dossier, payment, message, source=source), payment)


def _apply(
    dossier: Dossier, payment: Payment, message: GatewayMessage, *, source: str
) -> NotificationResult:
    if message.amount != payment.amount:
        providers.note(
            payment,
            source=source,
            detail={"refused": "amount", "expected": str(payment.amount), **message.detail},
        )
        return NotificationResult.AMOUNT_INVALID
    if payment.state in FINAL_PAYMENT_STATES:
        if payment.state == PaymentState.CANCELLED and message.outcome == Outcome.SUCCESS:
            # Paid after the applicant replaced it: the officer must refund or settle by hand.
            providers.note(
                payment, source=source, detail={"attention": "paid_after_cancel", **message.detail}
            )
            record_event(
                dossier, "payment_after_cancel", data={"payment": payment.reference}, public=False
            )
        return NotificationResult.ALREADY_CONFIRMED
    if message.outcome == Outcome.SUCCESS:
        _confirm_locked(
            dossier,
            payment,
            actor=None,
            source=source,
            detail=message.detail,
            external_id=message.external_id,
        )
    else:
        state = (
            PaymentState.CANCELLED if message.outcome == Outcome.CANCELLED else PaymentState.FAILED
        )
        providers.move(payment, state, source=source, detail=message.detail)
        record_event(dossier, f"payment_{state}", data={"payment": payment.reference})
    return NotificationResult.CONFIRMED


def confirm_transfer(user: User, payment_id: int, *, note: str = "") -> Payment:
    """An officer confirms a bank transfer seen on the account (matched by its reference).

    Who may call: staff handling the dossier's unit (leaders: any). Refuses a payment of
    another unit (404), one that is not a bank transfer under way. Audited."""
    from chancery.eservices.payments.queries import get_payment_for_staff

    _staff(user)
    found = get_payment_for_staff(user, payment_id)
    if found.provider != "bank_transfer":
        raise PaymentError(_("Only bank transfers are confirmed by hand."))
    with transaction.atomic():
        dossier, payment = _locked(payment_id)
        _confirm_locked(
            dossier, payment, actor=user, source="officer", detail={"note": note, "by": user.pk}
        )
        record_audit(
            user,
            "eservices.payment_confirmed",
            payment,
            data={"reference": payment.reference, "amount": str(payment.amount), "note": note},
        )
    return payment


@dataclass(frozen=True)
class StatementResult:
    line: StatementLine
    status: str  # matched | mismatch | unknown | not_open | unreadable
    payment: Payment | None = None


def import_statement(user: User, content: bytes) -> list[StatementResult]:
    """Reconcile bank transfers from a bank statement CSV (``reference, amount, date``).

    Each line stands alone: a matching reference and amount confirms the transfer (audited,
    like ``confirm_transfer``); a different amount is flagged and not accepted; a reference
    unknown to the officer's unit, or of a payment not under way, is reported.
    Who may call: staff handling e-service dossiers. Refuses a file that is not a readable CSV.
    """
    from chancery.eservices.payments.queries import payments_for_staff

    _staff(user)
    lines = parse_statement(content)
    visible = payments_for_staff(user).filter(provider="bank_transfer")
    by_reference = {
        p.reference: p.pk for p in visible.filter(reference__in=[ln.reference for ln in lines])
    }
    results = []
    for line in lines:
        if line.problem:
            results.append(StatementResult(line, "unreadable"))
            continue
        payment_id = by_reference.get(line.reference)
        if payment_id is None:
            results.append(StatementResult(line, "unknown"))
            continue
        results.append(_reconcile_line(user, payment_id, line))
    record_audit(
        user,
        "eservices.payment_statement_imported",
        data={s: sum(1 for r in results if r.status == s) for s in {r.status for r in results}},
    )
    return results


def _reconcile_line(user: User, payment_id: int, line: StatementLine) -> StatementResult:
    detail = {
        "statement_line": line.number,
        "statement_amount": str(line.amount),
        "statement_date": line.date.isoformat() if line.date else "",
        "by": user.pk,
    }
    with transaction.atomic():
        dossier, payment = _locked(payment_id)
        if payment.state != PaymentState.SUBMITTED:
            return StatementResult(line, "not_open", payment)
        if line.amount != payment.amount:
            providers.note(payment, source="statement", detail={"refused": "amount", **detail})
            record_audit(
                user,
                "eservices.payment_amount_mismatch",
                payment,
                data={"reference": payment.reference, "expected": str(payment.amount), **detail},
            )
            return StatementResult(line, "mismatch", payment)
        _confirm_locked(dossier, payment, actor=user, source="statement", detail=detail)
        record_audit(
            user,
            "eservices.payment_confirmed",
            payment,
            data={"reference": payment.reference, "amount": str(payment.amount), **detail},
        )
    return StatementResult(line, "matched", payment)


def refund(user: User, payment_id: int, reason: str) -> Payment:
    """Refund a successful payment in full: through the gateway for online payments; for a
    bank transfer, record that the officer sent the money back.

    Who may call: staff handling the dossier's unit (leaders: any). Refuses a payment of
    another unit (404), an empty reason, a payment that did not succeed, and a gateway refusal
    (nothing is recorded but the attempt in the payment's log). Audited."""
    from chancery.eservices.payments.queries import get_payment_for_staff

    _staff(user)
    reason = reason.strip()
    if not reason:
        raise PaymentError(_("Give the reason for the refund."))
    found = get_payment_for_staff(user, payment_id)
    if found.state != PaymentState.SUCCESS:
        raise providers.InvalidPaymentTransition(_("Only a successful payment can be refunded."))
    chosen = providers.get(found.provider)
    refused: PaymentError | None = None
    with transaction.atomic():
        dossier, payment = _locked(payment_id)
        if payment.state != PaymentState.SUCCESS:
            raise providers.InvalidPaymentTransition(
                _("Only a successful payment can be refunded.")
            )
        try:
            said = chosen.refund(payment, by=user.get_username(), reason=reason)
        except PaymentError as error:
            refused = error
            providers.note(payment, source="officer", detail={"refund_refused": str(error.message)})
        else:
            providers.move(
                payment, PaymentState.REFUNDED, source="officer", detail={"reason": reason, **said}
            )
            record_event(
                dossier,
                "payment_refunded",
                actor=user,
                note=reason,
                data={"payment": payment.reference, "amount": str(payment.amount)},
            )
            record_audit(
                user,
                "eservices.payment_refunded",
                payment,
                data={
                    "reference": payment.reference,
                    "amount": str(payment.amount),
                    "reason": reason,
                },
            )
    if refused is not None:  # the attempt stays in the payment's log
        raise refused
    return payment
