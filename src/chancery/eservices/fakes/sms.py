"""A local fake of eSMS.vn's ``SendMultipleMessage_V4_post_json`` gateway (real HTTP).

It checks the credentials and the fields the real gateway requires, answers ``CodeResult``
``"100"`` with an ``SMSID``, drops a repeated ``RequestId`` (answering with the first id),
keeps what it accepted in ``messages``, and can be told to fail the next requests
(``fail_next(n)``: HTTP 503, or a refusal code). Used by tests:

    with FakeSmsGateway(api_key="k", secret_key="s") as gateway:
        settings.CHANCERY_SMS = {"provider": "esms", "url": gateway.url, ...}

and by the demo: ``python -m chancery.eservices.fakes.sms --port 8025`` prints the settings
to export (``CHANCERY_SMS_PROVIDER=esms CHANCERY_SMS_URL=...``) and logs every message.
"""

from __future__ import annotations

import argparse
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from chancery.lib.fakeserver import FakeHandler, FakeServer

PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
REQUIRED = ("ApiKey", "SecretKey", "Phone", "Content", "SmsType")


@dataclass(frozen=True)
class Received:
    phone: str
    content: str
    brandname: str
    sms_type: str
    request_id: str
    sms_id: str
    unicode: bool


class FakeSmsGateway(FakeServer):
    def __init__(
        self,
        *,
        api_key: str = "test-key",
        secret_key: str = "test-secret",  # noqa: S107 (a fake's test credential)
        port: int = 0,
    ) -> None:
        self.api_key = api_key
        self.secret_key = secret_key
        self.messages: list[Received] = []
        self.requests = 0
        self._failures: list[tuple[int, str]] = []
        self._lock = threading.Lock()
        self.port = port
        self.bind()

    @property
    def url(self) -> str:
        return f"{self.base_url}{PATH}"

    def fail_next(self, count: int = 1, *, status: int = 503, code: str = "99") -> None:
        """Fail the next ``count`` requests: with HTTP ``status``, or (status 200) ``code``."""
        with self._lock:
            self._failures.extend([(status, code)] * count)

    def answer(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """What the gateway answers to ``payload``: (HTTP status, JSON body)."""
        with self._lock:
            self.requests += 1
            if self._failures:
                status, code = self._failures.pop(0)
                if status != 200:
                    return status, {"Message": "Service unavailable"}
                return 200, {"CodeResult": code, "ErrorMessage": "Simulated refusal"}
            if payload.get("ApiKey") != self.api_key or payload.get("SecretKey") != self.secret_key:
                return 200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"}
            if any(not str(payload.get(name, "")) for name in REQUIRED):
                return 200, {"CodeResult": "99", "ErrorMessage": "Missing parameter"}
            if payload["SmsType"] == "2" and not payload.get("Brandname"):
                return 200, {"CodeResult": "104", "ErrorMessage": "Brandname is required"}
            request_id = str(payload.get("RequestId", ""))
            for message in self.messages:
                if request_id and message.request_id == request_id:
                    return 200, {"CodeResult": "100", "SMSID": message.sms_id}
            sms_id = uuid.uuid4().hex
            self.messages.append(
                Received(
                    phone=str(payload["Phone"]),
                    content=str(payload["Content"]),
                    brandname=str(payload.get("Brandname", "")),
                    sms_type=str(payload["SmsType"]),
                    request_id=request_id,
                    sms_id=sms_id,
                    unicode=str(payload.get("IsUnicode", "0")) == "1",
                )
            )
            return 200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": sms_id}

    def handler(self) -> type[BaseHTTPRequestHandler]:
        gateway = self

        class Handler(FakeHandler):
            def do_POST(self) -> None:
                if self.path.rstrip("/") != PATH.rstrip("/"):
                    self.send_json(404, {"Message": "Not found"})
                    return
                try:
                    payload = self.read_json()
                except ValueError:
                    self.send_json(400, {"Message": "Malformed JSON"})
                    return
                self.send_json(*gateway.answer(payload if isinstance(payload, dict) else {}))

        return Handler


def main() -> None:  # pragma: no cover (the demo's entry point)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8025)
    options = parser.parse_args()
    gateway = FakeSmsGateway(port=options.port).start()
    print(f"CHANCERY_SMS_PROVIDER=esms CHANCERY_SMS_URL={gateway.url}")  # noqa: T201
    print("CHANCERY_SMS_API_KEY=test-key CHANCERY_SMS_SECRET_KEY=test-secret")  # noqa: T201
    gateway.serve_until_interrupted()


if __name__ == "__main__":  # pragma: no cover
    main()
