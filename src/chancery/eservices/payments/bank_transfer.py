"""Bank transfer with manual reconciliation.

The applicant is shown the account, the bank, the amount and the payment's unique reference to
quote in the transfer's description. Officers then confirm each transfer, one by one from the
reconciliation page or in bulk by importing the bank statement as CSV (``reference, amount,
date``): a line whose amount differs from what is due is flagged, never accepted.

Settings (environment, secrets also from ``NAME_FILE``): ``CHANCERY_PAYMENT_BANK_NAME``,
``CHANCERY_PAYMENT_BANK_ACCOUNT``, ``CHANCERY_PAYMENT_BANK_HOLDER``,
``CHANCERY_PAYMENT_BANK_BRANCH`` (optional). The method is offered once the account is set.
One account serves the instance; per-mission accounts are not modelled yet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chancery.eservices.models import Payment
from chancery.eservices.payments.providers import (
    GatewayMessage,
    NotificationResult,
    PaymentError,
    StartResult,
    setting,
)

# Our references: ``LP`` + yymmdd + six characters without look-alikes (see actions).
REFERENCE_PATTERN = re.compile(r"LP\d{6}[A-HJ-NP-Z2-9]{6}")
MAX_STATEMENT_BYTES = 2 * 1024 * 1024
MAX_STATEMENT_LINES = 5000


class StatementError(PaymentError):
    code = "invalid-statement"
    status = 400


class BankTransfer:
    """Bank transfer (``PaymentProvider``): no gateway; officers reconcile by reference."""

    code = "bank_transfer"
    online = False

    @property
    def label(self) -> str | Promise:
        return _("Bank transfer")

    def is_configured(self) -> bool:
        return bool(setting("CHANCERY_PAYMENT_BANK_ACCOUNT"))

    def instructions(self, payment: Payment) -> dict[str, str]:
        """What the applicant needs to make the transfer."""
        return {
            "bank": setting("CHANCERY_PAYMENT_BANK_NAME"),
            "branch": setting("CHANCERY_PAYMENT_BANK_BRANCH"),
            "account": setting("CHANCERY_PAYMENT_BANK_ACCOUNT"),
            "holder": setting("CHANCERY_PAYMENT_BANK_HOLDER"),
            "amount": f"{payment.amount:.0f}" if payment.currency == "VND" else str(payment.amount),
            "currency": payment.currency,
            "reference": payment.reference,
        }

    def start(self, payment: Payment, return_url: str, *, client_ip: str) -> StartResult:
        instructions = self.instructions(payment)
        return StartResult(instructions=instructions, detail={"instructions": instructions})

    def handle_return(self, params: Mapping[str, str]) -> GatewayMessage:
        raise PaymentError(_("A bank transfer has no gateway to return from."))

    def handle_notification(self, params: Mapping[str, str]) -> GatewayMessage:
        raise PaymentError(_("A bank transfer has no gateway to return from."))

    def notification_reply(self, result: NotificationResult) -> dict[str, str]:
        return {"result": str(result)}

    def refund(self, payment: Payment, *, by: str, reason: str) -> dict[str, Any]:
        # The money goes back by a transfer the officer makes; we record that they did.
        return {"manual": True, "by": by, "reason": reason}


@dataclass(frozen=True)
class StatementLine:
    number: int
    reference: str
    amount: Decimal | None
    date: dt.date | None
    raw: str
    problem: str = ""


def parse_statement(content: bytes) -> list[StatementLine]:
    """The lines of a bank statement CSV (``reference, amount, date``, header optional).

    A reference may sit inside a longer description (``CK LP261126ABCDEF le phi``): the first
    of our references found in it is used. Refuses a file too large, not UTF-8, or not CSV.
    """
    if len(content) > MAX_STATEMENT_BYTES:
        raise StatementError(_("The statement is too large (at most 2 MB)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError(_("The statement must be a CSV file in UTF-8.")) from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise StatementError(_("The statement is not a readable CSV file.")) from None
    if len(rows) > MAX_STATEMENT_LINES:
        raise StatementError(_("The statement has too many lines (at most 5,000)."))
    lines = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if number == 1 and row and row[0].strip().lower() in {"reference", "ref", "mã tham chiếu"}:
            continue
        lines.append(_line(number, row))
    if not lines:
        raise StatementError(_("The statement has no lines."))
    return lines


def _line(number: int, row: list[str]) -> StatementLine:
    raw = ",".join(row)[:300]
    if len(row) < 3:
        return StatementLine(
            number, "", None, None, raw, str(_("Expected reference, amount, date."))
        )
    found = REFERENCE_PATTERN.search(row[0].strip().upper())
    reference = found.group(0) if found else row[0].strip()[:40]
    amount = _amount(row[1])
    date = _date(row[2])
    problem = ""
    if amount is None:
        problem = str(_("The amount cannot be read."))
    elif date is None:
        problem = str(_("The date cannot be read."))
    return StatementLine(number, reference, amount, date, raw, problem)


def _amount(value: str) -> Decimal | None:
    cleaned = value.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount >= 0 else None


def _date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    return None
