"""Ways an attacker changes a signed PDF, for the validation tests."""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter


def flip_signed_byte(data: bytes) -> bytes:
    """One byte inside the first stream (within the signed range) changed, in place."""
    position = data.index(b"stream", 20) + len(b"stream") + 8
    flipped = bytearray(data)
    flipped[position] ^= 0x01
    return bytes(flipped)


def append_page_content(data: bytes, page: int = 0) -> bytes:
    """An incremental update that draws new text over ``page``."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page_ref, _resources = writer.find_page_for_modification(page)  # type: ignore[no-untyped-call]
    page_dict = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 400 Td (PAID IN FULL) Tj ET")
    stream_ref = writer.add_object(stream)
    old = page_dict["/Contents"]
    old_list = (
        list(old) if isinstance(old, generic.ArrayObject) else [page_dict.raw_get("/Contents")]
    )
    page_dict["/Contents"] = generic.ArrayObject([*old_list, stream_ref])
    writer.update_container(page_dict)
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()


def append_page(data: bytes) -> bytes:
    """An incremental update that adds a page at the end."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    stream_ref = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (Annex) Tj ET")
    )
    page = generic.DictionaryObject(  # type: ignore[no-untyped-call]
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 595, 842)]  # type: ignore[no-untyped-call]
            ),
            generic.NameObject("/Contents"): stream_ref,
        }
    )
    writer.insert_page(page)  # type: ignore[no-untyped-call]
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
