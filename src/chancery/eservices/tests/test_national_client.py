"""The HTTP client against the fake portal: session tokens, refusals, the catalogue."""

from __future__ import annotations

import pytest

from chancery.eservices.fakes.national import FakeNationalPortal
from chancery.eservices.models import SyncRecord
from chancery.eservices.national.client import HttpNationalPortal, PortalError


def _record(payload: dict[str, str], sequence: int = 1) -> SyncRecord:
    # An unsaved row: the client reads only its fields.
    return SyncRecord(dossier_id=1, sequence=sequence, operation="dossier", payload=payload)


FIELDS = {
    "MaHoSo": "LS-260302-0001",
    "MaTTHC": "1.005129",
    "SoBienNhan": "LS-260302-0001",
    "ChuHoSo": "Nguyễn Văn An",
    "LoaiDoiTuong": "1",
    "NgayTiepNhan": "20260302100000",
    "NgayHenTra": "20260309000000",
    "TrangThaiHoSo": "1",
    "DonViXuLy": "Cục Lãnh sự",
}


def test_an_expired_session_is_renewed_once_and_the_call_goes_through() -> None:
    with FakeNationalPortal(client_id="c", client_secret="s") as fake:
        client = HttpNationalPortal(fake.url, "c", "s", timeout=5)
        assert [p["MATTHC"] for p in client.pull_catalogue()] == ["1.005129", "1.010180"]
        fake.expire_sessions()
        assert len(client.pull_catalogue()) == 2


def test_wrong_credentials_are_reported_as_a_portal_error() -> None:
    with FakeNationalPortal(client_id="c", client_secret="s") as fake:
        client = HttpNationalPortal(fake.url, "c", "wrong", timeout=5)
        with pytest.raises(PortalError, match="credentials"):
            client.pull_catalogue()


def test_an_unknown_status_code_is_refused_for_good() -> None:
    with FakeNationalPortal(client_id="c", client_secret="s") as fake:
        client = HttpNationalPortal(fake.url, "c", "s", timeout=5)
        with pytest.raises(PortalError) as refused:
            client.push(_record({**FIELDS, "TrangThaiHoSo": "11"}))
        assert refused.value.retryable is False
        assert "TrangThaiHoSo" in str(refused.value)
        answer = client.push(_record(FIELDS))
    assert answer["error_code"] == 0
    assert fake.dossiers["LS-260302-0001"][0]["MaDongBo"] == "LS-260302-0001:1"


def test_an_unreachable_portal_is_a_retryable_error() -> None:
    fake = FakeNationalPortal(client_id="c", client_secret="s").start()
    url = fake.url
    fake.stop()
    with pytest.raises(PortalError) as failed:
        HttpNationalPortal(url, "c", "s", timeout=2).pull_catalogue()
    assert failed.value.retryable is True
