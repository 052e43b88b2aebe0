"""What every local fake shares: a stdlib HTTP server on loopback served from a daemon thread,
and a request handler that reads JSON or form bodies and answers JSON, HTML or redirects.

A fake subclasses ``FakeServer`` and implements ``handler()`` (the handler class, usually a
``FakeHandler`` subclass closing over the fake); ``start()``/``stop()`` or ``with`` run it.
Only the plumbing lives here: each fake keeps its own protocol code (and the VNPay fake its own
checksum), so that a fake never shares the code it is meant to check.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

JSON = "application/json; charset=utf-8"


class FakeServer:
    """A ``ThreadingHTTPServer`` on ``host:port`` (any free port when 0), served in a thread."""

    host: str = "127.0.0.1"
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    def bind(self) -> ThreadingHTTPServer:
        """Open the socket (once), so that the URL is known before ``start()``."""
        if self._server is None:
            self._server = ThreadingHTTPServer((self.host, self.port), self.handler())
            self.port = self._server.server_address[1]
        return self._server

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Self:
        threading.Thread(target=self.bind().serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_until_interrupted(self) -> None:  # pragma: no cover (the demos' command lines)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            self.stop()


class FakeHandler(BaseHTTPRequestHandler):
    """A quiet handler with helpers to read the body and to answer."""

    def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
        return

    def read_body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def read_json(self) -> Any:
        """The JSON body (``{}`` when empty); ``ValueError`` when malformed."""
        return json.loads(self.read_body() or b"{}")

    def read_form(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.read_body().decode("utf-8")))

    def send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        """Answer ``body`` as UTF-8 JSON, as the real services do."""
        self.send(
            status, json.dumps(body, ensure_ascii=False), {"Content-Type": JSON, **(headers or {})}
        )

    def send_html(self, status: int, body: str) -> None:
        self.send(status, body, {"Content-Type": "text/html; charset=utf-8"})

    def redirect(self, location: str) -> None:
        self.send(302, "", {"Location": location})
