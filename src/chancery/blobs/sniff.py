"""Signatures of programs, and recognisers for text, that puremagic does not give us."""

from __future__ import annotations

import codecs
import re
from collections.abc import Set
from typing import IO

import puremagic
from django.utils.translation import gettext_lazy as _

from chancery.blobs.constants import FileType
from chancery.blobs.exceptions import TypeNotAllowed
from chancery.blobs.streams import iter_chunks

BOM = b"\xef\xbb\xbf"
# Magic numbers at offset 0 that mean "this runs". Mach-O fat binaries share CAFEBABE with
# Java classes; both are refused, so the ambiguity does not matter.
EXECUTABLE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows/DOS executable (MZ/PE)"),
    (b"\xfe\xed\xfa\xce", "Mach-O"),
    (b"\xfe\xed\xfa\xcf", "Mach-O"),
    (b"\xce\xfa\xed\xfe", "Mach-O"),
    (b"\xcf\xfa\xed\xfe", "Mach-O"),
    (b"\xca\xfe\xba\xbe", "Java class / Mach-O universal binary"),
    (b"\xca\xfe\xd0\x0d", "Java pack200"),
    (b"#!", "script (#!)"),
    (b"\x00asm", "WebAssembly"),
    (b"dex\n", "Android DEX"),
    (b"L\x00\x00\x00\x01\x14\x02\x00", "Windows shortcut (LNK)"),
)
# Words in puremagic's description of a type that mean a program.
EXECUTABLE_WORDS = ("executable", "mach-o", "elf ", "dll", "bytecode", "shared library")
PROGRAM_SUFFIXES = (
    ".exe", ".dll", ".scr", ".com", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse",
    ".wsf", ".hta", ".msi", ".jar", ".sh", ".lnk", ".class", ".dex", ".so", ".dylib",
)  # fmt: skip
MARKUP = re.compile(rb"^\s*<(!doctype\s+html|html|script|svg|\?xml|iframe)\b", re.IGNORECASE)
HEADER_LINE = re.compile(r"^[!-9;-~]+:[ \t]?")
ORIGIN_HEADERS = {"from", "received", "message-id", "return-path"}
CONTENT_HEADERS = {"date", "subject", "to", "mime-version", "content-type"}


def executable_kind(head: bytes) -> str:
    """A short name of the kind of program ``head`` starts, or ``""``."""
    start = head.removeprefix(BOM)
    for signature, kind in EXECUTABLE_SIGNATURES:
        if start.startswith(signature):
            return kind
    return ""


def puremagic_program_kind(head: bytes) -> str:
    """puremagic's name for ``head`` when it says the content is a program, else ``""``."""
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return ""
    for match in matches:
        if any(word in f"{match.name} ".lower() for word in EXECUTABLE_WORDS):
            return str(match.name)
    return ""


def zip_program_kind(names: Set[str]) -> str:
    """Why an archive counts as a program (a JAR, an APK, a macro document), or ``""``."""
    lowered = {name.lower() for name in names}
    if "classes.dex" in lowered or "androidmanifest.xml" in lowered:
        return "Android package (APK)"
    if "meta-inf/manifest.mf" in lowered and any(n.endswith(".class") for n in lowered):
        return "Java archive (JAR)"
    if any(n.endswith("vbaproject.bin") or n.startswith(("basic/", "scripts/")) for n in lowered):
        return str(_("document with macros"))
    if any(n.endswith(PROGRAM_SUFFIXES) for n in lowered):
        return str(_("archive containing programs"))
    return ""


def sniff_text_types(spool: IO[bytes], head: bytes) -> list[FileType]:
    """``[EML, TEXT]`` for an e-mail, ``[TEXT]`` for other UTF-8 text, ``[]`` otherwise."""
    if not head or b"\x00" in head:
        return []
    if MARKUP.match(head.removeprefix(BOM)):
        raise TypeNotAllowed(detected="HTML/SVG/XML")
    if not _is_utf8(spool):
        return []
    if _looks_like_email(head.removeprefix(BOM)):
        return [FileType.EML, FileType.TEXT]
    return [FileType.TEXT]


def _is_utf8(spool: IO[bytes]) -> bool:
    """Whether the whole upload decodes as UTF-8 without NUL bytes (checked chunk by chunk)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    spool.seek(0)
    try:
        for chunk in iter_chunks(spool):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        spool.seek(0)
    return True


def _looks_like_email(head: bytes) -> bool:
    """RFC 5322 header fields up to a blank line, naming a sender and a message."""
    text = head.decode("utf-8", "replace").replace("\r\n", "\n")
    block, blank, _rest = text.partition("\n\n")
    if not blank:
        return False
    names: set[str] = set()
    for line in block.split("\n"):
        if line[:1] in {" ", "\t"} and names:
            continue  # folded continuation of the previous field
        if not HEADER_LINE.match(line):
            return False
        names.add(line.split(":", 1)[0].lower())
    return bool(names & ORIGIN_HEADERS) and bool(names & CONTENT_HEADERS)
