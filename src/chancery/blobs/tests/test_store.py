"""Storing and reading through the service, on both backends."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.apps import apps
from django.http import FileResponse

from chancery.blobs import service as blobs
from chancery.blobs.constants import CHUNK_SIZE, SPOOL_MEMORY_BYTES
from chancery.blobs.tests import samples
from chancery.blobs.tests.conftest import RawStore, person
from chancery.core.service import Clearance, User

pytestmark = pytest.mark.django_db

LETTER = blobs.Owner("documents.document", "42", 1)
MEMO = blobs.Owner("documents.document", "43", 1)


def _classified_pdf(level: int, actor: User | None) -> blobs.Blob:
    return blobs.store(
        io.BytesIO(samples.pdf()),
        filename="s.pdf",
        owner=LETTER,
        classification=level,
        actor=actor,
    )


def _audit_actions() -> list[str]:
    entry = apps.get_model("core", "AuditEntry")
    return list(entry.objects.order_by("seq").values_list("action", flat=True))


def test_identical_uploads_are_stored_once_and_referenced_by_each_owner(
    backend_name: str, raw: RawStore
) -> None:
    clerk = person()

    first = blobs.store(io.BytesIO(samples.pdf()), filename="a.pdf", owner=LETTER, actor=clerk)
    second = blobs.store(io.BytesIO(samples.pdf()), filename="b.pdf", owner=MEMO, actor=clerk)

    assert first.pk == second.pk
    assert raw.names() == [first.address]
    assert sorted(ref.label for ref in first.refs.all()) == ["a.pdf", "b.pdf"]


def test_a_file_larger_than_the_chunk_size_round_trips_in_pieces(backend_name: str) -> None:
    clerk = person()
    body = samples.text() + os.urandom(SPOOL_MEMORY_BYTES + 3 * CHUNK_SIZE).hex().encode()

    blob = blobs.store(io.BytesIO(body), filename="long.txt", owner=LETTER, actor=clerk)
    with blobs.open_blob(blob.address, actor=clerk) as reader:
        start = reader.read(100)
        chunks = list(reader)

    assert blob.size == len(body)
    assert blob.content_type == "text/plain"
    assert max(len(chunk) for chunk in chunks) <= CHUNK_SIZE
    assert start + b"".join(chunks) == body


def test_classified_store_and_read_are_audited_and_unclassified_ones_are_not(
    backend_name: str,
) -> None:
    officer = person(cleared=True)
    public = blobs.store(io.BytesIO(samples.png()), filename="p.png", owner=LETTER, actor=officer)
    blobs.open_blob(public.address, actor=officer).close()
    assert _audit_actions() == []

    secret = _classified_pdf(Clearance.SECRET, officer)
    blobs.open_blob(secret.address, actor=officer).close()

    assert _audit_actions() == ["blobs.stored", "blobs.read"]


def test_a_reader_below_the_blob_classification_is_told_it_does_not_exist(
    backend_name: str,
) -> None:
    officer = person(cleared=True)
    clerk = person()
    secret = _classified_pdf(Clearance.CONFIDENTIAL, officer)

    with pytest.raises(blobs.BlobNotFound):
        blobs.open_blob(secret.address, actor=clerk)
    with pytest.raises(blobs.BlobNotFound):
        blobs.attach(secret.address, MEMO, actor=clerk)
    with pytest.raises(blobs.BlobNotFound):
        blobs.open_blob("0" * 64, actor=officer)


def test_nobody_stores_above_their_own_clearance() -> None:
    clerk = person(clearance=Clearance.CONFIDENTIAL)

    with pytest.raises(blobs.InsufficientClearance):
        _classified_pdf(Clearance.TOP_SECRET, clerk)
    assert not blobs.Blob.objects.exists()


def test_classified_content_must_name_the_object_it_belongs_to() -> None:
    with pytest.raises(ValueError, match="owner"):
        blobs.store(
            io.BytesIO(samples.pdf()),
            filename="s.pdf",
            classification=Clearance.CONFIDENTIAL,
            actor=person(cleared=True),
        )


def test_attach_is_idempotent_and_detach_removes_only_that_owner(backend_name: str) -> None:
    clerk = person()
    blob = blobs.store(io.BytesIO(samples.png()), filename="p.png", actor=clerk)

    blobs.attach(blob.address, LETTER, label="annex", actor=clerk)
    blobs.attach(blob.address, LETTER, label="annex", actor=clerk)
    blobs.attach(blob.address, MEMO, label="annex", actor=clerk)
    removed = blobs.detach(LETTER, actor=clerk)

    assert removed == 1
    assert [(ref.owner_id, ref.label) for ref in blobs.refs_of(MEMO)] == [("43", "annex")]
    assert list(blobs.refs_of(LETTER)) == []


def test_storing_a_new_file_stays_within_a_query_budget(
    django_assert_max_num_queries: Any,
) -> None:
    clerk = person()

    with django_assert_max_num_queries(7):
        blobs.store(io.BytesIO(samples.pdf()), filename="a.pdf", owner=LETTER, actor=clerk)


def test_the_internet_profile_refuses_classified_content_and_stores_nothing(
    backend_name: str, raw: RawStore, settings: Any
) -> None:
    settings.CHANCERY_PROFILE = "internet"
    officer = person(cleared=True)

    with pytest.raises(blobs.ClassifiedStorageRefused):
        _classified_pdf(Clearance.CONFIDENTIAL, officer)
    public = blobs.store(io.BytesIO(samples.pdf()), filename="p.pdf", owner=LETTER, actor=officer)

    assert list(blobs.Blob.objects.values_list("classification", flat=True)) == [0]
    assert raw.names() == [public.address]
    assert _audit_actions() == []


def test_the_internet_profile_does_not_serve_classified_content_stored_elsewhere(
    settings: Any,
) -> None:
    officer = person(cleared=True)
    secret = _classified_pdf(Clearance.CONFIDENTIAL, officer)
    settings.CHANCERY_PROFILE = "internet"

    with pytest.raises(blobs.BlobNotFound):
        blobs.open_blob(secret.address, actor=officer)


def test_a_reader_can_be_served_as_a_django_file_response() -> None:
    clerk = person()
    body = samples.text() * 5000
    blob = blobs.store(io.BytesIO(body), filename="n.txt", owner=LETTER, actor=clerk)

    response = FileResponse(blobs.open_blob(blob.address, actor=clerk))

    assert b"".join(response.streaming_content) == body  # type: ignore[arg-type]
    response.close()
