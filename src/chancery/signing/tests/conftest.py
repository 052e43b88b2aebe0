"""Fixtures of the signing tests: an in-memory PKI (generated once per session) and PDFs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyhanko.sign import signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from chancery.lib.pdfgen import sample_letter
from chancery.signing.constants import CertificateRole
from chancery.signing.pki.localserver import PkiServer, free_port
from chancery.signing.pki.material import Hierarchy, Issued, key_to_asn1, to_asn1
from chancery.signing.pki.x509build import Subject
from chancery.signing.tests.pki_helpers import internal_pki, pki_dir  # noqa: F401


@pytest.fixture(scope="session")
def pki_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def hierarchy(pki_port: int) -> Hierarchy:
    """Root, issuing CA, TSA and OCSP responder, not in the database.

    Its certificates point at ``pki_server`` (start that fixture when a validator must fetch
    CRLs or OCSP answers over HTTP).
    """
    return Hierarchy.generate(base_url=f"http://127.0.0.1:{pki_port}")


@pytest.fixture(scope="session")
def pki_server(hierarchy: Hierarchy, pki_port: int) -> Iterator[PkiServer]:
    """The hierarchy's CA certificates, CRLs and OCSP responder over real HTTP."""
    server = PkiServer(hierarchy, pki_port).start()
    yield server
    server.stop()


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


@pytest.fixture(scope="session")
def timestamper(hierarchy: Hierarchy) -> TimeStamper:
    """A timestamper acting as the hierarchy's TSA, in process."""
    return DummyTimeStamper(
        tsa_cert=to_asn1(hierarchy.tsa.certificate),
        tsa_key=key_to_asn1(hierarchy.tsa.key),
        certs_to_embed=SimpleCertificateStore.from_certs([to_asn1(c) for c in hierarchy.chain]),  # type: ignore[no-untyped-call]
    )


def make_validation_context(
    hierarchy: Hierarchy, leaves: list[Issued], *, moment: dt.datetime | None = None
) -> ValidationContext:
    """Trust the hierarchy's root; revocation material for ``leaves`` given up front."""
    crls, ocsps = hierarchy.revocation_material([leaf.certificate for leaf in leaves])
    return context_with_material(hierarchy, crls, ocsps, moment)


def context_with_material(
    hierarchy: Hierarchy, crls: list[Any], ocsps: list[Any], moment: dt.datetime | None
) -> ValidationContext:
    """Trust the hierarchy's root, with exactly these CRLs and OCSP answers, no fetching."""
    return ValidationContext(
        trust_roots=[to_asn1(hierarchy.root.certificate)],
        other_certs=[to_asn1(hierarchy.issuing.certificate)],
        crls=crls,
        ocsps=ocsps,
        allow_fetching=False,
        revocation_mode="hard-fail",
        moment=moment,
    )


def make_signer(hierarchy: Hierarchy, leaf: Issued) -> signers.SimpleSigner:
    return signers.SimpleSigner(
        signing_cert=to_asn1(leaf.certificate),
        signing_key=key_to_asn1(leaf.key),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in hierarchy.chain]),  # type: ignore[no-untyped-call]
    )


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Path, hierarchy: Hierarchy) -> Any:
    """The internal PKI in the database, a unit with its head (personal certificate) and clerk
    (who may use the unit's seal), and an outsider from another unit."""
    from chancery.signing.tests.db_pki import build_world

    settings.CHANCERY_PKI_DIR = tmp_path / "pki"
    return build_world(tmp_path / "pki", hierarchy)
