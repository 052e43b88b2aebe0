"""Documents changed after signing are caught by Chancery, by pdfsig and by the pyHanko CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.utils import translation
from pyhanko.sign.timestamps import TimeStamper

from chancery.signing.pki.localserver import PkiServer
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests import tampering
from chancery.signing.tests.independent import pdfsig_report, pyhanko_cli_validate
from chancery.signing.tests.signed_documents import context_factory, sign
from chancery.signing.validation.engine import validate_pdf

TAMPERINGS: dict[str, Callable[[bytes], bytes]] = {
    "byte_changed": tampering.flip_signed_byte,
    "content_changed": tampering.append_page_content,
    "page_appended": tampering.append_page,
}


@pytest.fixture
def root_pem(hierarchy: Hierarchy, tmp_path: Path) -> Path:
    path = tmp_path / "root.pem"
    path.write_bytes(hierarchy.root.certificate.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def signed(
    hierarchy: Hierarchy, person: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> bytes:
    return sign(letter_pdf, hierarchy, person, level="B-T", timestamper=timestamper)


def test_untouched_copy_is_accepted_by_all_three_validators(
    signed: bytes,
    hierarchy: Hierarchy,
    person: Issued,
    root_pem: Path,
    tmp_path: Path,
    pki_server: PkiServer,
) -> None:
    # The control for the tests below: the same file, unmodified, passes everywhere.
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)

    report = validate_pdf(signed, context_factory=context_factory(hierarchy, [person]))
    ok, output = pyhanko_cli_validate(path, root_pem)
    (pdfsig,) = pdfsig_report(path)

    assert report.verdict == "valid"
    assert report.signatures[0].integrity == "intact"
    assert ok, output
    assert pdfsig["valid"]
    assert pdfsig["total_document_signed"]


@pytest.mark.parametrize("how", list(TAMPERINGS))
def test_copy_modified_after_signing_is_rejected_by_all_three_validators(
    how: str,
    signed: bytes,
    hierarchy: Hierarchy,
    person: Issued,
    root_pem: Path,
    tmp_path: Path,
    pki_server: PkiServer,
) -> None:
    # Given a signed letter changed afterwards
    modified = TAMPERINGS[how](signed)
    path = tmp_path / f"{how}.pdf"
    path.write_bytes(modified)

    # When Chancery, pdfsig and the pyHanko CLI validate it
    report = validate_pdf(modified, context_factory=context_factory(hierarchy, [person]))
    cli_ok, cli_output = pyhanko_cli_validate(path, root_pem)
    (pdfsig,) = pdfsig_report(path)

    # Then each of them reports the change
    signature = report.signatures[0]
    assert report.verdict == "invalid"
    assert signature.verdict == "invalid"
    assert not cli_ok, cli_output
    if how == "byte_changed":
        assert signature.integrity == "broken"
        assert not pdfsig["valid"]
    else:
        # The signed bytes are untouched; what follows them is not allowed.
        assert signature.integrity == "modified"
        assert signature.modification == "other"
        assert pdfsig["valid"]
        assert not pdfsig["total_document_signed"]


def test_modification_details_say_what_changed(
    signed: bytes, hierarchy: Hierarchy, person: Issued
) -> None:
    factory = context_factory(hierarchy, [person])

    with translation.override("en"):
        content = validate_pdf(tampering.append_page_content(signed), context_factory=factory)
        added = validate_pdf(tampering.append_page(signed), context_factory=factory)

    assert "page content changed on page 1" in content.signatures[0].modification_details
    assert "1 page(s) were added" in added.signatures[0].modification_details
    assert added.page_count == 3
