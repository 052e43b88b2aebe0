"""The message a peer instance receives for a released cable: everything it needs to file the
cable, deliver it to the addressees it serves and check its signature, and nothing else."""

from __future__ import annotations

import base64
from typing import Any

from chancery.blobs import service as blobs
from chancery.documents.models import Cable

PAYLOAD_VERSION = 1


def read_blob(blob: blobs.Blob) -> bytes:
    """The plaintext of a blob, read by the system (the caller has checked the right to it)."""
    with blobs.open_blob(blob.address, actor=None) as reader:
        return bytes(reader.read())


def _signed_pdf(cable: Cable) -> blobs.Blob | None:
    if cable.signed_pdf_id is not None:
        return cable.signed_pdf
    document = cable.signed_document
    return document.blob if document is not None else None


def _pdf_name(cable: Cable) -> str:
    return f"{(cable.reference or str(cable.pk)).replace('/', '-')}.pdf"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def build_payload(cable: Cable) -> dict[str, Any]:
    """The cable as JSON for a peer: ids, numbering, markings, addressees by unit code and
    username, the names of its drafter and releaser, the signed PDF and attachments (base64)."""
    addressees = [
        {
            "role": addressee.role,
            "unit": addressee.unit.code if addressee.unit is not None else None,
            "person": addressee.person.username if addressee.person is not None else None,
            "person_name": str(addressee.person) if addressee.person is not None else "",
            "person_unit": (
                addressee.person.unit.code
                if addressee.person is not None and addressee.person.unit is not None
                else None
            ),
        }
        for addressee in cable.addressees.select_related("unit", "person__unit").order_by("pk")
    ]
    pdf = _signed_pdf(cable)
    return {
        "version": PAYLOAD_VERSION,
        "id": str(cable.pk),
        "reference": cable.reference,
        "number": cable.number,
        "year": cable.year,
        "post": cable.post.code,
        "drafting_unit": cable.drafting_unit.code,
        "subject": cable.subject,
        "precedence": cable.precedence.code,
        "classification": cable.classification,
        "compartments": sorted(cable.compartments.values_list("code", flat=True)),
        "captions": sorted(cable.captions.values_list("code", flat=True)),
        "tags": list(cable.tags),
        "paragraphs": [
            {"number": p.number, "classification": p.classification, "text": p.text}
            for p in cable.paragraphs.order_by("number")
        ],
        "addressees": addressees,
        "references": [str(pk) for pk in cable.references.values_list("pk", flat=True)],
        "drafted_by": cable.drafted_by_name or str(cable.created_by),
        "drafted_by_username": cable.created_by.username,
        "released_by": cable.released_by_name
        or (str(cable.released_by) if cable.released_by is not None else ""),
        "released_at": cable.released_at.isoformat() if cable.released_at else None,
        "signed_pdf": (
            {"filename": _pdf_name(cable), "data": _b64(read_blob(pdf))}
            if pdf is not None
            else None
        ),
        "attachments": [
            {
                "id": str(attachment.pk),
                "filename": attachment.filename,
                "content_type": attachment.content_type,
                "sha256": attachment.sha256,
                "data": _b64(read_blob(attachment.blob)),
            }
            for attachment in cable.attachments.select_related("blob")
        ],
    }
