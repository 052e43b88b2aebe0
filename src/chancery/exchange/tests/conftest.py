"""Fixtures of the exchange tests: this instance as its own peer ("loopback"), signed posts."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from chancery.exchange import identity, wire
from chancery.exchange.models import Peer


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _instance_key(settings: Any, tmp_path: Path) -> None:
    """Every test gets a fresh instance key of its own; this instance is "hq"."""
    settings.CHANCERY_INSTANCE_CODE = "hq"
    settings.CHANCERY_INSTANCE_KEY_PATH = tmp_path / "keys" / "instance.pem"


@pytest.fixture
def loopback(db: None) -> Peer:
    """This instance as its own peer: what it sends comes back to its own inbox, which is
    enough to run the whole protocol (requests, signatures, receipts) in one process."""
    return Peer.objects.create(
        code="hq",
        name="Loopback",
        base_url="http://127.0.0.1:9",
        public_key=identity.public_key_b64(),
    )


Post = Callable[..., Any]


def message(seq: int, kind: str = "exchange.ping", **payload: Any) -> dict[str, Any]:
    body = payload or {"n": seq}
    return {
        "id": str(uuid.uuid4()),
        "seq": seq,
        "kind": kind,
        "payload": body,
        "sha256": identity.sha256_of(body),
    }


@pytest.fixture
def signed_post(client: Client) -> Post:
    """POST a batch to the inbox as the loopback peer, signed unless told otherwise."""

    def post(
        messages: list[dict[str, Any]],
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        sender: str = "hq",
    ) -> Any:
        body = identity.canonical_json({"sender": sender, "receiver": "hq", "messages": messages})
        stamp = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            wire.HEADER_INSTANCE: sender,
            wire.HEADER_TIMESTAMP: stamp,
            wire.HEADER_SIGNATURE: signature or wire.sign_request("POST", wire.PATH, stamp, body),
        }
        response = client.post(wire.PATH, body, content_type="application/json", headers=headers)
        return response

    return post


def answer(response: Any) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(response.content)
    return result
