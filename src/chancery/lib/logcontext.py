"""What every log record of a unit of work carries: request id, user, route, job.

The middleware (or the job worker) binds the values when the work starts and resets them when
it ends; ``ContextFilter`` copies them onto each record, so a log line written deep inside an
action is tied to its request without passing the request around. Context variables follow the
work across threads started through asgiref and across ``await``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar, Token

FIELDS = ("request_id", "user_id", "route", "job_id", "task")

_vars: dict[str, ContextVar[str | int | None]] = {
    name: ContextVar(f"chancery_log_{name}", default=None) for name in FIELDS
}


def get(name: str) -> str | int | None:
    return _vars[name].get()


def bind(**values: str | int | None) -> dict[str, Token[str | int | None]]:
    """Set some fields for the current context; returns tokens for ``reset``."""
    return {name: _vars[name].set(value) for name, value in values.items()}


def reset(tokens: dict[str, Token[str | int | None]]) -> None:
    for name, token in tokens.items():
        _vars[name].reset(token)


@contextlib.contextmanager
def bound(**values: str | int | None) -> Iterator[None]:
    tokens = bind(**values)
    try:
        yield
    finally:
        reset(tokens)


class ContextFilter(logging.Filter):
    """Copies the bound fields onto each record (never overriding an explicit ``extra``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in _vars.items():
            value = var.get()
            if value is not None and not hasattr(record, name):
                setattr(record, name, value)
        return True
