"""Build and verify archive packages.

A package is a ZIP file holding:

* ``manifest.json``: the package (format, creation, organisation) and, per document, its
  metadata, classification, file plan, and files (path, name, type, size, SHA-256, and for
  PDFs a summary of the signatures as validated when the package was built);
* ``files/<document id>/<n>-<name>``: the original files, byte for byte;
* ``checksums.sha256``: one ``<sha256>  <path>`` line per member (``sha256sum -c`` format),
  the manifest included.

Verification recomputes every checksum, checks that the members and the checksum list match
exactly, and that the manifest agrees with the files: a single altered byte is refused.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.documents.exceptions import DocumentError

if TYPE_CHECKING:
    from chancery.core.service import User
    from chancery.documents.models import Document, DocumentFile

FORMAT = "chancery-archive/1"
MANIFEST = "manifest.json"
CHECKSUMS = "checksums.sha256"
_SAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)


class PackageRefused(DocumentError):
    """The package is not a package, or it was altered after it was built."""

    code = "package-refused"
    message = _("This archive package is damaged or was altered.")
    status = 422


@dataclass(frozen=True)
class VerifiedPackage:
    manifest: dict[str, Any]
    members: dict[str, bytes]

    @property
    def document_count(self) -> int:
        return len(self.manifest.get("documents", []))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _signatures(actor: User | None, data: bytes) -> dict[str, Any] | None:
    from chancery.signing import service as signing

    try:
        report = signing.validate(data, actor=actor, purpose="archive")
    except signing.SigningError:
        return {"verdict": "unreadable", "signatures": []}
    summary = report.to_dict()
    return {
        "verdict": summary["verdict"],
        "validated_at": summary["validated_at"],
        "signatures": summary["signatures"],
    }


def _describe(document: Document) -> dict[str, Any]:
    return {
        "id": str(document.pk),
        "direction": document.direction,
        "status": document.status,
        "document_type": document.document_type.code,
        "number": document.number,
        "number_symbol": document.number_symbol,
        "subject": document.subject,
        "document_date": document.document_date.isoformat() if document.document_date else None,
        "holding_unit": document.unit.code,
        "sender": document.sender_name,
        "sender_code": document.sender_code,
        "signer": document.signer_name,
        "classification": document.classification,
        "classification_label": str(document.get_classification_display()),
        "protection_ends": (
            document.protection_ends.isoformat() if document.protection_ends else None
        ),
        "file_plan": document.file_plan.code if document.file_plan else None,
        "retention_years": document.file_plan.retention_years if document.file_plan else None,
        "declared_at": document.declared_at.isoformat() if document.declared_at else None,
        "retain_until": document.retain_until.isoformat() if document.retain_until else None,
        "files": [],
    }


def _member_name(document: Document, index: int, document_file: DocumentFile) -> str:
    name = _SAFE_NAME.sub("_", document_file.filename).strip("._") or "file"
    return f"files/{document.pk}/{index:02d}-{name}"


def build_package(actor: User | None, documents: list[Document]) -> bytes:
    """The ZIP bytes of an archive package of ``documents`` with their files.

    Callers: the transfer step of an approved disposition (``actor`` is the approving
    archivist, who may read every file). Files are read through the blob store (decrypted
    and audited); a file whose stored content no longer matches its recorded SHA-256 stops
    the build.
    """
    entries: dict[str, bytes] = {}
    described = []
    for document in documents:
        item = _describe(document)
        files = document.files.select_related("blob").order_by("created_at")
        for index, document_file in enumerate(files, start=1):
            with blobs.open_blob(document_file.blob.address, actor=actor) as reader:
                data = reader.read()
            if _sha256(data) != document_file.sha256:
                raise PackageRefused(
                    _("A stored file does not match its checksum: %(name)s")
                    % {"name": document_file.filename}
                )
            path = _member_name(document, index, document_file)
            entries[path] = data
            item["files"].append(
                {
                    "path": path,
                    "filename": document_file.filename,
                    "role": document_file.role,
                    "content_type": document_file.content_type,
                    "size": len(data),
                    "sha256": document_file.sha256,
                    "signatures": (
                        _signatures(actor, data)
                        if document_file.content_type == "application/pdf"
                        else None
                    ),
                }
            )
        described.append(item)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "created_by": actor.get_username() if actor else None,
        "organisation": settings.CHANCERY_DOCUMENTS_ORGANISATION_CODE,
        "documents": described,
    }
    entries = {MANIFEST: json.dumps(manifest, ensure_ascii=False, indent=2).encode(), **entries}
    checksums = "".join(f"{_sha256(data)}  {path}\n" for path, data in entries.items())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries.items():
            archive.writestr(path, data)
        archive.writestr(CHECKSUMS, checksums.encode())
    return out.getvalue()


def _read_members(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {}
            for info in archive.infolist():
                if info.is_dir():
                    continue
                name = info.filename
                normal = posixpath.normpath(name)
                if name.startswith("/") or normal != name or normal.startswith(".."):
                    raise PackageRefused(_("Unsafe path in the package: %(path)s") % {"path": name})
                members[name] = archive.read(info)
    except PackageRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        # A flipped byte shows up here: CRC mismatch, bad compressed data, broken directory.
        raise PackageRefused(
            _("The package is damaged or altered and cannot be read (%(reason)s).")
            % {"reason": str(exc)[:200]}
        ) from exc
    except Exception as exc:  # zlib.error and friends
        raise PackageRefused(
            _("The package is damaged or altered and cannot be read (%(reason)s).")
            % {"reason": str(exc)[:200]}
        ) from exc
    return members


def _parse_checksums(text: str) -> dict[str, str]:
    listed: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        digest, sep, path = line.partition("  ")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest) or path in listed:
            raise PackageRefused(_("The checksum list is malformed."))
        listed[path] = digest
    return listed


def verify_package(data: bytes) -> VerifiedPackage:
    """Check every checksum of a package; return its manifest and members, or raise
    ``PackageRefused`` naming the first problem found."""
    members = _read_members(data)
    if CHECKSUMS not in members or MANIFEST not in members:
        raise PackageRefused(_("The package has no manifest or no checksum list."))
    try:
        listed = _parse_checksums(members.pop(CHECKSUMS).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise PackageRefused(_("The checksum list is malformed.")) from exc
    missing = sorted(set(listed) - set(members))
    extra = sorted(set(members) - set(listed))
    if missing:
        raise PackageRefused(_("A listed file is missing: %(path)s") % {"path": missing[0]})
    if extra:
        raise PackageRefused(_("A file is not in the checksum list: %(path)s") % {"path": extra[0]})
    for path, digest in listed.items():
        if _sha256(members[path]) != digest:
            raise PackageRefused(_("Checksum mismatch: %(path)s was altered.") % {"path": path})
    try:
        manifest = json.loads(members[MANIFEST])
    except ValueError as exc:
        raise PackageRefused(_("The manifest is not valid JSON.")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageRefused(_("Unknown package format."))
    for document in manifest.get("documents", []):
        for entry in document.get("files", []):
            content = members.get(entry.get("path", ""))
            if (
                content is None
                or _sha256(content) != entry.get("sha256")
                or len(content) != entry.get("size")
            ):
                raise PackageRefused(
                    _("The manifest does not match the file %(path)s.")
                    % {"path": entry.get("path")}
                )
    return VerifiedPackage(manifest=manifest, members=members)


def import_package(data: bytes, into: Path) -> VerifiedPackage:
    """Verify a package, then unpack it under ``into`` (which must not exist yet).

    Callers: the receiving archives (``chancery archive import``). Nothing is written unless
    every check passes.
    """
    verified = verify_package(data)
    if into.exists():
        raise PackageRefused(_("The destination already exists: %(path)s") % {"path": into})
    staging = into.with_name(into.name + ".partial")
    staging.mkdir(parents=True)
    for path, content in {MANIFEST: verified.members[MANIFEST], **verified.members}.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (staging / CHECKSUMS).write_text(
        "".join(f"{_sha256(c)}  {p}\n" for p, c in verified.members.items()), encoding="utf-8"
    )
    staging.rename(into)
    return verified
