"""Registrations of the payments area (called from ``eservices.setup.ready``)."""

from __future__ import annotations


def ready() -> None:
    from chancery.eservices.payments import providers
    from chancery.eservices.payments.bank_transfer import BankTransfer
    from chancery.eservices.payments.gateway import Vnpay

    providers.register(BankTransfer())
    providers.register(Vnpay())
