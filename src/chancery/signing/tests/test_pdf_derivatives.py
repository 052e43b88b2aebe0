"""View copies and demo images."""

from __future__ import annotations

import io

from PIL import Image
from pyhanko.sign.timestamps import TimeStamper

from chancery.signing.constants import AppearanceKind, PadesLevel
from chancery.signing.pdf.derivatives import extract_text, view_copy
from chancery.signing.pdf.engine import sign_pdf
from chancery.signing.pdf.images import seal_image, signature_image
from chancery.signing.pdf.inspect import inspect_pdf
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.tests.pdf_fixtures import context_for, spec


def test_view_copy_is_a_new_unsigned_watermarked_file_and_the_original_is_untouched(
    hierarchy: Hierarchy, person: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    # Given a signed letter
    signed = sign_pdf(
        letter_pdf,
        context=context_for(hierarchy, person, timestamper),
        level=PadesLevel.B_T,
        field_name="Sig1",
        appearance=spec(AppearanceKind.PERSONAL),
    )
    before = bytes(signed)
    # When a view copy is made
    copy = view_copy(signed, watermark="BẢN XEM – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ")
    # Then the original is unchanged, the copy is not an update of it and carries no signature
    assert signed == before
    assert not copy.startswith(letter_pdf[:-10])
    info = inspect_pdf(copy)
    assert info.signature_count == 0
    assert info.signature_fields == ()
    assert info.page_count == 2
    text = extract_text(copy)
    assert text.count("BẢN XEM") == 2  # once per page
    assert "Paragraph 1 of the letter" in text


def test_demo_images_are_deterministic_transparent_pngs_at_real_size() -> None:
    seal = seal_image("Bộ Ngoại giao", diameter_mm=36, dpi=300)
    assert seal == seal_image("Bộ Ngoại giao", diameter_mm=36, dpi=300)
    assert seal != seal_image("Sở Ngoại vụ Hà Nội", diameter_mm=36, dpi=300)
    image = Image.open(io.BytesIO(seal))
    assert image.size == (425, 425)
    assert image.mode == "RGBA"
    corner = image.getpixel((0, 0))
    assert isinstance(corner, tuple)  # RGBA pixels are tuples
    assert corner[3] == 0  # transparent corner
    centre = image.getpixel((212, 212))  # the star in the centre
    assert isinstance(centre, tuple)
    red, green, blue, _ = centre
    assert red > 180
    assert green < 60
    assert blue < 60
    signature = Image.open(io.BytesIO(signature_image("Nguyễn Văn An")))
    assert signature.mode == "RGBA"
    signature_corner = signature.getpixel((0, 0))
    assert isinstance(signature_corner, tuple)
    assert signature_corner[3] == 0
    assert signature_image("Nguyễn Văn An") == signature_image("Nguyễn Văn An")
    assert signature_image("Nguyễn Văn An") != signature_image("Trần Thị Bích")
