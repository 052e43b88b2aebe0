"""Fixtures of the signing tests: an in-memory PKI (generated once per session) and PDFs."""

from __future__ import annotations

import pytest

from chancery.lib.pdfgen import sample_letter
from chancery.signing.constants import CertificateRole
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.pki.x509build import Subject


@pytest.fixture(scope="session")
def hierarchy() -> Hierarchy:
    """Root, issuing CA, TSA and OCSP responder, not in the database."""
    return Hierarchy.generate(base_url="http://127.0.0.1:8000")


@pytest.fixture(scope="session")
def person(hierarchy: Hierarchy) -> Issued:
    return hierarchy.issue(
        CertificateRole.PERSON,
        Subject("Nguyễn Văn An", "Bộ Ngoại giao", "Vụ Lãnh sự", serial_number="CMND:001"),
    )


@pytest.fixture(scope="session")
def seal(hierarchy: Hierarchy) -> Issued:
    return hierarchy.issue(CertificateRole.SEAL, Subject("Bộ Ngoại giao", "Bộ Ngoại giao"))


@pytest.fixture
def letter_pdf() -> bytes:
    """A two-page unsigned letter."""
    return sample_letter()
