"""Online card and QR payment through VNPay (payment API version 2.1.0).

Built to VNPay's published merchant integration guide (sandbox.vnpayment.vn/apis/docs:
"Hướng dẫn tích hợp", "Chuyển đổi phiên bản và thuật toán mã hóa", "API querydr, refund"):

- **Pay** (browser redirect, GET ``CHANCERY_VNPAY_PAY_URL``): ``vnp_Version=2.1.0``,
  ``vnp_Command=pay``, ``vnp_TmnCode``, ``vnp_Amount`` (VND × 100, no separators),
  ``vnp_CurrCode=VND``, ``vnp_TxnRef`` (our payment reference), ``vnp_OrderInfo`` (no
  diacritics), ``vnp_OrderType=other``, ``vnp_Locale`` (``vn``/``en``), ``vnp_ReturnUrl``,
  ``vnp_IpAddr``, ``vnp_CreateDate`` and ``vnp_ExpireDate`` (``yyyyMMddHHmmss``, GMT+7), then
  ``vnp_SecureHash``: HMAC-SHA512 (hex) with the hash secret over the parameters sorted by name,
  each ``name=quote_plus(value)``, joined with ``&``. Version 2.1.0 sends no
  ``vnp_SecureHashType``.
- **Return URL** (browser) and **IPN** (VNPay's server calls the IPN URL registered with the
  merchant account, by GET with the same parameters): ``vnp_TxnRef``, ``vnp_Amount``,
  ``vnp_ResponseCode`` (``00`` success, ``24`` cancelled by the customer, other codes failure),
  ``vnp_TransactionStatus``, ``vnp_TransactionNo``, ``vnp_BankCode``, ``vnp_PayDate``…, signed
  the same way (``vnp_SecureHash`` and ``vnp_SecureHashType`` left out of the signed data).
  The IPN answers JSON ``{"RspCode": "00", "Message": "Confirm Success"}``, or ``01`` order not
  found, ``02`` order already confirmed, ``04`` invalid amount, ``97`` invalid checksum, ``99``
  unknown error.
- **Refund** (POST JSON to ``CHANCERY_VNPAY_API_URL``, ``vnp_Command=refund``,
  ``vnp_TransactionType=02`` full refund): checksum HMAC-SHA512 over ``vnp_RequestId |
  vnp_Version | vnp_Command | vnp_TmnCode | vnp_TransactionType | vnp_TxnRef | vnp_Amount |
  vnp_TransactionNo | vnp_TransactionDate | vnp_CreateBy | vnp_CreateDate | vnp_IpAddr |
  vnp_OrderInfo``; the answer is checked over ``vnp_ResponseId | vnp_Command |
  vnp_ResponseCode | vnp_Message | vnp_TmnCode | vnp_TxnRef | vnp_Amount | vnp_BankCode |
  vnp_PayDate | vnp_TransactionNo | vnp_TransactionType | vnp_TransactionStatus |
  vnp_OrderInfo``.

Not confirmed against a live VNPay account (the sandbox restricts ``refund``): the exact order
of the refund checksum fields (taken from the published page and its sample code), the refund
error codes other than ``00`` (we treat any other as a refusal and log it), and whether VNPay
calls the IPN for a payment the customer cancelled (we handle it either way). VNPay advises
updating orders from the IPN only; we also apply a verified Return URL through the same
idempotent path, so an applicant whose IPN is late still sees the right result.

Settings (environment; secrets may come from ``NAME_FILE``): ``CHANCERY_VNPAY_TMN_CODE``,
``CHANCERY_VNPAY_HASH_SECRET``, ``CHANCERY_VNPAY_PAY_URL``, ``CHANCERY_VNPAY_API_URL``,
``CHANCERY_VNPAY_EXPIRE_MINUTES`` (15). The provider is offered once the first two are set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote_plus, urlencode
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chancery.eservices.models import Payment
from chancery.eservices.payments.providers import (
    GatewayMessage,
    InvalidSignature,
    NotificationResult,
    Outcome,
    PaymentError,
    StartResult,
    last_start,
    setting,
)

VERSION = "2.1.0"
SANDBOX_PAY_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
SANDBOX_API_URL = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
UNSIGNED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
IPN_REPLIES = {
    NotificationResult.CONFIRMED: ("00", "Confirm Success"),
    NotificationResult.NOT_FOUND: ("01", "Order not found"),
    NotificationResult.ALREADY_CONFIRMED: ("02", "Order already confirmed"),
    NotificationResult.AMOUNT_INVALID: ("04", "Invalid amount"),
    NotificationResult.INVALID_SIGNATURE: ("97", "Invalid Checksum"),
    NotificationResult.ERROR: ("99", "Unknown error"),
}
REFUND_FIELDS = (
    "vnp_RequestId",
    "vnp_Version",
    "vnp_Command",
    "vnp_TmnCode",
    "vnp_TransactionType",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_TransactionNo",
    "vnp_TransactionDate",
    "vnp_CreateBy",
    "vnp_CreateDate",
    "vnp_IpAddr",
    "vnp_OrderInfo",
)
REFUND_ANSWER_FIELDS = (
    "vnp_ResponseId",
    "vnp_Command",
    "vnp_ResponseCode",
    "vnp_Message",
    "vnp_TmnCode",
    "vnp_TxnRef",
    "vnp_Amount",
    "vnp_BankCode",
    "vnp_PayDate",
    "vnp_TransactionNo",
    "vnp_TransactionType",
    "vnp_TransactionStatus",
    "vnp_OrderInfo",
)


def hmac_sha512(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode("utf-8"), hashlib.sha512).hexdigest()


def signed_data(params: Mapping[str, str]) -> str:
    """The string VNPay signs: ``vnp_`` parameters but the hash, sorted, URL-encoded."""
    pairs = sorted((k, v) for k, v in params.items() if k.startswith("vnp_") and k not in UNSIGNED)
    return "&".join(f"{k}={quote_plus(str(v))}" for k, v in pairs)


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac_sha512(secret, signed_data(params))


def verify(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def vnp_date(at: dt.datetime) -> str:
    return at.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def vnp_amount(amount: Decimal) -> str:
    return str(int((amount * 100).to_integral_value()))


def ascii_text(text: str, limit: int = 255) -> str:
    """VNPay wants order information in Vietnamese without diacritics, no special characters."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in plain if c.isascii() and (c.isalnum() or c in " -.:"))
    return " ".join(kept.split())[:limit]


class Vnpay:
    """The VNPay adapter (``PaymentProvider``)."""

    code = "vnpay"
    online = True

    @property
    def label(self) -> str | Promise:
        return _("Card, bank app or QR code (VNPay)")

    @property
    def tmn_code(self) -> str:
        return setting("CHANCERY_VNPAY_TMN_CODE")

    @property
    def secret(self) -> str:
        return setting("CHANCERY_VNPAY_HASH_SECRET")

    def is_configured(self) -> bool:
        return bool(self.tmn_code and self.secret)

    def start(self, payment: Payment, return_url: str, *, client_ip: str) -> StartResult:
        now = timezone.now()
        minutes = int(setting("CHANCERY_VNPAY_EXPIRE_MINUTES", "15") or 15)
        language = payment.dossier.language if payment.dossier_id else "vi"
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": vnp_amount(payment.amount),
            "vnp_CurrCode": payment.currency or "VND",
            "vnp_TxnRef": payment.reference,
            "vnp_OrderInfo": ascii_text(f"Le phi ho so {payment.dossier.code} {payment.reference}"),
            "vnp_OrderType": "other",
            "vnp_Locale": "vn" if language == "vi" else "en",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": vnp_date(now),
            "vnp_ExpireDate": vnp_date(now + dt.timedelta(minutes=minutes)),
        }
        query = signed_data(params)
        url = f"{setting('CHANCERY_VNPAY_PAY_URL', SANDBOX_PAY_URL)}?{query}"
        url += f"&vnp_SecureHash={sign(params, self.secret)}"
        return StartResult(
            redirect_url=url,
            detail={"redirect_url": url, "vnp_CreateDate": params["vnp_CreateDate"]},
        )

    def _message(self, params: Mapping[str, str]) -> GatewayMessage:
        if not self.secret or not verify(params, self.secret):
            raise InvalidSignature()
        if params.get("vnp_TmnCode", self.tmn_code) != self.tmn_code:
            raise InvalidSignature()
        try:
            amount = Decimal(params.get("vnp_Amount", "")) / 100
        except InvalidOperation:
            raise InvalidSignature() from None
        code = params.get("vnp_ResponseCode", "")
        status = params.get("vnp_TransactionStatus", code)
        if code == "00" and status == "00":
            outcome = Outcome.SUCCESS
        elif code == "24":
            outcome = Outcome.CANCELLED
        else:
            outcome = Outcome.FAILED
        detail = {k: v for k, v in params.items() if k.startswith("vnp_") and k not in UNSIGNED}
        return GatewayMessage(
            reference=params.get("vnp_TxnRef", ""),
            outcome=outcome,
            amount=amount,
            external_id=params.get("vnp_TransactionNo", ""),
            detail=detail,
        )

    def handle_return(self, params: Mapping[str, str]) -> GatewayMessage:
        return self._message(params)

    def handle_notification(self, params: Mapping[str, str]) -> GatewayMessage:
        return self._message(params)

    def notification_reply(self, result: NotificationResult) -> dict[str, str]:
        code, message = IPN_REPLIES[result]
        return {"RspCode": code, "Message": message}

    def refund(self, payment: Payment, *, by: str, reason: str) -> dict[str, Any]:
        """Ask VNPay to refund ``payment`` in full (``vnp_TransactionType=02``)."""
        now = timezone.now()
        request = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionType": "02",
            "vnp_TxnRef": payment.reference,
            "vnp_Amount": vnp_amount(payment.amount),
            "vnp_TransactionNo": payment.external_id,
            "vnp_TransactionDate": str(last_start(payment).get("vnp_CreateDate", "")),
            "vnp_CreateBy": ascii_text(by, 250) or "chancery",
            "vnp_CreateDate": vnp_date(now),
            "vnp_IpAddr": "127.0.0.1",
            "vnp_OrderInfo": ascii_text(f"Hoan tien {payment.reference} {reason}"),
        }
        request["vnp_SecureHash"] = hmac_sha512(
            self.secret, "|".join(request[k] for k in REFUND_FIELDS)
        )
        answer = _post_json(setting("CHANCERY_VNPAY_API_URL", SANDBOX_API_URL), request)
        expected = hmac_sha512(
            self.secret, "|".join(str(answer.get(k, "")) for k in REFUND_ANSWER_FIELDS)
        )
        if not hmac.compare_digest(str(answer.get("vnp_SecureHash", "")).lower(), expected):
            raise PaymentError(_("The payment gateway's answer could not be verified."))
        if answer.get("vnp_ResponseCode") != "00":
            raise PaymentError(
                _("The payment gateway refused the refund (code %(code)s: %(message)s).")
                % {"code": answer.get("vnp_ResponseCode"), "message": answer.get("vnp_Message")}
            )
        return {k: v for k, v in answer.items() if k != "vnp_SecureHash"}


def _post_json(url: str, body: Mapping[str, str]) -> dict[str, Any]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(  # noqa: S310 (the URL is our own setting)
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise PaymentError(_("The payment gateway could not be reached. Try again later.")) from exc
    if not isinstance(answer, dict):
        raise PaymentError(_("The payment gateway's answer could not be verified."))
    return answer


def query_string(params: Mapping[str, str]) -> str:
    """Parameters as a query string (for tests and the fake)."""
    return urlencode(params)
