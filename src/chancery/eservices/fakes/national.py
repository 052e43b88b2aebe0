"""A local fake of the national public-service portal: a real HTTP server in a thread.

It honours the contract ``national.client`` speaks (see its docstring): ``POST /auth`` gives a
session for the right client credentials; ``POST /integration`` (Bearer session) serves
``LayDanhSachTTHC`` (a few procedures in the portal's format), ``DongBoHoSoMC`` (validates the
required fields and the status code, keeps what it received per dossier, drops a repeated sync
key) and ``CapNhatTienDoHoSoMC`` (progress lines). ``fail_next(n)`` makes the next ``n``
integration requests answer 503, to test retries.

    with FakeNationalPortal(client_id="chancery", client_secret="…") as fake:
        settings.CHANCERY_NATIONAL_PORTAL_URL = fake.url
"""

from __future__ import annotations

import secrets
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

from chancery.lib.fakeserver import FakeHandler, FakeServer

# The portal's ten dossier status codes (``constants.NationalStatus``), spelled out here so the
# fake runs on its own, without Django (``python -m chancery.eservices.fakes.national``).
STATUS_CODES = frozenset(str(code) for code in range(1, 11))

REQUIRED_DOSSIER_FIELDS = (
    "MaHoSo",
    "MaTTHC",
    "SoBienNhan",
    "ChuHoSo",
    "LoaiDoiTuong",
    "NgayTiepNhan",
    "NgayHenTra",
    "TrangThaiHoSo",
    "DonViXuLy",
)
REQUIRED_PROGRESS_FIELDS = ("MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "TrangThai")

CATALOGUE: list[dict[str, Any]] = [
    {
        "MATTHC": "1.005129",
        "TENTTHC": "Hợp pháp hóa lãnh sự giấy tờ, tài liệu tại các cơ quan ở nước ngoài",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G09-NG05", "TENLINHVUC": "Lãnh sự"}],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": "1",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "1",
                        "DONVITINH": "Ngày làm việc",
                        "PHILEPHI": [{"SOTIEN": "10", "DONVI": "USD", "MOTA": "Lệ phí"}],
                    }
                ],
            },
            {
                "KENH": "2",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "1",
                        "DONVITINH": "Ngày làm việc",
                        "PHILEPHI": [{"SOTIEN": "10", "DONVI": "USD", "MOTA": "Lệ phí"}],
                    }
                ],
            },
        ],
        "MUCDO": "4",
    },
    {
        "MATTHC": "1.010180",
        "TENTTHC": "Cấp hộ chiếu phổ thông ở nước ngoài",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G09-NG05", "TENLINHVUC": "Lãnh sự"}],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": "1",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": "5",
                        "DONVITINH": "Ngày làm việc",
                        "PHILEPHI": [{"SOTIEN": "70", "DONVI": "USD", "MOTA": "Lệ phí"}],
                    }
                ],
            },
        ],
        "MUCDO": "3",
    },
]


class FakeNationalPortal(FakeServer):
    """The fake portal; start it with ``with`` or ``start()``/``stop()``."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.catalogue: list[dict[str, Any]] = [dict(p) for p in CATALOGUE]
        # What the portal keeps: per dossier code, every accepted push in arrival order.
        self.dossiers: dict[str, list[dict[str, Any]]] = {}
        self.progress: dict[str, list[dict[str, Any]]] = {}
        self.keys: set[str] = set()
        self.requests: list[dict[str, Any]] = []
        self.duplicates = 0
        self._sessions: set[str] = set()
        self._failures = 0
        self._lock = threading.Lock()

    # Control ---------------------------------------------------------------------------------

    def fail_next(self, count: int) -> None:
        """Answer 503 to the next ``count`` integration requests."""
        with self._lock:
            self._failures = count

    def expire_sessions(self) -> None:
        with self._lock:
            self._sessions.clear()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake first"
        return self.base_url

    def start(self, port: int = 0) -> FakeNationalPortal:
        """Serve on ``127.0.0.1:port`` (any free port by default) in a daemon thread."""
        if self._server is None:
            self.port = port
        return super().start()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(FakeHandler):
            def do_POST(self) -> None:
                fake._handle(self)

        return Handler

    # Handling --------------------------------------------------------------------------------

    def _handle(self, handler: FakeHandler) -> None:
        try:
            body = handler.read_json()
        except ValueError:
            handler.send_json(400, {"error_code": "400", "message": "malformed JSON"})
            return
        if handler.path == "/auth":
            self._auth(handler, body)
            return
        if handler.path != "/integration":
            handler.send_json(404, {"error_code": "404", "message": "no such endpoint"})
            return
        token = (handler.headers.get("Authorization") or "").removeprefix("Bearer ")
        with self._lock:
            known = token in self._sessions
            failing = self._failures > 0
            if known and failing:
                self._failures -= 1
        if not known:
            handler.send_json(401, {"error_code": "401", "message": "invalid session"})
            return
        key = handler.headers.get("Idempotency-Key") or ""
        with self._lock:
            self.requests.append({"body": body, "key": key})
        if failing:
            handler.send_json(503, {"error_code": "503", "message": "try again later"})
            return
        status, answer = self._service(body, key)
        handler.send_json(status, answer)

    def _auth(self, handler: FakeHandler, body: Any) -> None:
        if (
            isinstance(body, dict)
            and body.get("username") == self.client_id
            and body.get("password") == self.client_secret
        ):
            session = secrets.token_hex(16)
            with self._lock:
                self._sessions.add(session)
            handler.send_json(200, {"error_code": 0, "session": session})
        else:
            handler.send_json(401, {"error_code": 1, "message": "bad credentials"})

    def _service(self, body: Any, key: str) -> tuple[int, dict[str, Any]]:
        service = body.get("service") if isinstance(body, dict) else None
        if service == "LayDanhSachTTHC":
            return 200, {"error_code": 0, "result": self.catalogue}
        if service not in ("DongBoHoSoMC", "CapNhatTienDoHoSoMC"):
            return 400, {"error_code": "400", "message": f"unknown service {service!r}"}
        data = body.get("data")
        if not isinstance(data, list) or not data:
            return 400, {"error_code": "400", "message": "data must be a non-empty list"}
        with self._lock:
            if key and key in self.keys:
                self.duplicates += 1
                return 200, {"error_code": 0, "message": "duplicate", "duplicate": True}
        required = (
            REQUIRED_DOSSIER_FIELDS if service == "DongBoHoSoMC" else REQUIRED_PROGRESS_FIELDS
        )
        status_field = "TrangThaiHoSo" if service == "DongBoHoSoMC" else "TrangThai"
        for item in data:
            missing = [name for name in required if not item.get(name)]
            if missing:
                return 400, {"error_code": "422", "message": f"missing {', '.join(missing)}"}
            if item[status_field] not in STATUS_CODES:
                return 400, {"error_code": "422", "message": f"bad {status_field}"}
        with self._lock:
            if key:
                self.keys.add(key)
            store = self.dossiers if service == "DongBoHoSoMC" else self.progress
            for item in data:
                store.setdefault(item["MaHoSo"], []).append(item)
        return 200, {"error_code": 0, "message": "OK", "result": len(data)}


def main() -> None:  # pragma: no cover (a developer's tool)
    """``python -m chancery.eservices.fakes.national [port]``: run the fake for the demo."""
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8091
    demo_secret = "chancery-demo"  # noqa: S105 (a local fake's demo credential)
    fake = FakeNationalPortal(client_id="chancery", client_secret=demo_secret).start(port)
    sys.stdout.write(f"Fake national portal on {fake.url} (client 'chancery'/'chancery-demo')\n")
    fake.serve_until_interrupted()


if __name__ == "__main__":
    main()
