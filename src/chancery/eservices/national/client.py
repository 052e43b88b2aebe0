"""The national public-service portal (Cổng Dịch vụ công quốc gia) behind a small interface.

``NationalPortal`` is what the rest of the app uses: ``pull_catalogue()`` and
``push(record)``. ``portal()`` returns the configured implementation from a registry, or None
when no portal is configured (the sync log then keeps records waiting, without errors).

The HTTP implementation follows the portal's dossier-synchronisation contract as far as we
could confirm it from public integration code (the OpenCPS platform's ``DVCQGIntegration``,
which talks to the portal's integration adapter); the official specification (the VPCP
technical guide for connecting ministries' one-stop systems to the portal) was not available
to us, so each name below is marked:

Confirmed from public integration code:
- one integration endpoint taking ``{"service": …, "isUpdating": …, "data": [...]}``, with the
  services ``DongBoHoSoMC`` (create or update dossiers), ``CapNhatTienDoHoSoMC`` (progress
  lines) and ``LayDanhSachTTHC``/``LayThuTuc`` (catalogue), answering ``error_code`` (0 = OK)
  and ``result``;
- a session token from an authentication endpoint posted ``{"username", "password"}``,
  answering ``{"session": …, "error_code": 0}``;
- dossier fields ``MaHoSo``, ``MaTTHC``, ``TenTTHC``, ``MaLinhVuc``, ``TenLinhVuc``,
  ``SoBienNhan``, ``ChuHoSo``, ``LoaiDoiTuong`` ("1" citizen, "2" organisation), ``MaDoiTuong``,
  ``Email``, ``SoDienThoai``, ``TrichYeuHoSo``, ``NgayTiepNhan``, ``NgayHenTra``,
  ``TrangThaiHoSo``, ``NgayTra``, ``HinhThuc`` ("1" result by post), ``NgayKetThucXuLy``,
  ``DonViXuLy``, ``GhiChu``, ``DanhSachLePhi`` (``TenPhiLePhi``, ``MaPhiLePhi``,
  ``HinhThucThu``, ``Gia``, ``LoaiPhiLePhi``), ``DanhSachHoSoBoSung`` (``HoSoBoSungId``,
  ``NguoiYeuCauBoSung``, ``NoiDungBoSung``, ``NgayBoSung``, ``NgayTiepNhanBoSung``,
  ``TrangThaiBoSung``, ``NgayHenTraTruoc``, ``NgayHenTraMoi``), ``DanhSachGiayToKetQua``
  (``TenGiayTo``, ``GiayToId``, ``DuongDanTepTinKetQua``);
- progress fields ``NguoiXuLy``, ``ChucDanh``, ``ThoiDiemXuLy``, ``PhongBanXuLy``,
  ``NoiDungXuLy``, ``TrangThai``, ``NgayBatDau``, ``NgayKetThucTheoQuyDinh``;
- catalogue fields ``MATTHC``, ``TENTTHC``, ``LINHVUCTHUCHIEN`` (``MALINHVUC``,
  ``TENLINHVUC``), ``CACHTHUCTHUCHIEN`` (``KENH``, ``THOIGIAN`` with ``THOIGIANGIAIQUYET``,
  ``DONVITINH``, ``PHILEPHI`` with ``SOTIEN``, ``DONVI``, ``MOTA``);
- dates as ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh time.

Assumed (not confirmed; adjust when the specification is at hand):
- the token is sent as ``Authorization: Bearer <session>``;
- the paths ``/auth`` and ``/integration`` under ``CHANCERY_NATIONAL_PORTAL_URL``;
- ``KenhThucHien`` ("1" in person, "2" online, "3" by post, after the portal's own labels),
  ``QuaTrinhXuLy`` (the progress lines inside a dossier update);
- the sync key, sent as the ``Idempotency-Key`` header and the ``MaDongBo`` field, which the
  portal is assumed to use to drop a repeated push;
- the full list of the ten ``TrangThaiHoSo`` codes (``constants.NationalStatus``).

Configuration (environment, secrets also from ``NAME_FILE``):
``CHANCERY_NATIONAL_PORTAL_URL``, ``CHANCERY_NATIONAL_PORTAL_CLIENT_ID``,
``CHANCERY_NATIONAL_PORTAL_CLIENT_SECRET``, ``CHANCERY_NATIONAL_PORTAL_TIMEOUT`` (seconds);
Django settings of the same names win (tests use ``override_settings``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings

from chancery.conf import env

if TYPE_CHECKING:
    from chancery.eservices.models import SyncRecord

# Wire names of the portal's services (confirmed, see above).
SERVICE_SYNC = "DongBoHoSoMC"
SERVICE_PROGRESS = "CapNhatTienDoHoSoMC"
SERVICE_CATALOGUE = "LayDanhSachTTHC"
SYNC_KEY_HEADER = "Idempotency-Key"


class PortalError(Exception):
    """The portal could not be reached or refused a request; ``retryable`` tells whether a
    later try may succeed (network, 5xx, 429) or not (the portal rejected the content)."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class NationalPortal(Protocol):
    """What Chancery needs from the national portal."""

    def pull_catalogue(self) -> list[dict[str, Any]]:
        """The procedures the portal publishes, in its own format (``MATTHC`` …)."""
        ...

    def push(self, record: SyncRecord) -> dict[str, Any]:
        """Send one sync record; returns the portal's answer; raises ``PortalError``."""
        ...


def sync_key(record: SyncRecord) -> str:
    """The key the portal dedupes on: dossier code and sequence."""
    return f"{record.payload.get('MaHoSo', record.dossier_id)}:{record.sequence}"


def _config(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = env.get(name, default)
    return str(value or "")


class HttpNationalPortal:
    """The portal's integration adapter over HTTPS (JSON), with a session token."""

    def __init__(
        self, base_url: str, client_id: str, client_secret: str, timeout: float = 20
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self._token = ""

    # The interface ---------------------------------------------------------------------------

    def pull_catalogue(self) -> list[dict[str, Any]]:
        answer = self._call({"service": SERVICE_CATALOGUE})
        result = answer.get("result")
        if not isinstance(result, list):
            raise PortalError("the portal answered without a procedure list", retryable=False)
        return [item for item in result if isinstance(item, dict)]

    def push(self, record: SyncRecord) -> dict[str, Any]:
        key = sync_key(record)
        if record.operation == "progress":
            # A progress line only: the portal's dossier status did not change.
            lines = record.payload.get("QuaTrinhXuLy") or [{"MaHoSo": record.payload["MaHoSo"]}]
            body: dict[str, Any] = {
                "service": SERVICE_PROGRESS,
                "data": [{**line, "MaDongBo": key} for line in lines],
            }
        else:
            body = {
                "service": SERVICE_SYNC,
                "isUpdating": record.operation != "dossier",
                "data": [{**record.payload, "MaDongBo": key}],
            }
        return self._call(body, headers={SYNC_KEY_HEADER: key})

    # HTTP ------------------------------------------------------------------------------------

    def _call(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        if not self._token:
            self._token = self._authenticate()
        try:
            return self._post("/integration", body, headers, token=self._token)
        except _Unauthorized:
            # The session expired: one new token, one more try.
            self._token = self._authenticate()
            try:
                return self._post("/integration", body, headers, token=self._token)
            except _Unauthorized as exc:
                raise PortalError("the portal refused our credentials", retryable=True) from exc

    def _authenticate(self) -> str:
        credentials = {"username": self.client_id, "password": self.client_secret}
        try:
            answer = self._post("/auth", credentials, None, token="")
        except _Unauthorized as exc:
            raise PortalError("the portal refused our credentials", retryable=True) from exc
        session = answer.get("session")
        if not isinstance(session, str) or not session:
            raise PortalError("the portal's token endpoint gave no session")
        return session

    def _post(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None, *, token: str
    ) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 (the URL is our configuration)
            self.base_url + path,
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                **({"Authorization": f"Bearer {token}"} if token else {}),
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise _Unauthorized() from exc
            detail = exc.read()[:300].decode(errors="replace")
            retryable = exc.code >= 500 or exc.code in (408, 429)
            raise PortalError(f"HTTP {exc.code}: {detail}", retryable=retryable) from exc
        except (OSError, TimeoutError) as exc:
            raise PortalError(f"the portal could not be reached: {exc}") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError as exc:
            raise PortalError("the portal answered something that is not JSON") from exc
        if not isinstance(answer, dict):
            raise PortalError("the portal answered something that is not a JSON object")
        if str(answer.get("error_code", "0")) not in ("0", "00"):
            message = answer.get("message") or answer.get("error_code")
            raise PortalError(f"the portal refused: {message}", retryable=False)
        return answer


class _Unauthorized(Exception):
    pass


# Registry ------------------------------------------------------------------------------------

_REGISTRY: dict[str, Callable[[], NationalPortal | None]] = {}


def register_portal(name: str, factory: Callable[[], NationalPortal | None]) -> None:
    """Make an implementation selectable with ``CHANCERY_NATIONAL_PORTAL_BACKEND=name``."""
    _REGISTRY[name] = factory


def _http_from_settings() -> NationalPortal | None:
    url = _config("CHANCERY_NATIONAL_PORTAL_URL")
    if not url:
        return None
    return HttpNationalPortal(
        url,
        _config("CHANCERY_NATIONAL_PORTAL_CLIENT_ID"),
        _config("CHANCERY_NATIONAL_PORTAL_CLIENT_SECRET"),
        timeout=float(_config("CHANCERY_NATIONAL_PORTAL_TIMEOUT", "20") or 20),
    )


register_portal("http", _http_from_settings)


def portal() -> NationalPortal | None:
    """The configured portal, or None when the integration is not configured."""
    name = _config("CHANCERY_NATIONAL_PORTAL_BACKEND", "http") or "http"
    factory = _REGISTRY.get(name)
    return factory() if factory else None
