"""Register numbers and number/symbols of outgoing documents."""

from __future__ import annotations

import pytest
from django.db import transaction

from chancery.core.tests.factories import UnitFactory
from chancery.documents.actions.numbering import allocate_number, compose_number_symbol
from chancery.documents.constants import Direction
from chancery.documents.models import DocumentType

pytestmark = pytest.mark.django_db


def test_the_29_document_types_are_seeded_with_their_abbreviations() -> None:
    types = DocumentType.objects.all()
    assert types.count() == 29
    assert types.get(code="quyet-dinh").abbreviation == "QĐ"
    assert types.get(code="cong-van").abbreviation == ""


def test_official_letter_symbol_names_ministry_and_drafting_unit() -> None:
    consular = UnitFactory(code="consular", abbreviation="LS")
    letter = DocumentType.objects.get(code="cong-van")
    assert compose_number_symbol(125, letter, consular) == "125/BNG-LS"


def test_typed_document_symbol_names_type_and_ministry_with_two_digits() -> None:
    unit = UnitFactory(abbreviation="LS")
    decision = DocumentType.objects.get(code="quyet-dinh")
    assert compose_number_symbol(7, decision, unit) == "07/QĐ-BNG"


def test_numbers_follow_each_other_per_register_and_year() -> None:
    unit = UnitFactory()
    with transaction.atomic():
        first = allocate_number(unit, Direction.OUTGOING, 2026)
        second = allocate_number(unit, Direction.OUTGOING, 2026)
        other_year = allocate_number(unit, Direction.OUTGOING, 2027)
        incoming = allocate_number(unit, Direction.INCOMING, 2026)
    assert (first[1], second[1], other_year[1], incoming[1]) == (1, 2, 1, 1)


def test_a_rolled_back_allocation_gives_its_number_back() -> None:
    unit = UnitFactory()

    def issue_and_fail() -> None:
        with transaction.atomic():
            allocate_number(unit, Direction.OUTGOING, 2026)
            raise RuntimeError("signature failed")

    with pytest.raises(RuntimeError):
        issue_and_fail()
    with transaction.atomic():
        assert allocate_number(unit, Direction.OUTGOING, 2026)[1] == 1


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused() -> None:
    with pytest.raises(transaction.TransactionManagementError):
        allocate_number(UnitFactory(), Direction.OUTGOING, 2026)
