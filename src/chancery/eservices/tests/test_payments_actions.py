"""Requesting and starting payments, the payment state machine, and who may see what."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from chancery.core.constants import Role
from chancery.eservices.constants import PaymentState, State
from chancery.eservices.exceptions import InvalidTransition, NotAllowed, StaleRevision
from chancery.eservices.models import DossierEvent, Payment
from chancery.eservices.payments import actions, providers
from chancery.eservices.tests.factories import (
    ApplicantFactory,
    dossier,
    hq_department,
    mission,
    officer,
)
from chancery.eservices.tests.factories_payments import (
    awaiting_payment,
    configure_bank,
    fee_version,
    sign_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bank(settings: Any) -> None:
    configure_bank(settings)


def _processing(**kwargs: Any) -> Any:
    unit = kwargs.pop("unit", None) or hq_department()
    version = fee_version(unit, kwargs.get("fee", 30000))
    return dossier(version, ApplicantFactory(), unit=unit, state=State.PROCESSING, **kwargs)


# Requesting payment ------------------------------------------------------------------------


def test_requesting_payment_pauses_the_dossier_and_remembers_its_step(
    django_assert_max_num_queries: Any,
) -> None:
    row = _processing()
    clerk = officer(row.unit)
    with django_assert_max_num_queries(40):
        actions.request_payment(clerk, row.pk, revision=row.revision)
    row.refresh_from_db()
    assert row.state == State.PAYMENT_REQUESTED
    assert row.paused_since is not None
    event = DossierEvent.objects.get(dossier=row, to_state=State.PAYMENT_REQUESTED)
    assert event.data["return_to"] == State.PROCESSING
    assert event.data["amount"] == "30000.00"
    assert event.data["payment_url"] == reverse("services:pay", kwargs={"pk": row.pk})


def test_a_dossier_awaiting_approval_returns_to_processing_once_paid() -> None:
    unit = hq_department()
    row = dossier(fee_version(unit), ApplicantFactory(), unit=unit, state=State.AWAITING_APPROVAL)
    actions.request_payment(officer(row.unit), row.pk, revision=row.revision)
    event = DossierEvent.objects.get(dossier=row, to_state=State.PAYMENT_REQUESTED)
    assert event.data["return_to"] == State.PROCESSING


def test_requesting_payment_is_refused_when_there_is_no_fee() -> None:
    row = _processing(fee=0)
    with pytest.raises(actions.NoFeeDue):
        actions.request_payment(officer(row.unit), row.pk, revision=row.revision)
    row.refresh_from_db()
    assert row.state == State.PROCESSING


def test_requesting_payment_is_refused_for_a_dossier_of_another_unit() -> None:
    row = _processing()
    with pytest.raises(NotAllowed):
        actions.request_payment(officer(mission()), row.pk, revision=row.revision)


def test_requesting_payment_is_refused_to_staff_who_do_not_handle_dossiers() -> None:
    row = _processing()
    with pytest.raises(NotAllowed):
        actions.request_payment(officer(row.unit, Role.ADMIN.value), row.pk, revision=row.revision)


def test_requesting_payment_is_refused_on_a_stale_revision_or_a_wrong_state() -> None:
    row = _processing()
    clerk = officer(row.unit)
    with pytest.raises(StaleRevision):
        actions.request_payment(clerk, row.pk, revision=row.revision + 1)
    submitted = dossier(row.version, row.applicant, unit=row.unit, state=State.SUBMITTED)
    with pytest.raises(InvalidTransition):
        actions.request_payment(clerk, submitted.pk, revision=submitted.revision)


def test_requesting_payment_again_after_it_was_paid_is_refused() -> None:
    row, clerk = awaiting_payment()
    payment = actions.start_payment(row.applicant, row.pk, "bank_transfer")
    actions.confirm_transfer(clerk, payment.pk)
    row.refresh_from_db()
    with pytest.raises(actions.AlreadyPaid):
        actions.request_payment(clerk, row.pk, revision=row.revision)


def test_the_request_page_posts_the_revision_and_reports_refusals(client: Client) -> None:
    row = _processing()
    client.force_login(officer(row.unit))
    url = reverse("eservices:request_payment", kwargs={"pk": row.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"revision": row.revision})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == State.PAYMENT_REQUESTED
    client.post(url, {"revision": row.revision})  # not allowed now: a message, no change
    row.refresh_from_db()
    assert row.state == State.PAYMENT_REQUESTED


# Starting payment --------------------------------------------------------------------------


def test_one_payment_is_open_per_dossier() -> None:
    row, _ = awaiting_payment()
    first = actions.start_payment(row.applicant, row.pk, "bank_transfer")
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            dossier=row, provider="bank_transfer", amount=row.fee, reference="LP000000SECOND"
        )
    assert actions.start_payment(row.applicant, row.pk, "bank_transfer").pk == first.pk


def test_an_applicant_cannot_pay_another_applicants_dossier(client: Client) -> None:
    row, _ = awaiting_payment()
    stranger = ApplicantFactory()
    with pytest.raises(NotAllowed):
        actions.start_payment(stranger, row.pk, "bank_transfer")
    sign_in(client, stranger)
    url = reverse("services:pay", kwargs={"pk": row.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"provider": "bank_transfer"}).status_code == 404
    assert not Payment.objects.filter(dossier=row).exists()


def test_an_applicant_cannot_see_another_applicants_receipt(client: Client) -> None:
    row, clerk = awaiting_payment()
    payment = actions.start_payment(row.applicant, row.pk, "bank_transfer")
    actions.confirm_transfer(clerk, payment.pk)
    url = reverse("services:payment_receipt", kwargs={"pk": payment.pk})
    sign_in(client, ApplicantFactory())
    assert client.get(url).status_code == 404
    sign_in(client, row.applicant)
    assert client.get(url).content.startswith(b"%PDF")


def test_there_is_no_receipt_before_the_payment_is_made(client: Client) -> None:
    row, _ = awaiting_payment()
    payment = actions.start_payment(row.applicant, row.pk, "bank_transfer")
    sign_in(client, row.applicant)
    assert (
        client.get(reverse("services:payment_receipt", kwargs={"pk": payment.pk})).status_code
        == 404
    )


def test_paying_is_refused_when_no_payment_is_due(client: Client) -> None:
    row = _processing()
    with pytest.raises(actions.NothingToPay):
        actions.start_payment(row.applicant, row.pk, "bank_transfer")
    sign_in(client, row.applicant)
    response = client.post(
        reverse("services:pay", kwargs={"pk": row.pk}), {"provider": "bank_transfer"}
    )
    assert response.status_code == 409


def test_paying_with_an_unknown_or_unconfigured_method_is_refused(settings: Any) -> None:
    row, _ = awaiting_payment()
    with pytest.raises(providers.ProviderUnavailable):
        actions.start_payment(row.applicant, row.pk, "bitcoin")
    settings.CHANCERY_VNPAY_TMN_CODE = ""
    with pytest.raises(providers.ProviderUnavailable):
        actions.start_payment(row.applicant, row.pk, "vnpay")


def test_the_applicant_may_cancel_a_payment_under_way() -> None:
    row, _ = awaiting_payment()
    payment = actions.start_payment(row.applicant, row.pk, "bank_transfer")
    with pytest.raises(NotAllowed):
        actions.cancel(ApplicantFactory(), payment.pk)
    assert actions.cancel(row.applicant, payment.pk).state == PaymentState.CANCELLED
    with pytest.raises(providers.InvalidPaymentTransition):
        actions.cancel(row.applicant, payment.pk)


# The state machine -------------------------------------------------------------------------


def test_the_payment_state_machine_allows_only_the_gateway_moves() -> None:
    row, _ = awaiting_payment()
    payment = Payment.objects.create(
        dossier=row, provider="bank_transfer", amount=row.fee, reference="LP000000MACHIN"
    )
    with pytest.raises(providers.InvalidPaymentTransition):
        providers.move(payment, PaymentState.SUCCESS)  # not submitted yet
    with pytest.raises(providers.InvalidPaymentTransition):
        providers.move(payment, PaymentState.REFUNDED)
    providers.move(payment, PaymentState.SUBMITTED, source="test", detail={"said": "ok"})
    providers.move(payment, PaymentState.FAILED, source="test", detail={"code": "51"})
    with pytest.raises(providers.InvalidPaymentTransition):
        providers.move(payment, PaymentState.SUCCESS)
    payment.refresh_from_db()
    assert [(e["from"], e["state"]) for e in payment.log] == [
        ("created", "submitted"),
        ("submitted", "failed"),
    ]
    assert payment.log[-1]["detail"] == {"code": "51"}
    assert payment.submitted_at is not None
