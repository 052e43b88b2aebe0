"""One JSON object per log line, for log shippers."""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import threading
import time
from datetime import UTC, datetime
from typing import Any

_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def json_line(created: float, level: str, logger: str, msg: str, fields: dict[str, Any]) -> str:
    """One log line: time (UTC, milliseconds), level, logger, message, then ``fields`` (a
    value other than a string, number or boolean as its ``repr``)."""
    payload: dict[str, Any] = {
        "ts": datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds"),
        "level": level,
        "logger": logger,
        "msg": msg,
    }
    for key, value in fields.items():
        payload[key] = value if isinstance(value, str | int | float | bool) else repr(value)
    return json.dumps(payload, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {
            key: value
            for key, value in vars(record).items()
            if key not in _RESERVED and not key.startswith("_")
        }
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        return json_line(
            record.created, record.levelname.lower(), record.name, record.getMessage(), fields
        )


class BatchingStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that writes its lines in batches, as nginx's buffered access log does:
    when ``batch_bytes`` are waiting, at least every ``flush_seconds`` (a thread of the process
    that logs, started at its first line), when the handler is flushed or closed, and when the
    process exits. One write per batch instead of one per line: under load, a write per request
    (and the lock and the wait for the interpreter after it) is a fifth of a cached page's cost.
    What a killed process had not written yet (at most ``flush_seconds`` of lines) is lost.

    The exit flush is the handler's own (``atexit``, inherited by forked workers), not logging's
    shutdown: a gunicorn worker loads Django, whose logging set-up closes every handler it finds
    and drops it from the list that logging flushes at exit, while gunicorn keeps writing its
    access lines to it."""

    def __init__(
        self, stream: Any = None, *, flush_seconds: float = 0.1, batch_bytes: int = 64 * 1024
    ) -> None:
        super().__init__(stream)
        self.flush_seconds, self.batch_bytes = flush_seconds, batch_bytes
        self.pending: list[str] = []
        self.pending_bytes = 0
        # The running flusher: the process it runs in, and a mark of its own so that a flusher
        # stopped by ``close`` ends even if a later line starts another one at once.
        self._flusher: tuple[int, object] | None = None
        atexit.register(self._flush_at_exit)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        self.write_line(line)

    def write_line(self, line: str) -> None:
        """Queue one formatted line (a caller that formats its own lines skips the record)."""
        line += self.terminator
        flusher = self._flusher
        if flusher is None or flusher[0] != os.getpid():
            # None yet, stopped by close, or the parent's (a thread does not survive a fork).
            self._start_flusher()
        with self.lock:  # type: ignore[union-attr]
            self.pending.append(line)
            self.pending_bytes += len(line)
            full = self.pending_bytes >= self.batch_bytes
        if full:
            self.flush()

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]
            if self.pending:
                text, self.pending, self.pending_bytes = "".join(self.pending), [], 0
                try:
                    self.stream.write(text)
                except Exception:
                    return  # the stream is gone (closed at exit); nothing else to do
            super().flush()

    def close(self) -> None:
        self.flush()
        self._flusher = None  # the flusher thread ends at its next turn
        super().close()

    def _flush_at_exit(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # the stream was closed before the exit
            self.flush()

    def _start_flusher(self) -> None:
        mark = (os.getpid(), object())
        self._flusher = mark
        threading.Thread(
            target=self._flush_every, args=(mark,), name="log-flusher", daemon=True
        ).start()

    def _flush_every(self, mark: tuple[int, object]) -> None:
        while self._flusher is mark:
            time.sleep(self.flush_seconds)
            self.flush()
