"""Handlers of incoming messages and hooks on receipts, registered per message kind."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

Handler = Callable[[str, uuid.UUID, dict[str, Any]], None]
ReceiptHook = Callable[[str, uuid.UUID, dict[str, Any], datetime], None]

_handlers: dict[str, Handler] = {}
_receipt_hooks: dict[str, ReceiptHook] = {}


def register_handler(kind: str, handler: Handler) -> None:
    """Handle incoming messages of ``kind`` (one handler per kind; the last one wins)."""
    _handlers[kind] = handler


def register_receipt_hook(kind: str, hook: ReceiptHook) -> None:
    """Be told, in the transaction that stores it, that a peer receipted a message of ``kind``."""
    _receipt_hooks[kind] = hook


def handler_for(kind: str) -> Handler | None:
    return _handlers.get(kind)


def receipt_hook_for(kind: str) -> ReceiptHook | None:
    return _receipt_hooks.get(kind)
