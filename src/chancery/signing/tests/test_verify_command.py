"""``chancery verify``: readable or JSON report and an exit status scripts can rely on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.management import call_command
from pyhanko.sign.timestamps import TimeStamper

from chancery.signing.pki.localserver import PkiServer
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests import tampering
from chancery.signing.tests.signed_documents import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_pem(hierarchy: Hierarchy, tmp_path: Path) -> Path:
    path = tmp_path / "root.pem"
    path.write_bytes(hierarchy.root.certificate.public_bytes(serialization.Encoding.PEM))
    return path


def verify(*args: str) -> tuple[int, str, str]:
    """Run the command; (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def signed_path(
    hierarchy: Hierarchy,
    person: Issued,
    timestamper: TimeStamper,
    letter_pdf: bytes,
    tmp_path: Path,
) -> Path:
    path = tmp_path / "signed.pdf"
    path.write_bytes(sign(letter_pdf, hierarchy, person, level="B-T", timestamper=timestamper))
    return path


def test_valid_document_exits_zero_with_json_report(
    signed_path: Path, root_pem: Path, pki_server: PkiServer
) -> None:
    code, out, _err = verify(str(signed_path), "--trust", str(root_pem), "--json")

    data = json.loads(out)
    assert code == 0
    assert data["verdict"] == "valid"
    assert data["signatures"][0]["signer"]["common_name"] == "Nguyễn Văn An"
    assert data["signatures"][0]["pades_level"] == "B-T"


def test_summary_is_in_the_requested_language(
    signed_path: Path, root_pem: Path, pki_server: PkiServer
) -> None:
    code, out, _err = verify(str(signed_path), "--trust", str(root_pem), "--language", "en")

    assert code == 0
    assert "Verdict: VALID" in out
    assert "Nguyễn Văn An" in out
    assert "Level: B-T" in out


def test_without_trusting_the_root_the_signature_is_indeterminate(
    signed_path: Path, pki_server: PkiServer
) -> None:
    code, out, _err = verify(str(signed_path), "--json")

    assert code == 2
    assert json.loads(out)["signatures"][0]["trust"] == "untrusted_root"


def test_modified_document_exits_one(
    signed_path: Path, root_pem: Path, tmp_path: Path, pki_server: PkiServer
) -> None:
    modified = tmp_path / "modified.pdf"
    modified.write_bytes(tampering.append_page(signed_path.read_bytes()))

    code, out, _err = verify(str(modified), "--trust", str(root_pem), "--json")

    assert code == 1
    assert json.loads(out)["signatures"][0]["integrity"] == "modified"


def test_unsigned_document_exits_two(letter_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter_pdf)

    code, out, _err = verify(str(path), "--json")

    assert code == 2
    assert json.loads(out)["verdict"] == "unsigned"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"hello, not a pdf", "not-a-pdf"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "truncated-pdf"),
    ],
)
def test_unreadable_file_exits_three_with_a_clear_error(
    content: bytes, error: str, tmp_path: Path
) -> None:
    path = tmp_path / "upload.pdf"
    path.write_bytes(content)

    code, out, _err = verify(str(path), "--json")
    text_code, _out, text_err = verify(str(path), "--language", "en")

    assert code == 3
    assert json.loads(out)["error"] == error
    assert text_code == 3
    assert "PDF" in text_err


def test_missing_file_exits_three(tmp_path: Path) -> None:
    code, _out, err = verify(str(tmp_path / "absent.pdf"))

    assert code == 3
    assert err


def test_at_validates_as_of_a_past_moment(
    signed_path: Path, root_pem: Path, pki_server: PkiServer
) -> None:
    # A year before the certificates existed, nothing about the signature can be valid.
    code, out, _err = verify(
        str(signed_path), "--trust", str(root_pem), "--json", "--at", "2020-01-01T00:00:00Z"
    )

    data = json.loads(out)
    assert data["validated_at"].startswith("2020-01-01T00:00:00")
    assert code != 0
