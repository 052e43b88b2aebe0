"""How a document changed after a signature: pyHanko's verdict plus what a person would see.

pyHanko's difference analysis (``StandardDiffPolicy``) decides the modification level; it does
not say *what* changed in words. We compare the page tree of the signed revision with the last
revision to say which pages were added, removed or had their content or annotations changed.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel, SuspiciousModification
from pyhanko.sign.fields import enumerate_sig_fields

# Modification levels after which the signature still holds: archival updates (DSS, document
# timestamps) and further signatures, which pyHanko files under form filling.
ALLOWED_LEVELS = frozenset({ModificationLevel.NONE, ModificationLevel.LTA_UPDATES})
ALLOWED_WITH_FIELDS = ModificationLevel.FORM_FILLING

_LEVEL_CODES = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "lta_updates",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}
# Deep page trees are malformed or hostile; stop walking rather than recurse without end.
_MAX_DEPTH = 64


def modification_code(diff: DiffResult | SuspiciousModification | None) -> str:
    """The machine code of the modification level pyHanko found (``other`` if suspicious)."""
    if isinstance(diff, DiffResult):
        return _LEVEL_CODES.get(diff.modification_level, "other")
    if isinstance(diff, SuspiciousModification):
        return "other"
    return "none"


def is_allowed(
    diff: DiffResult | SuspiciousModification | None, signature_fields: frozenset[str]
) -> bool:
    """True when the changes after signing keep the signature meaningful.

    Archival updates are always fine. Form filling is fine only when every changed field is a
    signature field (someone countersigned); filling other fields changes what was signed.
    """
    if diff is None:
        return True
    if not isinstance(diff, DiffResult):
        return False
    if diff.modification_level in ALLOWED_LEVELS:
        return True
    return diff.modification_level == ALLOWED_WITH_FIELDS and set(diff.changed_form_fields) <= (
        signature_fields
    )


def signature_fields(reader: PdfFileReader) -> frozenset[str]:
    """Names of the signature fields of the last revision, filled or empty."""
    try:
        return frozenset(name for name, _value, _ref in enumerate_sig_fields(reader))
    except (PdfError, KeyError, ValueError, TypeError, AttributeError):
        return frozenset()


def resolve(obj: Any) -> Any:
    """The object an indirect reference points at (pyHanko's ``get_object`` is untyped)."""
    return getattr(obj, "get_object")() if isinstance(obj, generic.IndirectObject) else obj  # noqa: B009


def _pages(root: Any) -> list[Any]:
    """The page dictionaries of a catalogue, in order (empty if the tree is unreadable)."""
    pages: list[Any] = []

    def walk(node: Any, depth: int) -> None:
        node = resolve(node)
        if depth > _MAX_DEPTH or not isinstance(node, generic.DictionaryObject):
            return
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in resolve(node.get("/Kids", generic.ArrayObject())):
                walk(kid, depth + 1)
        else:
            pages.append(node)

    walk(root.get("/Pages"), 0)
    return pages


def _content_bytes(page: Any) -> bytes:
    contents = resolve(page.get("/Contents"))
    streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
    data = b""
    for stream in streams:
        stream = resolve(stream)
        if isinstance(stream, generic.StreamObject):
            data += stream.data + b"\n"
    return data


def page_count(reader: PdfFileReader) -> int:
    """Pages in the last revision of the document."""
    return len(_pages(reader.root))


def describe_changes(reader: PdfFileReader, signed_revision: int) -> tuple[str, ...]:
    """Human-readable changes to the pages between ``signed_revision`` and the last revision.

    Annotation counts only count as a change when they are not signature widgets, since adding
    a signature field legitimately adds a widget to a page.
    """
    details: list[str] = []
    try:
        before = _pages(reader.get_historical_root(signed_revision))
        after = _pages(reader.root)
        for number, (old, new) in enumerate(zip(before, after, strict=False), start=1):
            if _content_bytes(old) != _content_bytes(new):
                details.append(_("page content changed on page %(page)s") % {"page": number})
            if _non_signature_annotations(old) != _non_signature_annotations(new):
                details.append(_("annotations changed on page %(page)s") % {"page": number})
        if len(after) > len(before):
            details.append(_("%(count)s page(s) were added") % {"count": len(after) - len(before)})
        if len(after) < len(before):
            details.append(
                _("%(count)s page(s) were removed") % {"count": len(before) - len(after)}
            )
    except (PdfError, KeyError, ValueError, TypeError, AttributeError):  # pragma: no cover
        # The revision is unreadable: the caller still reports the modification level.
        pass
    return tuple(details)


def _non_signature_annotations(page: Any) -> int:
    annots = resolve(page.get("/Annots"))
    if not isinstance(annots, generic.ArrayObject):
        return 0
    count = 0
    for annot in annots:
        annot = resolve(annot)
        if isinstance(annot, generic.DictionaryObject) and annot.get("/FT") == "/Sig":
            continue
        count += 1
    return count
