"""Reads of the results area: the public register, the applicant's result, the signer's keys.

The public register answers by exact certificate number only and returns public fields only
(see ``views`` for why a sequential number is still safe to look up).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.core.service import User
from chancery.eservices.constants import State
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Applicant, Dossier, IssuedCertificate
from chancery.eservices.queries import get_dossier_for_applicant
from chancery.eservices.results.numbering import normalise_number
from chancery.signing import service as signing

# States in which the applicant may download the result.
ISSUED_STATES = frozenset({State.RESULT_ISSUED, State.RETURNED})


def certificate_url(number: str) -> str:
    """The absolute address of the certificate's public page (the QR code's target)."""
    path = reverse("services:certificate", kwargs={"number": number})
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + path


def certificate_by_number(text: str) -> IssuedCertificate | None:
    """The register entry with exactly this number (normalised), or ``None``.

    No access check: this is the public register's query; templates show public fields only.
    """
    number = normalise_number(text)
    if number is None:
        return None
    return (
        IssuedCertificate.objects.select_related("procedure", "unit").filter(number=number).first()
    )


def signing_certificates(user: User) -> QuerySet[signing.Certificate]:
    """The personal certificates ``user`` may sign results with."""
    return signing.Certificate.objects.usable_for_signing().filter(
        holder=user, role=signing.CertificateRole.PERSON
    )


@dataclass(frozen=True)
class ResultFile:
    filename: str
    data: bytes


def read_result(dossier: Dossier, *, actor: User | None) -> ResultFile:
    """The signed result PDF of ``dossier`` (latest signed revision)."""
    signed = dossier.result_document
    if signed is None:
        raise NotAllowed()
    with blobs.open_blob(signed.blob.address, actor=actor) as reader:
        data = reader.read()
    return ResultFile(filename=signed.filename or f"{dossier.code}.pdf", data=data)


def result_for_applicant(applicant: Applicant, dossier_id: int) -> ResultFile:
    """The applicant's own signed result, once issued; ``NotAllowed`` (404) otherwise."""
    dossier = get_dossier_for_applicant(applicant, dossier_id)
    if dossier.state not in ISSUED_STATES or dossier.result_document_id is None:
        raise NotAllowed()
    return read_result(dossier, actor=None)
