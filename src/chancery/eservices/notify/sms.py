"""Text messages: a small provider interface, a registry, and the eSMS.vn brandname gateway.

The provider is chosen by ``settings.CHANCERY_SMS`` (``{"provider": "esms", ...}``; an empty
provider turns SMS off). ``EsmsProvider`` speaks eSMS.vn's published JSON API
``SendMultipleMessage_V4_post_json`` (https://developers.esms.vn/): a POST of ``ApiKey``,
``SecretKey``, ``Phone``, ``Content``, ``SmsType`` (2: customer care, from a registered
``Brandname``), ``IsUnicode``, ``Sandbox`` and ``RequestId`` (the gateway drops a repeated
request id, so a retry after a lost answer does not text twice); ``CodeResult`` ``"100"``
means accepted, anything else carries an ``ErrorMessage``. ``eservices.fakes.sms`` is a local
server honouring the same contract, used by the tests and the demo.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings

ESMS_URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ACCEPTED = "100"


class SmsError(Exception):
    """The gateway could not be reached or refused the message (the job retries)."""


class SmsProvider(Protocol):
    """Sends one text; returns the gateway's message id or raises ``SmsError``."""

    name: str

    def send(self, phone: str, text: str, *, reference: str) -> str: ...


REGISTRY: dict[str, Callable[[dict[str, Any]], SmsProvider]] = {}


def register(name: str, factory: Callable[[dict[str, Any]], SmsProvider]) -> None:
    """Make ``name`` a value of ``CHANCERY_SMS["provider"]``; ``factory`` gets the settings."""
    REGISTRY[name] = factory


def _config() -> dict[str, Any]:
    return dict(getattr(settings, "CHANCERY_SMS", None) or {})


def configured() -> bool:
    return bool(_config().get("provider"))


def provider() -> SmsProvider | None:
    """The configured provider, or None when SMS is off."""
    config = _config()
    name = config.get("provider")
    if not name:
        return None
    try:
        return REGISTRY[name](config)
    except KeyError:
        raise SmsError(f"unknown SMS provider {name!r}") from None


def normalise_phone(phone: str) -> str:
    """Digits only, with Vietnam's +84 written the way the gateway wants it (0…)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+84") or (digits.startswith("84") and len(digits) == 11):
        digits = "0" + digits[2:]
    return digits


class EsmsProvider:
    """eSMS.vn brandname customer-care messages (SmsType 2)."""

    name = "esms"

    def __init__(self, config: dict[str, Any]) -> None:
        self.url = str(config.get("url") or ESMS_URL)
        self.api_key = str(config.get("api_key", ""))
        self.secret_key = str(config.get("secret_key", ""))
        self.brandname = str(config.get("brandname", ""))
        self.sms_type = str(config.get("sms_type") or "2")
        self.sandbox = bool(config.get("sandbox", False))
        self.timeout = float(config.get("timeout", 10))

    def payload(self, phone: str, text: str, reference: str) -> dict[str, str]:
        return {
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Phone": normalise_phone(phone),
            "Content": text,
            "Brandname": self.brandname,
            "SmsType": self.sms_type,
            "IsUnicode": "0" if text.isascii() else "1",
            "Sandbox": "1" if self.sandbox else "0",
            "RequestId": reference,
        }

    def send(self, phone: str, text: str, *, reference: str) -> str:
        body = json.dumps(self.payload(phone, text, reference)).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 (the URL comes from settings)
            self.url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise SmsError(f"SMS gateway unreachable or garbled: {exc}") from exc
        code = str(answer.get("CodeResult", ""))
        if code != ACCEPTED:
            raise SmsError(f"SMS gateway refused the message: {code} {answer.get('ErrorMessage')}")
        return str(answer.get("SMSID", ""))


register("esms", EsmsProvider)
