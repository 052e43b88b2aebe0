"""Permission-checked reads of payments: applicants their own, staff their unit's (leaders all).
Anything else answers 404 (``NotAllowed``)."""

from __future__ import annotations

from django.db.models import QuerySet

from chancery.core.service import User
from chancery.eservices.constants import PaymentState
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Applicant, Payment
from chancery.eservices.queries import dossiers_for_staff


def _base() -> QuerySet[Payment]:
    return Payment.objects.select_related(
        "dossier__version__procedure", "dossier__unit", "dossier__applicant"
    )


def payments_for_staff(user: User) -> QuerySet[Payment]:
    """The payments of the dossiers ``user`` may see."""
    return _base().filter(dossier__in=dossiers_for_staff(user).values("pk"))


def get_payment_for_staff(user: User, payment_id: int) -> Payment:
    payment = payments_for_staff(user).filter(pk=payment_id).first()
    if payment is None:
        raise NotAllowed()
    return payment


def transfers_to_reconcile(user: User) -> QuerySet[Payment]:
    """Bank transfers the applicant was told to make and nobody has confirmed yet."""
    return (
        payments_for_staff(user)
        .filter(provider="bank_transfer", state=PaymentState.SUBMITTED)
        .order_by("submitted_at")
    )


def recent_settled(user: User, limit: int = 25) -> list[Payment]:
    """The latest paid or refunded payments (any method), for the reconciliation page."""
    states = (PaymentState.SUCCESS, PaymentState.REFUNDED)
    return list(payments_for_staff(user).filter(state__in=states).order_by("-settled_at")[:limit])


def payments_of(applicant: Applicant) -> QuerySet[Payment]:
    return _base().filter(dossier__applicant=applicant)


def get_payment_for_applicant(applicant: Applicant, payment_id: int) -> Payment:
    payment = payments_of(applicant).filter(pk=payment_id).first()
    if payment is None:
        raise NotAllowed()
    return payment


def open_payment(dossier_id: int) -> Payment | None:
    """The dossier's payment under way, if any (at most one: a database constraint)."""
    return (
        Payment.objects.filter(
            dossier_id=dossier_id, state__in=(PaymentState.CREATED, PaymentState.SUBMITTED)
        )
        .order_by("-created_at")
        .first()
    )
