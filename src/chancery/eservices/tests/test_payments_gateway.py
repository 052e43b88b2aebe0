"""The VNPay notification (IPN) and return endpoints, in process: the checksum, the amount and
the reference are checked before anything changes."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from chancery.eservices.constants import PaymentState, State
from chancery.eservices.fakes.gateway import FakeVnpay
from chancery.eservices.models import Dossier, Payment
from chancery.eservices.payments import actions, gateway, providers
from chancery.eservices.tests.factories_payments import (
    awaiting_payment,
    configure_vnpay,
    local,
)

pytestmark = pytest.mark.django_db

IPN = reverse("services:payment_ipn", kwargs={"provider": "vnpay"})


@pytest.fixture
def fake(settings: Any) -> FakeVnpay:
    """The fake's contract code, not started: it signs what VNPay would send."""
    fake = FakeVnpay(port=9)
    configure_vnpay(settings, fake)
    return fake


def _started(fake: FakeVnpay) -> tuple[Dossier, Payment, dict[str, str]]:
    dossier, _ = awaiting_payment()
    payment = actions.start_payment(
        dossier.applicant,
        dossier.pk,
        "vnpay",
        return_url="http://testserver/r/",
        client_ip="10.0.0.1",
    )
    url = providers.last_start(payment)["redirect_url"]
    request = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    assert fake.check_pay_request(request) == "", "our request honours the published contract"
    return dossier, payment, request


def test_our_payment_request_carries_the_published_fields(fake: FakeVnpay) -> None:
    _, payment, request = _started(fake)
    assert request["vnp_Version"] == "2.1.0"
    assert request["vnp_Command"] == "pay"
    assert request["vnp_Amount"] == "3000000"  # 30,000 VND × 100
    assert request["vnp_CurrCode"] == "VND"
    assert request["vnp_TxnRef"] == payment.reference
    assert request["vnp_IpAddr"] == "10.0.0.1"
    assert len(request["vnp_CreateDate"]) == 14
    assert "vnp_SecureHashType" not in request
    assert gateway.verify(request, fake.secret)


def test_a_confirmed_notification_answers_confirm_success(
    fake: FakeVnpay, client: Client, django_assert_max_num_queries: Any
) -> None:
    dossier, payment, request = _started(fake)
    with django_assert_max_num_queries(40):
        reply = client.get(IPN, fake.result(request, "success"))
    assert reply.json() == {"RspCode": "00", "Message": "Confirm Success"}
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING


def test_a_notification_with_a_tampered_checksum_changes_nothing(
    fake: FakeVnpay, client: Client
) -> None:
    _, payment, request = _started(fake)
    params = fake.result(request, "success")
    params["vnp_ResponseCode"] = "00"
    params["vnp_SecureHash"] = params["vnp_SecureHash"][:-4] + "beef"
    reply = client.get(IPN, params)
    assert reply.json() == {"RspCode": "97", "Message": "Invalid Checksum"}
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED
    # The same through the browser's return: refused, nothing recorded
    page = client.get(reverse("services:payment_return", kwargs={"provider": "vnpay"}), params)
    assert page.status_code == 400
    assert b"could not verify" in page.content
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED


def test_a_notification_signed_with_another_secret_is_refused(
    fake: FakeVnpay, client: Client
) -> None:
    _, payment, request = _started(fake)
    impostor = FakeVnpay(secret="not-our-secret")
    reply = client.get(IPN, impostor.result(request, "success"))
    assert reply.json()["RspCode"] == "97"
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED


def test_a_notification_for_another_amount_is_refused(fake: FakeVnpay, client: Client) -> None:
    dossier, payment, request = _started(fake)
    underpaid = fake.result({**request, "vnp_Amount": "100000"}, "success")  # 1,000 VND, signed
    reply = client.get(IPN, underpaid)
    assert reply.json() == {"RspCode": "04", "Message": "Invalid amount"}
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED
    assert payment.log[-1]["detail"]["refused"] == "amount"
    dossier.refresh_from_db()
    assert dossier.state == State.PAYMENT_REQUESTED


def test_a_notification_for_an_unknown_order_answers_not_found(
    fake: FakeVnpay, client: Client
) -> None:
    _, _, request = _started(fake)
    reply = client.get(IPN, fake.result({**request, "vnp_TxnRef": "LP000000NOSUCH"}, "success"))
    assert reply.json() == {"RspCode": "01", "Message": "Order not found"}


def test_the_notification_also_comes_by_post(fake: FakeVnpay, client: Client) -> None:
    _, _, request = _started(fake)
    reply = client.post(IPN, fake.result(request, "success"))
    assert reply.json()["RspCode"] == "00"


def test_a_notification_after_the_return_page_is_already_confirmed(
    fake: FakeVnpay, client: Client
) -> None:
    _, payment, request = _started(fake)
    params = fake.result(request, "success")
    page = client.get(reverse("services:payment_return", kwargs={"provider": "vnpay"}), params)
    assert page.status_code == 200
    reply = client.get(IPN, params)
    assert reply.json()["RspCode"] == "02"
    payment.refresh_from_db()
    assert len([e for e in payment.log if e["state"] == "success"]) == 1


def test_a_payment_made_after_the_applicant_switched_method_is_flagged(
    fake: FakeVnpay, client: Client, settings: Any
) -> None:
    from chancery.eservices.tests.factories_payments import configure_bank

    configure_bank(settings)
    dossier, payment, request = _started(fake)
    actions.start_payment(dossier.applicant, dossier.pk, "bank_transfer")
    reply = client.get(IPN, fake.result(request, "success"))
    assert reply.json()["RspCode"] == "02"
    payment.refresh_from_db()
    assert payment.state == PaymentState.CANCELLED
    assert payment.log[-1]["detail"]["attention"] == "paid_after_cancel"
    assert dossier.events.filter(action="payment_after_cancel", public=False).exists()


def test_the_return_page_shows_the_receipt_only_to_its_applicant(
    fake: FakeVnpay, client: Client
) -> None:
    from chancery.eservices.tests.factories_payments import sign_in

    dossier, payment, request = _started(fake)
    url = reverse("services:payment_return", kwargs={"provider": "vnpay"})
    params = fake.result(request, "success")
    stranger = client.get(url, params)
    assert b"receipt.pdf" not in stranger.content
    sign_in(client, dossier.applicant)
    own = client.get(local(f"http://testserver{url}"), params)
    assert reverse("services:payment_receipt", kwargs={"pk": payment.pk}).encode() in own.content
