"""PAdES levels, sequential signatures and failure handling of the signing engine.

Each result is checked by independent tools (pdfsig, the pyHanko CLI), not only by the code
that wrote it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

from chancery.signing.constants import AppearanceKind, CertificateRole, PadesLevel
from chancery.signing.exceptions import TimestampUnavailable
from chancery.signing.pdf.engine import (
    SigningContext,
    add_document_timestamp,
    next_field_name,
    sign_pdf,
)
from chancery.signing.pdf.inspect import inspect_pdf
from chancery.signing.pki.localserver import PkiServer, free_port
from chancery.signing.pki.material import Hierarchy, Issued, to_asn1
from chancery.signing.pki.x509build import Subject
from chancery.signing.tests.conftest import make_validation_context
from chancery.signing.tests.independent import pdfsig_accepts, pyhanko_cli_validate
from chancery.signing.tests.pdf_fixtures import context_for, root_pem, spec


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("level", list(PadesLevel))
def test_each_pades_level_is_accepted_by_pdfsig_and_the_pyhanko_cli(
    level: PadesLevel,
    hierarchy: Hierarchy,
    person: Issued,
    timestamper: TimeStamper,
    pki_server: PkiServer,
    letter_pdf: bytes,
    tmp_path: Path,
) -> None:
    # Given a letter and a person's key
    context = context_for(hierarchy, person, timestamper)
    # When it is signed at the level
    signed = sign_pdf(
        letter_pdf,
        context=context,
        level=level,
        field_name="Sig1",
        appearance=spec(AppearanceKind.PERSONAL),
    )
    # Then the original bytes are kept (incremental update) and both tools accept it
    assert signed.startswith(letter_pdf)
    path = _write(tmp_path, f"{level}.pdf", signed)
    root = root_pem(hierarchy, tmp_path)
    accepted, report = pdfsig_accepts(path, root)
    assert accepted, [
        (s.get("field"), s.get("valid"), s.get("certificate"), s["ranges"]) for s in report
    ]
    assert report[0]["type"] == "ETSI.CAdES.detached"
    ok, output = pyhanko_cli_validate(path, root)
    assert ok, output
    reader = PdfFileReader(io.BytesIO(signed))
    signature = reader.embedded_regular_signatures[0]
    unsigned = signature.signer_info["unsigned_attrs"]
    attribute_types = {a["type"].native for a in unsigned} if unsigned.native else set()
    has_signature_timestamp = "signature_time_stamp_token" in attribute_types
    assert has_signature_timestamp == (level != PadesLevel.B_B)
    assert ("/DSS" in reader.root) == (level in (PadesLevel.B_LT, PadesLevel.B_LTA))
    assert bool(reader.embedded_timestamp_signatures) == (level == PadesLevel.B_LTA)


@pytest.mark.parametrize("level", [PadesLevel.B_LT, PadesLevel.B_LTA])
def test_long_term_levels_validate_offline_from_the_embedded_revocation_info(
    level: PadesLevel,
    hierarchy: Hierarchy,
    person: Issued,
    timestamper: TimeStamper,
    letter_pdf: bytes,
) -> None:
    # Given a B-LT / B-LTA signature (no pki_server: nothing can be fetched)
    context = context_for(hierarchy, person, timestamper)
    signed = sign_pdf(letter_pdf, context=context, level=level, field_name="Sig1", appearance=None)
    # When it is validated with fetching off, from the DSS only, the root as trust anchor
    reader = PdfFileReader(io.BytesIO(signed))
    offline = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {
            "trust_roots": [to_asn1(hierarchy.root.certificate)],
            "allow_fetching": False,
            "revocation_mode": "hard-fail",
        }
    )
    status = validate_pdf_signature(reader.embedded_regular_signatures[0], offline)
    # Then the DSS alone proves the signer's certificate (and the TSA's) was good
    assert status.bottom_line, status.pretty_print_details()  # type: ignore[no-untyped-call]
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.trusted


def test_three_signatures_in_sequence_keep_the_earlier_ones_valid(
    hierarchy: Hierarchy,
    person: Issued,
    seal: Issued,
    timestamper: TimeStamper,
    pki_server: PkiServer,
    letter_pdf: bytes,
    tmp_path: Path,
) -> None:
    # Given the drafter's initials, then the unit head's signature
    drafter = hierarchy.issue(CertificateRole.PERSON, Subject("Trần Thị Bích", "Bộ Ngoại giao"))
    personal = context_for(hierarchy, person, timestamper)
    first = sign_pdf(
        letter_pdf,
        context=context_for(hierarchy, drafter, timestamper),
        level=PadesLevel.B_T,
        field_name=next_field_name(letter_pdf, "Sig"),
        appearance=spec(AppearanceKind.INITIALS, signer_name="Trần Thị Bích"),
    )
    second = sign_pdf(
        first,
        context=personal,
        level=PadesLevel.B_T,
        field_name=next_field_name(first, "Sig"),
        appearance=spec(AppearanceKind.PERSONAL),
    )
    # When the organisation seal is added at B-LTA
    third = sign_pdf(
        second,
        context=context_for(hierarchy, seal, timestamper),
        level=PadesLevel.B_LTA,
        field_name=next_field_name(second, "Sig"),
        appearance=spec(AppearanceKind.SEAL),
    )
    # Then all three signatures are valid for both tools
    assert inspect_pdf(third).signature_count == 3
    path = _write(tmp_path, "three.pdf", third)
    root = root_pem(hierarchy, tmp_path)
    accepted, report = pdfsig_accepts(path, root)
    assert accepted, [
        (s.get("field"), s.get("valid"), s.get("certificate"), s["ranges"]) for s in report
    ]
    assert [s["field"] for s in report if not s["document_timestamp"]] == ["Sig1", "Sig2", "Sig3"]
    ok, output = pyhanko_cli_validate(path, root)
    assert ok, output


def test_archive_timestamp_renewal_appends_a_valid_document_timestamp(
    hierarchy: Hierarchy,
    seal: Issued,
    timestamper: TimeStamper,
    pki_server: PkiServer,
    letter_pdf: bytes,
    tmp_path: Path,
) -> None:
    # Given a B-LTA document
    signed = sign_pdf(
        letter_pdf,
        context=context_for(hierarchy, seal, timestamper),
        level=PadesLevel.B_LTA,
        field_name="Sig1",
        appearance=None,
    )
    # When the archive timestamp is renewed
    renewed = add_document_timestamp(
        signed,
        timestamper=timestamper,
        validation_context=make_validation_context(hierarchy, [seal]),
    )
    # Then it is an incremental update with a second document timestamp, still valid
    assert renewed.startswith(signed)
    assert len(PdfFileReader(io.BytesIO(renewed)).embedded_timestamp_signatures) == 2
    ok, output = pyhanko_cli_validate(
        _write(tmp_path, "renewed.pdf", renewed), root_pem(hierarchy, tmp_path)
    )
    assert ok, output


@pytest.mark.parametrize("level", [PadesLevel.B_T, PadesLevel.B_LTA])
def test_unreachable_timestamping_authority_signs_nothing(
    level: PadesLevel, hierarchy: Hierarchy, person: Issued, letter_pdf: bytes
) -> None:
    # Given a TSA URL where nothing listens
    down = HTTPTimeStamper(f"http://127.0.0.1:{free_port()}/tsa", timeout=2)
    context = context_for(hierarchy, person, down)
    # When signing needs a timestamp, then the TSA failure is reported and nothing is returned
    with pytest.raises(TimestampUnavailable):
        sign_pdf(letter_pdf, context=context, level=level, field_name="Sig1", appearance=None)


def test_levels_that_need_a_timestamp_refuse_a_context_without_a_timestamper(
    hierarchy: Hierarchy, person: Issued, letter_pdf: bytes
) -> None:
    context = SigningContext(
        signer=context_for(hierarchy, person, None).signer,
        timestamper=None,
        validation_context=None,
    )
    with pytest.raises(ValueError, match="timestamper"):
        sign_pdf(
            letter_pdf, context=context, level=PadesLevel.B_T, field_name="Sig1", appearance=None
        )


def test_next_field_name_skips_names_already_in_the_document(
    hierarchy: Hierarchy, person: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    assert next_field_name(letter_pdf, "Sig") == "Sig1"
    signed = sign_pdf(
        letter_pdf,
        context=context_for(hierarchy, person, timestamper),
        level=PadesLevel.B_B,
        field_name="Sig1",
        appearance=None,
    )
    assert next_field_name(signed, "Sig") == "Sig2"
    with pytest.raises(ValueError, match="already"):
        sign_pdf(
            signed,
            context=context_for(hierarchy, person, timestamper),
            level=PadesLevel.B_B,
            field_name="Sig1",
            appearance=None,
        )
