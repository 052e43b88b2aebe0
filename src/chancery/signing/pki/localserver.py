"""A real HTTP server publishing an in-memory hierarchy's CA certificates, CRLs and OCSP.

Independent validators (pyHanko's command line, pdfsig) fetch revocation information from the
URLs in the certificates; tests and benchmarks point those URLs here. It speaks the same paths
as Chancery's own endpoints (``/pki/ca/``, ``/pki/crl/``, ``/pki/ocsp/``, ``/pki/tsa/``).
"""

from __future__ import annotations

import base64
import datetime as dt
import socket
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization

from chancery.signing.pki.revocation import CertState, answer_ocsp_request

if TYPE_CHECKING:
    from cryptography import x509

    from chancery.signing.pki.material import Hierarchy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PkiServer:
    """Serve ``hierarchy`` on 127.0.0.1:``port`` in a background thread until ``stop()``."""

    def __init__(
        self,
        hierarchy: Hierarchy,
        port: int,
        *,
        tsa_answer: Callable[[bytes], bytes] | None = None,
    ) -> None:
        self.hierarchy = hierarchy
        self.port = port
        self.tsa_answer = tsa_answer
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                server.requests.append(self.path)

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                path = urllib.parse.urlparse(self.path).path
                server.requests.append(path)
                answer = server.get(path)
                if answer is None:
                    self._send(404, b"not found", "text/plain")
                else:
                    self._send(200, *answer)

            def do_POST(self) -> None:
                path = urllib.parse.urlparse(self.path).path
                server.requests.append(path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if path == "/pki/ocsp/":
                    self._send(200, server.ocsp(body), "application/ocsp-response")
                elif path == "/pki/tsa/" and server.tsa_answer is not None:
                    self._send(200, server.tsa_answer(body), "application/timestamp-reply")
                else:
                    self._send(404, b"not found", "text/plain")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> PkiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def get(self, path: str) -> tuple[bytes, str] | None:
        h = self.hierarchy
        now = dt.datetime.now(dt.UTC)
        certs = {"root": h.root.certificate, "issuing": h.issuing.certificate}
        if path.startswith("/pki/ca/") and path.endswith(".crt"):
            cert = certs.get(path[len("/pki/ca/") : -4])
            if cert is not None:
                return cert.public_bytes(serialization.Encoding.DER), "application/pkix-cert"
        if path.startswith("/pki/crl/") and path.endswith(".crl"):
            name = path[len("/pki/crl/") : -4]
            if name in certs:
                root_crl, issuing_crl = h.crls(now)
                return (root_crl if name == "root" else issuing_crl), "application/pkix-crl"
        if path.startswith("/pki/ocsp/") and len(path) > len("/pki/ocsp/"):
            encoded = urllib.parse.unquote(path[len("/pki/ocsp/") :])
            return self.ocsp(base64.b64decode(encoded)), "application/ocsp-response"
        return None

    def ocsp(self, request_der: bytes) -> bytes:
        h = self.hierarchy

        def lookup(
            issuer_key_hash: bytes, serial: int
        ) -> tuple[x509.Certificate, x509.Certificate, CertState] | None:
            cert = h.issued.get(serial)
            if cert is None:
                return None
            return cert, h.issuing.certificate, h.state_of(cert)

        return answer_ocsp_request(
            request_der,
            lookup=lookup,
            responder=h.ocsp.certificate,
            responder_key=h.ocsp.key,
            now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
        )
