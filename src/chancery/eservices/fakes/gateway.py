"""A local fake of the VNPay payment gateway (API 2.1.0): a real HTTP server on loopback.

It honours the contract ``eservices.payments.gateway`` is built to, with its own code for the
checksum (so a mistake on our side is not mirrored here):

- ``GET /paymentv2/vpcpay.html?…&vnp_SecureHash=…``: checks the version, command, terminal
  code, amount and checksum (400 "code 70" page otherwise), then either shows a tiny pay page
  (outcome ``manual``: Pay / Fail / Cancel buttons) or decides at once with the configured
  outcome (``success``, ``failure``, ``cancel``). Deciding calls the merchant's IPN URL (GET
  with the signed result, as VNPay does; its JSON answer is kept in ``ipn_calls``) and then
  redirects the browser to ``vnp_ReturnUrl`` with the same signed parameters.
- ``POST /merchant_webapi/api/transaction`` with ``vnp_Command=refund``: checks the pipe-joined
  checksum, refunds a paid transaction once (``00``; ``91`` not found, ``94`` already
  refunded, ``95`` not paid, ``97`` bad checksum, ``03`` bad amount) and signs its answer.

In tests::

    with FakeVnpay(ipn_url=live_server.url + "/services/payments/ipn/vnpay/") as fake:
        settings.CHANCERY_VNPAY_PAY_URL = fake.pay_url  # and API_URL, TMN_CODE, HASH_SECRET

For ``make run`` (the demo), start it next to the server and point the settings at it::

    python -m chancery.eservices.fakes.gateway --port 8765 --outcome manual \\
        --ipn-url http://localhost:8000/services/payments/ipn/vnpay/
    CHANCERY_VNPAY_TMN_CODE=FAKETMN1 CHANCERY_VNPAY_HASH_SECRET=fake-vnpay-secret \\
    CHANCERY_VNPAY_PAY_URL=http://127.0.0.1:8765/paymentv2/vpcpay.html \\
    CHANCERY_VNPAY_API_URL=http://127.0.0.1:8765/merchant_webapi/api/transaction chancery serve
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import html
import json
import secrets
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode, urlsplit

from chancery.lib.fakeserver import FakeHandler, FakeServer

TMN_CODE = "FAKETMN1"
SECRET = "fake-vnpay-secret"  # noqa: S105 (the fake's published test secret)
OUTCOMES = {  # outcome → (vnp_ResponseCode, vnp_TransactionStatus)
    "success": ("00", "00"),
    "failure": ("51", "02"),
    "cancel": ("24", "02"),
}
REFUND_IN = [
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
]
REFUND_OUT = [
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
]


# The checksum is written again here on purpose (not imported from payments.gateway): a fake
# that signs with our own code would accept our mistakes.
def _hash(secret: str, data: str) -> str:
    return hmac.new(secret.encode(), data.encode(), hashlib.sha512).hexdigest()


def _query_hash(secret: str, params: dict[str, str]) -> str:
    keys = sorted(
        k
        for k in params
        if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")
    )
    return _hash(secret, "&".join(f"{k}={quote_plus(params[k])}" for k in keys))


def _now() -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=7)).strftime("%Y%m%d%H%M%S")


@dataclass
class FakeVnpay(FakeServer):
    """The fake gateway; ``start()``/``stop()`` or use it as a context manager."""

    tmn_code: str = TMN_CODE
    secret: str = SECRET
    outcome: str = "success"
    ipn_url: str = ""
    host: str = "127.0.0.1"
    port: int = 0
    transactions: dict[str, dict[str, str]] = field(default_factory=dict)
    ipn_calls: list[dict[str, Any]] = field(default_factory=list)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    _pending: dict[str, dict[str, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(_Handler):
            gateway = fake

        return Handler

    @property
    def pay_url(self) -> str:
        return f"{self.base_url}/paymentv2/vpcpay.html"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/merchant_webapi/api/transaction"

    # The contract ------------------------------------------------------------------------

    def check_pay_request(self, params: dict[str, str]) -> str:
        """Why VNPay would refuse this payment request ("" when it is acceptable)."""
        required = [
            "vnp_Version",
            "vnp_Command",
            "vnp_TmnCode",
            "vnp_Amount",
            "vnp_CurrCode",
            "vnp_TxnRef",
            "vnp_OrderInfo",
            "vnp_ReturnUrl",
            "vnp_IpAddr",
            "vnp_CreateDate",
            "vnp_SecureHash",
        ]
        missing = [k for k in required if not params.get(k)]
        if missing:
            return f"missing {', '.join(missing)}"
        if params["vnp_Version"] != "2.1.0" or params["vnp_Command"] != "pay":
            return "unsupported version or command"
        if params["vnp_TmnCode"] != self.tmn_code:
            return "unknown terminal"
        if not hmac.compare_digest(
            params["vnp_SecureHash"].lower(), _query_hash(self.secret, params)
        ):
            return "invalid signature"
        if not params["vnp_Amount"].isdigit() or params["vnp_CurrCode"] != "VND":
            return "invalid amount"
        return ""

    def result(self, request: dict[str, str], outcome: str) -> dict[str, str]:
        """The signed parameters sent to the return URL and the IPN for ``outcome``."""
        code, status = OUTCOMES[outcome]
        result = {
            "vnp_Amount": request["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{secrets.randbelow(10**8):08d}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": request["vnp_OrderInfo"],
            "vnp_PayDate": _now(),
            "vnp_ResponseCode": code,
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionNo": str(14000000 + secrets.randbelow(10**6)),
            "vnp_TransactionStatus": status,
            "vnp_TxnRef": request["vnp_TxnRef"],
        }
        result["vnp_SecureHash"] = _query_hash(self.secret, result)
        return result

    def decide(self, request: dict[str, str], outcome: str) -> str:
        """Settle ``request`` with ``outcome``: call the IPN, then the return URL to go to."""
        result = self.result(request, outcome)
        with self._lock:
            self.transactions[request["vnp_TxnRef"]] = {
                **result,
                "status": "paid" if outcome == "success" else outcome,
                "vnp_CreateDate": request["vnp_CreateDate"],
            }
        self.send_ipn(result)
        return f"{request['vnp_ReturnUrl']}?{urlencode(result)}"

    def send_ipn(self, params: dict[str, str]) -> dict[str, Any]:
        """GET the merchant's IPN URL with ``params``; its answer (kept in ``ipn_calls``)."""
        if not self.ipn_url:
            return {}
        call: dict[str, Any] = {"params": dict(params)}
        try:
            url = f"{self.ipn_url}?{urlencode(params)}"
            with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
                call.update(status=response.status, reply=json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            call.update(status=error.code, reply={})
        except (urllib.error.URLError, ValueError) as error:
            call.update(status=0, reply={"error": str(error)})
        with self._lock:
            self.ipn_calls.append(call)
        return call

    def replay_ipn(self, reference: str) -> dict[str, Any]:
        """Send the last IPN about ``reference`` again (VNPay retries until it gets ``00``)."""
        params = next(
            c["params"] for c in reversed(self.ipn_calls) if c["params"]["vnp_TxnRef"] == reference
        )
        return self.send_ipn(params)

    def refund(self, body: dict[str, str]) -> dict[str, str]:
        answer = {
            "vnp_ResponseId": secrets.token_hex(16),
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": str(body.get("vnp_TxnRef", "")),
            "vnp_Amount": str(body.get("vnp_Amount", "")),
            "vnp_BankCode": "NCB",
            "vnp_PayDate": _now(),
            "vnp_TransactionNo": str(body.get("vnp_TransactionNo", "")),
            "vnp_TransactionType": str(body.get("vnp_TransactionType", "")),
            "vnp_TransactionStatus": "",
            "vnp_OrderInfo": str(body.get("vnp_OrderInfo", "")),
        }
        expected = _hash(self.secret, "|".join(str(body.get(k, "")) for k in REFUND_IN))
        with self._lock:
            txn = self.transactions.get(answer["vnp_TxnRef"])
            if body.get("vnp_Command") != "refund" or not hmac.compare_digest(
                str(body.get("vnp_SecureHash", "")).lower(), expected
            ):
                code, message = "97", "Invalid Checksum"
            elif txn is None:
                code, message = "91", "Transaction not found"
            elif txn["status"] == "refunded":
                code, message = "94", "Transaction already refunded"
            elif txn["status"] != "paid":
                code, message = "95", "Transaction was not successful"
            elif answer["vnp_Amount"] != txn["vnp_Amount"]:
                code, message = "03", "Invalid amount"
            else:
                code, message = "00", "Refund success"
                txn["status"] = "refunded"
                answer["vnp_TransactionStatus"] = "05"
            self.refunds.append({"request": dict(body), "code": code})
        answer.update(vnp_ResponseCode=code, vnp_Message=message)
        answer["vnp_SecureHash"] = _hash(self.secret, "|".join(answer[k] for k in REFUND_OUT))
        return answer


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


class _Handler(FakeHandler):
    gateway: FakeVnpay

    def _page(self, status: int, title: str, body: str) -> None:
        self.send_html(status, PAGE.format(title=title, body=body))

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        if url.path == "/paymentv2/vpcpay.html":
            problem = self.gateway.check_pay_request(params)
            if problem:
                body = f"<p>Error code 70: {html.escape(problem)}</p>"
                self._page(400, "Payment refused", body)
                return
            if self.gateway.outcome == "manual":
                token = secrets.token_urlsafe(12)
                self.gateway._pending[token] = params
                amount = int(params["vnp_Amount"]) // 100
                buttons = "".join(
                    f'<button type="submit" name="outcome" value="{o}">{label}</button> '
                    for o, label in (("success", "Pay"), ("failure", "Fail"), ("cancel", "Cancel"))
                )
                body = (
                    f"<p>Order {html.escape(params['vnp_TxnRef'])}: {amount:,} VND</p>"
                    f'<form method="get" action="/paymentv2/decide">'
                    f'<input type="hidden" name="session" value="{token}">{buttons}</form>'
                )
                self._page(200, "Fake VNPay", body)
                return
            self.redirect(self.gateway.decide(params, self.gateway.outcome))
            return
        if url.path == "/paymentv2/decide":
            request = self.gateway._pending.pop(params.get("session", ""), None)
            if request is None or params.get("outcome") not in OUTCOMES:
                self._page(400, "Payment refused", "<p>Expired.</p>")
                return
            self.redirect(self.gateway.decide(request, params["outcome"]))
            return
        self._page(404, "Not found", "")

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/merchant_webapi/api/transaction":
            self._page(404, "Not found", "")
            return
        try:
            body = self.read_json()
        except ValueError:
            body = {}
        self.send_json(200, self.gateway.refund(body if isinstance(body, dict) else {}))


def main() -> None:  # pragma: no cover (a development tool)
    parser = argparse.ArgumentParser(description="A local fake VNPay gateway.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--outcome", choices=[*OUTCOMES, "manual"], default="manual")
    parser.add_argument("--ipn-url", default="http://localhost:8000/services/payments/ipn/vnpay/")
    parser.add_argument("--tmn-code", default=TMN_CODE)
    parser.add_argument("--secret", default=SECRET)
    args = parser.parse_args()
    fake = FakeVnpay(
        tmn_code=args.tmn_code,
        secret=args.secret,
        outcome=args.outcome,
        ipn_url=args.ipn_url,
        port=args.port,
    ).start()
    print(f"Fake VNPay on {fake.pay_url} (IPN → {fake.ipn_url}); Ctrl-C to stop")  # noqa: T201
    fake.serve_until_interrupted()


if __name__ == "__main__":  # pragma: no cover
    main()
