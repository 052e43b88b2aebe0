"""The cable index: body text from paragraphs, vector from reference, subject, tags, body."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest

from chancery.documents.cables.search import reindex
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.search.query import matching
from chancery.documents.cables.tests.factories_archive import CableFactory
from chancery.documents.models import Cable, CableParagraph

pytestmark = pytest.mark.django_db


def _found(text: str) -> set[object]:
    return set(
        matching(Cable.objects.all(), CableSearchParams(q=text)).values_list("pk", flat=True)
    )


def test_reindex_builds_body_text_from_paragraphs_in_order() -> None:
    cable = CableFactory(paragraphs=["Đoạn một.", "Đoạn hai."], indexed=False)
    reindex([cable.pk])
    cable.refresh_from_db()
    assert cable.body_text == "1. Đoạn một.\n\n2. Đoạn hai."
    assert cable.search_vector


def test_subject_tags_reference_and_paragraphs_are_all_searchable() -> None:
    cable = CableFactory(
        subject="Quan hệ song phương", tags=["PREL", "FR"], paragraphs=["Hiệp định thương mại."]
    )
    for text in ("song phuong", "PREL", "hiep dinh", cable.reference.split()[0]):
        assert cable.pk in _found(text), text


def test_a_changed_paragraph_is_found_only_after_reindex() -> None:
    cable = CableFactory(paragraphs=["Hội nghị thượng đỉnh."])
    CableParagraph.objects.filter(cable=cable).update(text="Biên giới trên biển.")
    assert cable.pk not in _found("bien gioi")
    reindex([cable.pk])
    assert cable.pk in _found("bien gioi")
    assert cable.pk not in _found("thuong dinh")


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_text_typed_composed_or_decomposed_is_found_without_diacritics(
    form: Literal["NFC", "NFD"],
) -> None:
    cable = CableFactory(paragraphs=[unicodedata.normalize(form, "Công tác ngoại giao nhân dân.")])
    assert cable.pk in _found("ngoai giao")
    assert cable.pk in _found(unicodedata.normalize("NFD", "ngoại giao"))
    assert cable.pk in _found("ngoại giao")
