"""File types the store recognises, and the sizes it reads and encrypts in."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# Reads and writes move this much at a time: memory use stays flat whatever the file size.
CHUNK_SIZE = 64 * 1024
# Plaintext bytes per encrypted segment; each segment carries its own 16-byte GCM tag.
SEGMENT_SIZE = 64 * 1024
# How much of the start of an upload the type detection looks at.
SNIFF_BYTES = 8 * 1024
# Uploads smaller than this are checked in memory; larger ones spill to an unnamed temp file.
SPOOL_MEMORY_BYTES = 1024 * 1024

ADDRESS_RE = re.compile(r"^[0-9a-f]{64}$")


class FileType(models.TextChoices):
    """A type recognised by content. Callers pass a set of these as the allow-list."""

    PDF = "pdf", _("PDF document")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    TIFF = "tiff", _("TIFF image")
    DOCX = "docx", _("Word document")
    XLSX = "xlsx", _("Excel workbook")
    PPTX = "pptx", _("PowerPoint presentation")
    ODT = "odt", _("OpenDocument text")
    ODS = "ods", _("OpenDocument spreadsheet")
    ODP = "odp", _("OpenDocument presentation")
    TEXT = "text", _("Plain text")
    EML = "eml", _("E-mail message")
    ZIP = "zip", _("ZIP archive")


MIME_TYPES: dict[FileType, str] = {
    FileType.PDF: "application/pdf",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.TIFF: "image/tiff",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
    FileType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileType.ODP: "application/vnd.oasis.opendocument.presentation",
    FileType.TEXT: "text/plain",
    FileType.EML: "message/rfc822",
    FileType.ZIP: "application/zip",
}

# Declared MIME types that browsers and mail clients send for the same thing.
MIME_ALIASES: dict[str, str] = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "application/x-pdf": "application/pdf",
    "application/x-zip-compressed": "application/zip",
    "text/csv": "text/plain",
    "text/markdown": "text/plain",
}

EXTENSIONS: dict[FileType, frozenset[str]] = {
    FileType.PDF: frozenset({"pdf"}),
    FileType.PNG: frozenset({"png"}),
    FileType.JPEG: frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    FileType.TIFF: frozenset({"tif", "tiff"}),
    FileType.DOCX: frozenset({"docx"}),
    FileType.XLSX: frozenset({"xlsx"}),
    FileType.PPTX: frozenset({"pptx"}),
    FileType.ODT: frozenset({"odt"}),
    FileType.ODS: frozenset({"ods"}),
    FileType.ODP: frozenset({"odp"}),
    FileType.TEXT: frozenset({"txt", "text", "csv", "tsv", "md", "log"}),
    FileType.EML: frozenset({"eml"}),
    FileType.ZIP: frozenset({"zip"}),
}

DEFAULT_ALLOWED_TYPES: frozenset[FileType] = frozenset(
    {
        FileType.PDF,
        FileType.PNG,
        FileType.JPEG,
        FileType.TIFF,
        FileType.DOCX,
        FileType.XLSX,
        FileType.PPTX,
        FileType.ODT,
        FileType.TEXT,
        FileType.EML,
    }
)
