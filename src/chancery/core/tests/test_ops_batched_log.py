"""The access log's batching handler (``lib.jsonlog.BatchingStreamHandler``): lines are written
in batches, by size and by time, every line once and in order, and nothing is left behind when
the handler is flushed or closed, nor when the process exits."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
import threading
import time

from chancery.lib.jsonlog import BatchingStreamHandler, JsonFormatter, json_line


class CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def _logger(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger(f"test.batched.{id(handler)}")
    logger.propagate = False
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    return logger


def test_lines_wait_for_a_full_batch_and_are_written_together_in_order() -> None:
    stream = CountingStream()
    handler = BatchingStreamHandler(stream, flush_seconds=60, batch_bytes=1000)
    logger = _logger(handler)
    for n in range(9):
        logger.info("line %03d %s", n, "x" * 91)  # 101 bytes each, the line's end included
    assert stream.getvalue() == ""
    logger.info("line 009 %s", "x" * 91)  # the batch is full
    assert stream.writes == 1
    handler.close()
    lines = stream.getvalue().splitlines()
    assert [line[:8] for line in lines] == [f"line {n:03d}" for n in range(10)]


def test_a_quiet_log_is_written_within_the_flush_interval() -> None:
    stream = CountingStream()
    logger = _logger(BatchingStreamHandler(stream, flush_seconds=0.05))
    logger.info("one request")
    deadline = time.monotonic() + 5
    while not stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stream.getvalue() == "one request\n"


def test_closing_writes_what_is_waiting_and_formatted_lines_match_the_formatter() -> None:
    stream = CountingStream()
    handler = BatchingStreamHandler(stream, flush_seconds=60)
    handler.setFormatter(JsonFormatter())
    logger = _logger(handler)
    logger.info("GET / 200", extra={"status": 200, "bytes": None})
    handler.write_line(json_line(time.time(), "info", logger.name, "GET / 200", {"status": 200}))
    assert stream.getvalue() == ""
    handler.close()

    through_record, direct = (json.loads(line) for line in stream.getvalue().splitlines())
    assert through_record.pop("bytes") == "None"  # what is not plain is written as its repr
    assert through_record.keys() == direct.keys()
    assert {k: v for k, v in through_record.items() if k != "ts"} == {
        k: v for k, v in direct.items() if k != "ts"
    }


def test_lines_waiting_when_a_forked_worker_exits_are_written_though_logging_closed_it() -> None:
    # As in ``chancery serve``: the handler is made in gunicorn's master, the worker is forked,
    # loads Django (whose logging set-up closes the handler and drops it from the handlers that
    # logging flushes at exit), keeps writing to it, and exits before the flusher's next turn.
    script = """
import logging, logging.config, os, sys
from chancery.lib.jsonlog import BatchingStreamHandler
handler = BatchingStreamHandler(sys.stdout, flush_seconds=60)
logging.getLogger("gunicorn.access").addHandler(handler)
pid = os.fork()
if pid == 0:
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
    handler.write_line("the worker's last line")
    sys.exit(0)
os.waitpid(pid, 0)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout == "the worker's last line\n"
    assert result.stderr == ""


def _flushers() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name == "log-flusher")


def test_a_closed_handler_still_writes_with_one_flusher_and_none_once_closed_again() -> None:
    running = _flushers()  # other tests' handlers that were never closed
    stream = CountingStream()
    handler = BatchingStreamHandler(stream, flush_seconds=0.02)
    handler.write_line("before")
    handler.close()
    handler.write_line("after")  # gunicorn keeps writing to a handler logging has closed
    deadline = time.monotonic() + 5
    while "after" not in stream.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # the first flusher's next turn has come
    assert stream.getvalue() == "before\nafter\n"
    assert _flushers() == running + 1
    handler.close()
    time.sleep(0.1)
    assert _flushers() == running
