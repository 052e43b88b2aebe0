"""Bank transfer with manual reconciliation: the instructions, a statement CSV (match,
mismatch, unknown reference), confirmation by hand, and who may reconcile."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.core.models import AuditEntry
from chancery.eservices.constants import PaymentState, State
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Payment
from chancery.eservices.payments import actions, providers
from chancery.eservices.payments.bank_transfer import StatementError, parse_statement
from chancery.eservices.tests.factories import hq_department, mission, officer
from chancery.eservices.tests.factories_payments import awaiting_payment, configure_bank, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _bank(settings: Any) -> None:
    configure_bank(settings)


def _transfer(**kwargs: Any) -> tuple[Payment, Any]:
    dossier, clerk = awaiting_payment(**kwargs)
    return actions.start_payment(dossier.applicant, dossier.pk, "bank_transfer"), clerk


def _csv(*lines: str) -> bytes:
    return ("reference,amount,date\n" + "\n".join(lines) + "\n").encode()


def test_the_applicant_sees_the_account_amount_and_reference_to_quote(client: Client) -> None:
    dossier, _ = awaiting_payment()
    sign_in(client, dossier.applicant)
    url = reverse("services:pay", kwargs={"pk": dossier.pk})
    page = client.get(url)
    assert b'value="bank_transfer"' in page.content
    assert b'data-amount="30000.00"' in page.content
    response = client.post(url, {"provider": "bank_transfer"})
    assert response.status_code == 302
    page = client.get(url)
    payment = Payment.objects.get(dossier=dossier)
    assert payment.state == PaymentState.SUBMITTED
    assert payment.reference.encode() in page.content
    assert b"0011000123456" in page.content
    # Choosing bank transfer again hands back the same reference
    client.post(url, {"provider": "bank_transfer"})
    assert Payment.objects.filter(dossier=dossier).count() == 1


def test_a_statement_line_with_the_reference_and_amount_confirms_the_transfer() -> None:
    payment, clerk = _transfer(state=State.ACCEPTED)
    results = actions.import_statement(
        clerk, _csv(f"CK {payment.reference} le phi,30000,2026-11-26")
    )
    assert [r.status for r in results] == ["matched"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert payment.reconciled_by == clerk
    assert payment.receipt_number
    assert payment.dossier.state == State.ACCEPTED  # back where it was
    assert AuditEntry.objects.filter(action="eservices.payment_confirmed").exists()


def test_a_statement_line_with_another_amount_is_flagged_not_accepted() -> None:
    payment, clerk = _transfer()
    results = actions.import_statement(clerk, _csv(f"{payment.reference},20000,26/11/2026"))
    assert [r.status for r in results] == ["mismatch"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED
    assert payment.log[-1]["detail"]["refused"] == "amount"
    assert AuditEntry.objects.filter(action="eservices.payment_amount_mismatch").exists()


def test_unknown_references_and_unreadable_lines_are_reported() -> None:
    payment, clerk = _transfer()
    results = actions.import_statement(
        clerk,
        _csv("LP991231ZZZZZZ,30000,2026-11-26", f"{payment.reference},abc,2026-11-26", "just text"),
    )
    assert [r.status for r in results] == ["unknown", "unreadable", "unreadable"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED


def test_a_transfer_listed_twice_is_credited_once() -> None:
    payment, clerk = _transfer()
    line = f"{payment.reference},30.000,2026-11-26"
    results = actions.import_statement(clerk, _csv(line, line))
    assert [r.status for r in results] == ["matched", "not_open"]


def test_a_file_that_is_not_a_csv_statement_is_refused() -> None:
    with pytest.raises(StatementError):
        parse_statement(b"\xff\xfe\x00binary")
    with pytest.raises(StatementError):
        parse_statement(b"reference,amount,date\n")


def test_staff_of_another_unit_cannot_reconcile_the_transfer() -> None:
    payment, _ = _transfer(unit=hq_department())
    elsewhere = officer(mission())
    with pytest.raises(NotAllowed):
        actions.confirm_transfer(elsewhere, payment.pk)
    results = actions.import_statement(elsewhere, _csv(f"{payment.reference},30000,2026-11-26"))
    assert [r.status for r in results] == ["unknown"]
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUBMITTED


def test_an_officer_confirms_a_transfer_from_the_reconciliation_page(client: Client) -> None:
    payment, clerk = _transfer()
    client.force_login(clerk)
    page = client.get(reverse("eservices:payments"))
    assert payment.reference.encode() in page.content
    response = client.post(reverse("eservices:payment_confirm", kwargs={"pk": payment.pk}))
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.state == PaymentState.SUCCESS
    assert payment.dossier.state == State.PROCESSING


def test_the_reconciliation_page_of_another_unit_answers_404(client: Client) -> None:
    payment, _ = _transfer()
    client.force_login(officer(mission()))
    assert payment.reference.encode() not in client.get(reverse("eservices:payments")).content
    response = client.post(reverse("eservices:payment_confirm", kwargs={"pk": payment.pk}))
    assert response.status_code == 404


def test_uploading_a_statement_shows_each_line(client: Client) -> None:
    payment, clerk = _transfer()
    client.force_login(clerk)
    upload = SimpleUploadedFile(
        "statement.csv",
        _csv(f"{payment.reference},30000,2026-11-26", "LP991231ZZZZZZ,5,2026-11-26"),
        content_type="text/csv",
    )
    page = client.post(reverse("eservices:payments"), {"statement": upload})
    assert page.status_code == 200
    assert b'data-status="matched"' in page.content
    assert b'data-status="unknown"' in page.content


def test_uploading_nothing_says_what_to_do(client: Client) -> None:
    _, clerk = _transfer()
    client.force_login(clerk)
    page = client.post(reverse("eservices:payments"))
    assert page.status_code == 400
    assert b"Choose the bank statement file" in page.content


def test_an_officer_records_the_refund_of_a_bank_transfer() -> None:
    payment, clerk = _transfer()
    actions.confirm_transfer(clerk, payment.pk)
    with pytest.raises(providers.PaymentError):
        actions.refund(clerk, payment.pk, "  ")
    refunded = actions.refund(clerk, payment.pk, "Paid twice")
    assert refunded.state == PaymentState.REFUNDED
    assert refunded.log[-1]["detail"]["manual"] is True
    with pytest.raises(providers.InvalidPaymentTransition):
        actions.refund(clerk, payment.pk, "Again")
