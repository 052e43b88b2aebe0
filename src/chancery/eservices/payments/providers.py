"""The payment interface: a small typed ``PaymentProvider`` contract, a registry, and the one
function that moves a ``Payment`` through the states of a real gateway.

States (``constants.PaymentState``)::

    created → submitted → success | failed | cancelled
    created → failed | cancelled          (the applicant gave up before being sent anywhere)
    success → refunded

``move`` is the only place a payment's state changes; it appends to ``payment.log`` what the
gateway (or the officer) said, so the log reads as the payment's full story.

A provider does no database writes: ``start`` says where to send the applicant (a redirect URL)
or what to tell them (bank-transfer instructions); ``handle_return`` and
``handle_notification`` verify what a gateway sent and translate it into a ``GatewayMessage``;
``refund`` asks the gateway to refund. ``payments.actions`` owns the transactions and the locks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise

from chancery.conf import env
from chancery.eservices.constants import PaymentState
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import Payment

# The payment state machine. ``move`` enforces it.
PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    PaymentState.CREATED: frozenset(
        {PaymentState.SUBMITTED, PaymentState.FAILED, PaymentState.CANCELLED}
    ),
    PaymentState.SUBMITTED: frozenset(
        {PaymentState.SUCCESS, PaymentState.FAILED, PaymentState.CANCELLED}
    ),
    PaymentState.SUCCESS: frozenset({PaymentState.REFUNDED}),
    PaymentState.FAILED: frozenset(),
    PaymentState.CANCELLED: frozenset(),
    PaymentState.REFUNDED: frozenset(),
}
OPEN_PAYMENT_STATES = frozenset({PaymentState.CREATED, PaymentState.SUBMITTED})
FINAL_PAYMENT_STATES = frozenset(set(PaymentState.values) - OPEN_PAYMENT_STATES)


class PaymentError(EservicesError):
    code = "payment-error"
    status = 409


class InvalidPaymentTransition(PaymentError):
    code = "invalid-payment-transition"


class InvalidSignature(PaymentError):
    """What a gateway sent does not carry our shared secret's signature: ignored."""

    code = "invalid-signature"
    status = 400


class ProviderUnavailable(PaymentError):
    code = "provider-unavailable"
    status = 400


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class StartResult:
    """Where the applicant goes next: a gateway's page, or instructions to follow."""

    redirect_url: str = ""
    instructions: dict[str, str] = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GatewayMessage:
    """A verified message of a gateway about one payment (return URL or notification)."""

    reference: str
    outcome: Outcome
    amount: Decimal
    external_id: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


class NotificationResult(StrEnum):
    """What we made of a server-to-server notification; each provider answers it its way."""

    CONFIRMED = "confirmed"
    INVALID_SIGNATURE = "invalid_signature"
    NOT_FOUND = "not_found"
    AMOUNT_INVALID = "amount_invalid"
    ALREADY_CONFIRMED = "already_confirmed"
    ERROR = "error"


class PaymentProvider(Protocol):
    """A way to pay. Implementations: ``bank_transfer.BankTransfer``, ``gateway.Vnpay``."""

    code: str
    online: bool

    @property
    def label(self) -> str | Promise: ...

    def is_configured(self) -> bool:
        """Can applicants use it on this instance (its settings are present)?"""
        ...

    def start(self, payment: Payment, return_url: str, *, client_ip: str) -> StartResult:
        """Where to send the applicant to pay ``payment`` (no database writes)."""
        ...

    def handle_return(self, params: Mapping[str, str]) -> GatewayMessage:
        """Verify the browser's return from the gateway; ``InvalidSignature`` if forged."""
        ...

    def handle_notification(self, params: Mapping[str, str]) -> GatewayMessage:
        """Verify a server-to-server notification; ``InvalidSignature`` if forged."""
        ...

    def notification_reply(self, result: NotificationResult) -> dict[str, str]:
        """The body the gateway expects in answer to a notification."""
        ...

    def refund(self, payment: Payment, *, by: str, reason: str) -> dict[str, Any]:
        """Refund ``payment`` in full; what the gateway said. ``PaymentError`` if refused."""
        ...


_REGISTRY: dict[str, PaymentProvider] = {}


def register(provider: PaymentProvider) -> PaymentProvider:
    """Make ``provider`` available under its ``code`` (called once when the app loads)."""
    _REGISTRY[provider.code] = provider
    return provider


def get(code: str) -> PaymentProvider:
    """The provider registered as ``code``; ``ProviderUnavailable`` if none is."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise ProviderUnavailable() from None


def online_codes() -> list[str]:
    """Codes of the registered providers that are online gateways (statistics count them)."""
    return sorted(code for code, provider in _REGISTRY.items() if provider.online)


def available() -> list[PaymentProvider]:
    """The configured providers, in registration order (what the applicant may choose)."""
    return [p for p in _REGISTRY.values() if p.is_configured()]


def setting(name: str, default: str = "") -> str:
    """A payment setting: a Django setting of that name wins (tests override it), else the
    environment variable ``name`` (or the file named by ``name_FILE``)."""
    value = getattr(settings, name, None)
    if value is None:
        value = env.get(name, default)
    return str(value or "")


def move(
    payment: Payment,
    to_state: str,
    *,
    detail: Mapping[str, Any] | None = None,
    source: str = "",
    fields: tuple[str, ...] = (),
) -> None:
    """Move ``payment`` (locked by the caller) to ``to_state`` and log it with ``detail``
    (what the gateway or the officer said) and ``source`` (``gateway-return``,
    ``gateway-notification``, ``officer``, ``applicant``…). Refuses a move the state machine
    does not allow (``InvalidPaymentTransition``). ``fields`` are other fields the caller set."""
    if to_state not in PAYMENT_TRANSITIONS.get(payment.state, frozenset()):
        raise InvalidPaymentTransition()
    now = timezone.now()
    stamps: dict[str, str] = {
        PaymentState.SUBMITTED: "submitted_at",
        PaymentState.SUCCESS: "settled_at",
        PaymentState.REFUNDED: "refunded_at",
    }
    changed = {"state", "log", *fields}
    if to_state in stamps:
        setattr(payment, stamps[to_state], now)
        changed.add(stamps[to_state])
    payment.log = [*payment.log, _entry(now, to_state, source, detail, from_state=payment.state)]
    payment.state = to_state
    payment.save(update_fields=sorted(changed))


def note(payment: Payment, *, detail: Mapping[str, Any], source: str) -> None:
    """Log a message about ``payment`` that changes nothing (a refused or repeated one)."""
    payment.log = [*payment.log, _entry(timezone.now(), "", source, detail)]
    payment.save(update_fields=["log"])


def _entry(
    at: dt.datetime,
    state: str,
    source: str,
    detail: Mapping[str, Any] | None,
    *,
    from_state: str = "",
) -> dict[str, Any]:
    entry: dict[str, Any] = {"at": at.isoformat(), "state": state, "source": source}
    if from_state:
        entry["from"] = from_state
    entry["detail"] = {str(k): _plain(v) for k, v in (detail or {}).items()}
    return entry


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def last_start(payment: Payment) -> dict[str, Any]:
    """What ``start`` said when ``payment`` was submitted (redirect URL or instructions)."""
    for entry in reversed(payment.log):
        if entry.get("state") == PaymentState.SUBMITTED:
            detail: dict[str, Any] = entry.get("detail", {})
            return detail
    return {}
