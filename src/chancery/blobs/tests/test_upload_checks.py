"""Uploads are judged by their content: programs never pass, names and types must not lie."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from chancery.blobs import service as blobs
from chancery.blobs.constants import CHUNK_SIZE, FileType
from chancery.blobs.tests import samples

pytestmark = pytest.mark.django_db


def _store(body: bytes, filename: str, **options: Any) -> blobs.Blob:
    return blobs.store(io.BytesIO(body), filename=filename, actor=None, **options)


class EndlessUpload:
    """A client that keeps sending: counts what the store pulled from it."""

    def __init__(self, announced: int | None = None) -> None:
        self.pulled = 0
        if announced is not None:
            self.size = announced

    def read(self, size: int = -1) -> bytes:
        chunk = b"a" * (size if size > 0 else CHUNK_SIZE)
        self.pulled += len(chunk)
        return chunk


@pytest.mark.parametrize(
    ("make", "filename", "expected"),
    [
        (samples.pdf, "công hàm.pdf", FileType.PDF),
        (samples.png, "seal.png", FileType.PNG),
        (samples.jpeg, "photo.JPG", FileType.JPEG),
        (samples.tiff, "scan.tif", FileType.TIFF),
        (samples.docx, "draft.docx", FileType.DOCX),
        (samples.xlsx, "budget.xlsx", FileType.XLSX),
        (samples.odt, "note.odt", FileType.ODT),
        (samples.text, "note.txt", FileType.TEXT),
        (samples.eml, "mail.eml", FileType.EML),
        (samples.eml, "mail.txt", FileType.TEXT),
        (samples.pdf, "no-extension", FileType.PDF),
    ],
)
def test_accepted_types_are_recognised_by_content(
    make: Callable[[], bytes], filename: str, expected: FileType
) -> None:
    blob = _store(make(), filename)

    assert blob.file_type == expected
    assert blob.content_type == blobs.MIME_TYPES[expected]


@pytest.mark.parametrize(
    ("make", "filename"),
    [
        (samples.elf, "report.pdf"),
        (samples.pe, "photo.png"),
        (samples.macho, "minutes.docx"),
        (samples.java_class, "notes.txt"),
        (samples.shell_script, "notes.txt"),
        (samples.jar, "letter.docx"),
        (lambda: samples.docx(macros=True), "letter.docx"),
    ],
)
def test_programs_are_refused_whatever_they_are_called(
    make: Callable[[], bytes], filename: str
) -> None:
    with pytest.raises(blobs.ExecutableRefused):
        _store(make(), filename, allowed_types=set(FileType))

    assert not blobs.Blob.objects.exists()


@pytest.mark.parametrize(
    ("body", "filename", "declared"),
    [
        (samples.pdf(), "scan.png", None),
        (samples.pdf(), "scan", "image/png"),
        (samples.plain_zip(), "letter.docx", None),
        (samples.docx(), "letter.odt", None),
        (samples.text(), "notes.exe", None),
    ],
)
def test_a_name_or_declared_type_that_contradicts_the_content_is_refused(
    body: bytes, filename: str, declared: str | None
) -> None:
    with pytest.raises(blobs.ContentMismatch):
        _store(body, filename, declared_type=declared)


def test_a_generic_or_equivalent_declared_type_is_not_a_contradiction() -> None:
    assert _store(samples.pdf(), "a.pdf", declared_type="application/octet-stream").file_type
    assert _store(samples.jpeg(), "a.jpg", declared_type="image/jpg; q=1").file_type


@pytest.mark.parametrize(
    ("body", "filename"),
    [
        (samples.plain_zip(), "bundle.zip"),
        (b"", "empty.txt"),
        (b"<html><script>alert(1)</script></html>", "page.txt"),
        ("Nội dung".encode("utf-16"), "legacy.txt"),
    ],
)
def test_types_outside_the_default_list_are_refused(body: bytes, filename: str) -> None:
    with pytest.raises(blobs.TypeNotAllowed):
        _store(body, filename)


def test_the_caller_narrows_or_widens_the_allowed_types() -> None:
    with pytest.raises(blobs.TypeNotAllowed):
        _store(samples.png(), "seal.png", allowed_types={FileType.PDF})

    assert _store(samples.plain_zip(), "b.zip", allowed_types={FileType.ZIP}).file_type == "zip"


def test_an_oversize_upload_is_refused_without_being_read_to_its_end(settings: Any) -> None:
    settings.CHANCERY_UPLOAD_MAX_BYTES = 3 * CHUNK_SIZE + 5
    upload = EndlessUpload()

    with pytest.raises(blobs.FileTooLarge) as refusal:
        blobs.store(upload, filename="huge.txt", actor=None)

    assert upload.pulled == settings.CHANCERY_UPLOAD_MAX_BYTES + 1
    assert str(settings.CHANCERY_UPLOAD_MAX_BYTES) in str(refusal.value)
    assert not blobs.Blob.objects.exists()


def test_an_upload_announcing_an_oversize_length_is_refused_before_any_read() -> None:
    upload = EndlessUpload(announced=10**12)

    with pytest.raises(blobs.FileTooLarge):
        blobs.store(upload, filename="huge.txt", actor=None)

    assert upload.pulled == 0


def test_a_caller_limit_applies_but_never_raises_the_configured_one(settings: Any) -> None:
    settings.CHANCERY_UPLOAD_MAX_BYTES = 100
    with pytest.raises(blobs.FileTooLarge):
        _store(samples.text(), "note.txt", max_bytes=10)
    with pytest.raises(blobs.FileTooLarge):
        _store(b"x" * 101, "note.txt", max_bytes=10_000)
