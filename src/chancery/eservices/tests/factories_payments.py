"""Helpers of the payments tests: configured providers, dossiers waiting for payment, a signed-in
applicant, and plain HTTP to the fake gateway (without following redirects)."""

from __future__ import annotations

import http.client
import itertools
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

from chancery.core.models import Unit
from chancery.eservices.applicants.session import SESSION_KEY
from chancery.eservices.constants import State
from chancery.eservices.fakes.gateway import FakeVnpay
from chancery.eservices.models import Applicant, Dossier
from chancery.eservices.payments import actions
from chancery.eservices.tests.factories import (
    ApplicantFactory,
    dossier,
    hq_department,
    officer,
    procedure_version,
)


def configure_bank(settings: Any) -> None:
    settings.CHANCERY_PAYMENT_BANK_NAME = "Vietcombank"
    settings.CHANCERY_PAYMENT_BANK_BRANCH = "Hội sở"
    settings.CHANCERY_PAYMENT_BANK_ACCOUNT = "0011000123456"
    settings.CHANCERY_PAYMENT_BANK_HOLDER = "Cục Lãnh sự"


def configure_vnpay(settings: Any, fake: FakeVnpay) -> None:
    settings.CHANCERY_VNPAY_TMN_CODE = fake.tmn_code
    settings.CHANCERY_VNPAY_HASH_SECRET = fake.secret
    settings.CHANCERY_VNPAY_PAY_URL = fake.pay_url
    settings.CHANCERY_VNPAY_API_URL = fake.api_url


_codes = itertools.count(1)


def fee_version(unit: Unit, fee: int = 30000) -> Any:
    """A published procedure version of its own (one published version per procedure)."""
    return procedure_version(code=f"9.{next(_codes):06d}", units=[unit], fee=fee)


def awaiting_payment(
    *,
    unit: Unit | None = None,
    state: str = State.PROCESSING,
    fee: int = 30000,
    applicant: Applicant | None = None,
) -> tuple[Dossier, Any]:
    """A dossier in ``state`` whose officer asked for the fee (the real action), and the
    officer."""
    unit = unit or hq_department()
    version = fee_version(unit, fee)
    row = dossier(version, applicant or ApplicantFactory(), unit=unit, state=state, fee=fee)
    clerk = officer(unit)
    actions.request_payment(clerk, row.pk, revision=row.revision)
    row.refresh_from_db()
    return row, clerk


def sign_in(client: Client, applicant: Applicant) -> Client:
    session = client.session
    session[SESSION_KEY] = applicant.pk
    session.save()
    return client


def get_without_redirect(url: str) -> tuple[int, str, str]:
    """GET ``url`` over real HTTP: status, Location header, body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}")
        response = connection.getresponse()
        return response.status, response.getheader("Location") or "", response.read().decode()
    finally:
        connection.close()


def local(url: str) -> str:
    """The path and query of an absolute URL (the test client speaks to ``testserver``)."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
