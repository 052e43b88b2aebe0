"""The national portal's fields for a dossier at one moment (see ``client`` for the names)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from chancery.eservices.constants import ApplicantKind, Channel, DeliveryMethod

if TYPE_CHECKING:
    from chancery.eservices.models import Dossier, DossierEvent

_VN = ZoneInfo("Asia/Ho_Chi_Minh")
# KenhThucHien (assumed codes, in the order of the portal's own labels).
CHANNEL_CODES: dict[str, str] = {
    Channel.IN_PERSON: "1",
    Channel.ONLINE: "2",
    Channel.POST: "3",
}


def stamp(value: dt.datetime | dt.date | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time; a date is read as the start of that day."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(_VN).strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + "000000"


def _money(value: Decimal | int) -> str:
    return str(int(value)) if Decimal(value) == int(value) else str(value)


def progress_line(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    """One ``QuaTrinhXuLy``/``CapNhatTienDoHoSoMC`` line for ``event``."""
    actor = event.actor
    return {
        "MaHoSo": dossier.code,
        "NguoiXuLy": (actor.get_full_name() or actor.get_username())
        if actor is not None
        else ("Người nộp hồ sơ" if event.by_applicant else "Hệ thống"),
        "ChucDanh": "",
        "ThoiDiemXuLy": stamp(event.at),
        "PhongBanXuLy": dossier.unit.name_vi,
        "NoiDungXuLy": event.note or event.action,
        "TrangThai": dossier.national_status or "",
        "NgayBatDau": stamp(dossier.submitted_at),
        "NgayKetThucTheoQuyDinh": stamp(dossier.due_on),
    }


def dossier_fields(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    """Everything the portal keeps about ``dossier`` now, with ``event`` as the last progress
    line. Reads the supplement rounds (one query); the rest is on the locked dossier row."""
    procedure = dossier.version.procedure
    applicant = dossier.applicant
    fees = []
    if dossier.fee:
        fees.append(
            {
                "TenPhiLePhi": "Lệ phí",
                "MaPhiLePhi": procedure.code,
                "HinhThucThu": CHANNEL_CODES.get(dossier.channel, ""),
                "Gia": _money(dossier.fee),
                "LoaiPhiLePhi": "2",  # assumed: 1 = phí, 2 = lệ phí
                "DonViTien": dossier.currency,
            }
        )
    supplements = [
        {
            "HoSoBoSungId": str(s.pk),
            "NguoiYeuCauBoSung": s.requested_by.get_full_name() or s.requested_by.get_username(),
            "NoiDungBoSung": s.reason,
            "NgayBoSung": stamp(s.requested_at),
            "NgayTiepNhanBoSung": stamp(s.answered_at),
            "TrangThaiBoSung": "1" if s.answered_at else "0",
        }
        for s in dossier.supplements.select_related("requested_by").order_by("round")
    ]
    results = []
    if dossier.result_document_id:
        results.append(
            {
                "TenGiayTo": procedure.name_vi,
                "GiayToId": str(dossier.result_document_id),
                "DuongDanTepTinKetQua": "",
                "MaXacThuc": dossier.result_verification_code,
            }
        )
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name_vi,
        "MaLinhVuc": procedure.field.code,
        "TenLinhVuc": procedure.field.name_vi,
        "SoBienNhan": dossier.national_receipt_number or dossier.code,
        "ChuHoSo": applicant.organisation or applicant.full_name,
        "LoaiDoiTuong": "2" if applicant.kind == ApplicantKind.BUSINESS else "1",
        "MaDoiTuong": applicant.tax_code or applicant.id_number,
        "Email": applicant.email,
        "SoDienThoai": applicant.phone,
        "TrichYeuHoSo": procedure.name_vi,
        "NgayTiepNhan": stamp(dossier.submitted_at),
        "NgayHenTra": stamp(dossier.due_on),
        "TrangThaiHoSo": dossier.national_status or "",
        "NgayTra": stamp(dossier.returned_at),
        "HinhThuc": "1" if dossier.delivery == DeliveryMethod.POST else "0",
        "KenhThucHien": CHANNEL_CODES.get(dossier.channel, ""),
        "NgayKetThucXuLy": stamp(dossier.completed_at),
        "DonViXuLy": dossier.unit.name_vi,
        "GhiChu": event.note,
        "DanhSachLePhi": fees,
        "DanhSachHoSoBoSung": supplements,
        "DanhSachGiayToKetQua": results,
        "QuaTrinhXuLy": [progress_line(dossier, event)],
    }
