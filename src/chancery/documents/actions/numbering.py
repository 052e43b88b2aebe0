"""Register numbers: gapless per unit, direction and year, safe under concurrency.

``allocate_number`` must run inside the transaction that registers or issues the document:
it locks the register row until that transaction ends, so two clerks never get the same
number, and a transaction that rolls back (a failed signature, say) gives its number back:
the next one gets it, and the register has no gap.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chancery.core.service import Unit
from chancery.documents.constants import MINISTRY_CODE, Direction
from chancery.documents.models import DocumentType, Register


def register_year(moment: dt.datetime | None = None) -> int:
    """The register year of ``moment`` (now by default), in the ministry's time zone."""
    return timezone.localtime(moment or timezone.now()).year


def allocate_number(
    unit: Unit, direction: Direction | str, year: int | None = None
) -> tuple[Register, int]:
    """The next number of ``unit``'s ``direction`` register for ``year``; creates the register
    on its first use. Refuses (``TransactionManagementError``) to run outside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("allocate_number needs a transaction")
    year = year or register_year()
    Register.objects.get_or_create(unit=unit, direction=direction, year=year)
    register = Register.objects.select_for_update().get(unit=unit, direction=direction, year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register, register.last_number


def ministry_code() -> str:
    return str(getattr(settings, "CHANCERY_DOCUMENTS_MINISTRY_CODE", "") or MINISTRY_CODE)


def compose_number_symbol(number: int, document_type: DocumentType, unit: Unit) -> str:
    """The number/symbol of an outgoing document: ``125/BNG-LS``, ``07/QĐ-BNG``.

    Numbers below 10 are written with a leading zero, as the rules on clerical work require.
    """
    unit_code = unit.abbreviation or unit.code.upper()
    return document_type.number_pattern.format(
        number=f"{number:02d}",
        type=document_type.abbreviation,
        ministry=ministry_code(),
        unit=unit_code,
    )
