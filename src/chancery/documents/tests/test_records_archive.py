"""Archive packages: manifest, checksums, and refusal of any altered package."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest

from chancery.documents.archive.package import (
    CHECKSUMS,
    MANIFEST,
    PackageRefused,
    build_package,
    import_package,
    verify_package,
)
from chancery.documents.tests.factories_records import add_file, archivist, due_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def package() -> bytes:
    record = due_record()
    add_file(record)
    add_file(
        record, b"Annex text\n", filename="annex.txt", content_type="text/plain", role="attachment"
    )
    return build_package(archivist(), [record])


def rezip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_package_lists_every_file_with_size_checksum_and_signature_summary(
    package: bytes,
) -> None:
    verified = verify_package(package)
    document = verified.manifest["documents"][0]
    pdf, annex = document["files"]
    content = verified.members[pdf["path"]]
    assert pdf["sha256"] == hashlib.sha256(content).hexdigest()
    assert pdf["size"] == len(content)
    assert pdf["signatures"]["verdict"] == "unsigned"
    assert annex["signatures"] is None
    assert document["classification"] == 0
    assert document["file_plan"]
    checksums = members_of(package)[CHECKSUMS].decode()
    assert f"  {MANIFEST}\n" in checksums
    assert f"  {pdf['path']}\n" in checksums


def test_a_single_flipped_byte_in_a_file_is_refused(package: bytes) -> None:
    members = members_of(package)
    path = next(name for name in members if name.endswith("annex.txt"))
    altered = bytearray(members[path])
    altered[0] ^= 0x01
    members[path] = bytes(altered)
    with pytest.raises(PackageRefused, match=r"annex\.txt"):
        verify_package(rezip(members))


def flip_inside_a_member(package: bytes) -> bytes:
    """Flip one byte of the stored (compressed) data of the PDF member."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = next(i for i in archive.infolist() if i.filename.endswith(".pdf"))
    name_length = int.from_bytes(
        package[info.header_offset + 26 : info.header_offset + 28], "little"
    )
    extra_length = int.from_bytes(
        package[info.header_offset + 28 : info.header_offset + 30], "little"
    )
    start = info.header_offset + 30 + name_length + extra_length
    raw = bytearray(package)
    raw[start + info.compress_size // 2] ^= 0xFF
    return bytes(raw)


def test_a_flipped_byte_in_the_raw_zip_is_refused(package: bytes) -> None:
    raw = flip_inside_a_member(package)
    with pytest.raises(PackageRefused):
        verify_package(bytes(raw))


def test_an_edited_manifest_is_refused(package: bytes) -> None:
    members = members_of(package)
    manifest = json.loads(members[MANIFEST])
    manifest["documents"][0]["subject"] = "Something else"
    members[MANIFEST] = json.dumps(manifest).encode()
    with pytest.raises(PackageRefused, match=MANIFEST):
        verify_package(rezip(members))


def test_an_added_or_removed_file_is_refused(package: bytes) -> None:
    members = members_of(package)
    with pytest.raises(PackageRefused, match="not in the checksum list"):
        verify_package(rezip({**members, "files/extra.txt": b"x"}))
    path = next(name for name in members if name.endswith("annex.txt"))
    del members[path]
    with pytest.raises(PackageRefused, match="missing"):
        verify_package(rezip(members))


def test_a_recomputed_checksum_list_still_cannot_hide_an_altered_file(package: bytes) -> None:
    members = members_of(package)
    path = next(name for name in members if name.endswith("annex.txt"))
    members[path] = b"Forged annex\n"
    members[CHECKSUMS] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n"
        for name, data in members.items()
        if name != CHECKSUMS
    ).encode()
    with pytest.raises(PackageRefused, match="manifest does not match"):
        verify_package(rezip(members))


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(PackageRefused):
        verify_package(b"not a zip")


def test_import_unpacks_a_sound_package_and_writes_nothing_for_a_bad_one(
    package: bytes, tmp_path: Path
) -> None:
    target = tmp_path / "accession-1"
    verified = import_package(package, target)
    assert (target / MANIFEST).exists()
    for entry in verified.manifest["documents"][0]["files"]:
        assert hashlib.sha256((target / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]

    with pytest.raises(PackageRefused):
        import_package(flip_inside_a_member(package), tmp_path / "accession-2")
    assert not (tmp_path / "accession-2").exists()
    assert not (tmp_path / "accession-2.partial").exists()
