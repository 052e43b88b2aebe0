"""What an upload really is, decided from its bytes, never from its name.

Order of checks: programs and scripts are refused first, whatever else the file claims to be;
then the content is recognised (our own signatures for the types we accept, an inspection of
the archive for ZIP-based documents, puremagic to name anything else in error messages); then
the declared name and content type must agree with the content; last, the type must be on
the caller's allow-list.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection
from pathlib import PurePath
from typing import IO

import puremagic
from django.utils.translation import gettext_lazy as _

from chancery.blobs.constants import EXTENSIONS, MIME_ALIASES, MIME_TYPES, FileType
from chancery.blobs.exceptions import (
    ContentMismatch,
    ExecutableRefused,
    TypeNotAllowed,
)
from chancery.blobs.sniff import (
    executable_kind,
    puremagic_program_kind,
    sniff_text_types,
    zip_program_kind,
)

# ODF keeps its type in the first entry, ``mimetype``, stored uncompressed.
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": FileType.ODT,
    "application/vnd.oasis.opendocument.spreadsheet": FileType.ODS,
    "application/vnd.oasis.opendocument.presentation": FileType.ODP,
}
# OOXML: the main part that makes a package a document, workbook or presentation.
OOXML_PARTS = {
    "word/document.xml": FileType.DOCX,
    "xl/workbook.xml": FileType.XLSX,
    "ppt/presentation.xml": FileType.PPTX,
}
MAX_ZIP_ENTRIES = 20_000
_EMPTY = _("empty file")
_UNKNOWN = _("unrecognised content")


def detect(
    spool: IO[bytes],
    head: bytes,
    *,
    filename: str,
    declared_type: str | None,
    allowed: Collection[FileType],
) -> FileType:
    """The type of the spooled upload, or the refusal explaining why it is not acceptable."""
    kind = executable_kind(head)
    if kind:
        raise ExecutableRefused(kind=kind)
    candidates = _candidates(spool, head)
    if not candidates:
        kind = puremagic_program_kind(head)
        if kind:
            raise ExecutableRefused(kind=kind)
        raise TypeNotAllowed(detected=_describe_unknown(head))
    candidates = _agreeing_with_declarations(candidates, filename, declared_type)
    for candidate in candidates:
        if candidate in allowed:
            return candidate
    raise TypeNotAllowed(detected=str(candidates[0].label))


def _candidates(spool: IO[bytes], head: bytes) -> list[FileType]:
    """Every accepted type the content could be, most specific first."""
    if head.startswith(b"%PDF-"):
        return [FileType.PDF]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return [FileType.PNG]
    if head.startswith(b"\xff\xd8\xff"):
        return [FileType.JPEG]
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return [FileType.TIFF]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_candidates(spool)
    return sniff_text_types(spool, head)


def _zip_candidates(spool: IO[bytes]) -> list[FileType]:
    spool.seek(0)
    try:
        with zipfile.ZipFile(spool) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise TypeNotAllowed(detected=str(FileType.ZIP.label))
            names = {entry.filename for entry in entries}
            kind = zip_program_kind(names)
            if kind:
                raise ExecutableRefused(kind=kind)
            if entries and entries[0].filename == "mimetype" and entries[0].file_size < 128:
                odf = ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
                if odf:
                    return [odf]
            if "[Content_Types].xml" in names:
                for part, file_type in OOXML_PARTS.items():
                    if part in names:
                        return [file_type]
            return [FileType.ZIP]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError):
        return []
    finally:
        spool.seek(0)


def _agreeing_with_declarations(
    candidates: list[FileType], filename: str, declared_type: str | None
) -> list[FileType]:
    """Keep the candidates the file name and declared type agree with; refuse if none does."""
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    if extension:
        agreeing = [c for c in candidates if extension in EXTENSIONS[c]]
        if not agreeing:
            raise ContentMismatch(declared=f".{extension}", detected=str(candidates[0].label))
        candidates = agreeing
    mime = _normalise_mime(declared_type)
    if mime:
        agreeing = [c for c in candidates if MIME_TYPES[c] == mime]
        if not agreeing:
            raise ContentMismatch(declared=mime, detected=str(candidates[0].label))
        candidates = agreeing
    return candidates


def _normalise_mime(declared: str | None) -> str:
    """``"Image/JPG; q=1"`` → ``"image/jpeg"``; the generic "unknown" types count as silence."""
    mime = (declared or "").split(";", 1)[0].strip().lower()
    if mime in {"", "application/octet-stream", "binary/octet-stream"}:
        return ""
    return MIME_ALIASES.get(mime, mime)


def _describe_unknown(head: bytes) -> str:
    if not head:
        return str(_EMPTY)
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return str(_UNKNOWN)
    return str(matches[0].name) if matches else str(_UNKNOWN)
