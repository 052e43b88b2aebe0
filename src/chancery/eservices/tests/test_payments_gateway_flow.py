"""Paying online over real HTTP: our live server, the fake VNPay gateway, the browser's trip
there and back, and the gateway's server-to-server notification (IPN)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.eservices.constants import PaymentState, State
from chancery.eservices.fakes.gateway import FakeVnpay
from chancery.eservices.models import Dossier, DossierEvent, Payment
from chancery.eservices.payments import actions, providers
from chancery.eservices.tests.factories_payments import (
    awaiting_payment,
    configure_bank,
    configure_vnpay,
    get_without_redirect,
    local,
    sign_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gateway(live_server: Any, settings: Any) -> Iterator[FakeVnpay]:
    ipn = live_server.url + reverse("services:payment_ipn", kwargs={"provider": "vnpay"})
    with FakeVnpay(ipn_url=ipn) as fake:
        configure_vnpay(settings, fake)
        configure_bank(settings)
        yield fake


def _pay_online(client: Client, dossier: Dossier, gateway: FakeVnpay) -> tuple[str, Payment]:
    """The applicant chooses to pay online, goes to the gateway and is sent back: the return
    URL the gateway redirected the browser to, and the payment."""
    sign_in(client, dossier.applicant)
    response = client.post(
        reverse("services:pay", kwargs={"pk": dossier.pk}), {"provider": "vnpay"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(gateway.pay_url)
    status, location, _ = get_without_redirect(response["Location"])
    assert status == 302, "the gateway accepted our signed request and sent the browser back"
    return location, Payment.objects.get(dossier=dossier, provider="vnpay")


def test_paying_online_returns_the_dossier_to_its_step_with_a_receipt(
    gateway: FakeVnpay, client: Client
) -> None:
    # Given a dossier being processed whose officer asked for the fee
    dossier, _ = awaiting_payment(state=State.PROCESSING)
    assert dossier.state == State.PAYMENT_REQUESTED
    # When the applicant pays with the gateway
    return_url, payment = _pay_online(client, dossier, gateway)
    # Then the gateway's notification was confirmed, and the return page says paid
    assert gateway.ipn_calls[-1]["reply"] == {"RspCode": "00", "Message": "Confirm Success"}
    page = client.get(local(return_url))
    assert page.status_code == 200
    assert b"your payment has been received" in page.content
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert payment.receipt_number.startswith("BL-LS-")
    assert payment.external_id == gateway.transactions[payment.reference]["vnp_TransactionNo"]
    assert [e["state"] for e in payment.log if e["state"]] == ["submitted", "success"]
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert dossier.paused_since is None
    receipt = client.get(reverse("services:payment_receipt", kwargs={"pk": payment.pk}))
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF")


def test_a_failed_card_payment_leaves_the_dossier_waiting_for_payment(
    gateway: FakeVnpay, client: Client
) -> None:
    gateway.outcome = "failure"
    dossier, _ = awaiting_payment()
    return_url, payment = _pay_online(client, dossier, gateway)
    page = client.get(local(return_url))
    assert b"The payment did not go through" in page.content
    payment.refresh_from_db()
    assert payment.state == PaymentState.FAILED
    assert payment.log[-1]["detail"]["vnp_ResponseCode"] == "51"
    dossier.refresh_from_db()
    assert dossier.state == State.PAYMENT_REQUESTED
    # The applicant may try again: a new payment, a new reference
    retry = client.post(reverse("services:pay", kwargs={"pk": dossier.pk}), {"provider": "vnpay"})
    assert retry.status_code == 302
    assert Payment.objects.filter(dossier=dossier).count() == 2


def test_a_payment_cancelled_at_the_gateway_is_recorded_as_cancelled(
    gateway: FakeVnpay, client: Client
) -> None:
    gateway.outcome = "cancel"
    dossier, _ = awaiting_payment()
    return_url, payment = _pay_online(client, dossier, gateway)
    page = client.get(local(return_url))
    assert b"You cancelled the payment" in page.content
    payment.refresh_from_db()
    assert payment.state == PaymentState.CANCELLED
    dossier.refresh_from_db()
    assert dossier.state == State.PAYMENT_REQUESTED


def test_the_gateway_refuses_a_payment_request_whose_amount_was_tampered_with(
    gateway: FakeVnpay, client: Client
) -> None:
    dossier, _ = awaiting_payment()
    sign_in(client, dossier.applicant)
    response = client.post(
        reverse("services:pay", kwargs={"pk": dossier.pk}), {"provider": "vnpay"}
    )
    tampered = response["Location"].replace("vnp_Amount=3000000", "vnp_Amount=100")
    status, _, body = get_without_redirect(tampered)
    assert status == 400
    assert "invalid signature" in body
    assert not gateway.ipn_calls


def test_a_replayed_notification_changes_nothing(gateway: FakeVnpay, client: Client) -> None:
    dossier, _ = awaiting_payment()
    _, payment = _pay_online(client, dossier, gateway)
    payment.refresh_from_db()
    events = DossierEvent.objects.filter(dossier=dossier).count()
    # When the gateway sends the same notification again
    again = gateway.replay_ipn(payment.reference)
    # Then it is told it was already confirmed, and nothing is credited twice
    assert again["reply"] == {"RspCode": "02", "Message": "Order already confirmed"}
    before = payment.receipt_number
    payment.refresh_from_db()
    assert payment.receipt_number == before
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_an_officer_refunds_an_online_payment_through_the_gateway(
    gateway: FakeVnpay, client: Client
) -> None:
    dossier, clerk = awaiting_payment()
    _, payment = _pay_online(client, dossier, gateway)
    refunded = actions.refund(clerk, payment.pk, "Procedure withdrawn by the ministry")
    assert refunded.state == PaymentState.REFUNDED
    assert gateway.transactions[payment.reference]["status"] == "refunded"
    assert gateway.refunds[-1]["code"] == "00"
    assert refunded.log[-1]["detail"]["vnp_ResponseCode"] == "00"
    assert DossierEvent.objects.filter(dossier=dossier, action="payment_refunded").exists()


def test_a_refund_the_gateway_refuses_is_logged_and_changes_nothing(
    gateway: FakeVnpay, client: Client
) -> None:
    dossier, clerk = awaiting_payment()
    _, payment = _pay_online(client, dossier, gateway)
    gateway.transactions[payment.reference]["status"] = "refunded"  # refunded at VNPay already
    with pytest.raises(providers.PaymentError, match="code 94"):
        actions.refund(clerk, payment.pk, "Duplicate payment")
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert "refund_refused" in payment.log[-1]["detail"]


def test_the_fake_gateway_can_show_a_pay_page_for_the_person_to_decide(
    gateway: FakeVnpay, client: Client
) -> None:
    gateway.outcome = "manual"
    dossier, _ = awaiting_payment()
    sign_in(client, dossier.applicant)
    response = client.post(
        reverse("services:pay", kwargs={"pk": dossier.pk}), {"provider": "vnpay"}
    )
    status, _, page = get_without_redirect(response["Location"])
    assert status == 200
    assert 'value="success"' in page
    session = page.split('name="session" value="')[1].split('"')[0]
    status, location, _ = get_without_redirect(
        f"{gateway.base_url}/paymentv2/decide?session={session}&outcome=success"
    )
    assert status == 302
    client.get(local(location))
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
