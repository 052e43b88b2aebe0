"""Helpers of the submission tests: signed-in applicants, files good and hostile, a filled draft."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chancery.core.models import Unit
from chancery.eservices.applicants.session import SESSION_KEY
from chancery.eservices.models import Applicant, Dossier, ProcedureVersion
from chancery.eservices.submission import actions
from chancery.lib.pdfgen import sample_letter

ANSWERS = {"full_name": "Nguyễn Văn An", "purpose": "work"}
# The start of a Windows program: refused whatever the file is called.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_letter(pages=1), content_type="application/pdf")


def disguised_executable(name: str = "invoice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXECUTABLE, content_type="application/pdf")


def pdf_named_jpg(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_letter(pages=1), content_type="image/jpeg")


def sign_in(client: Client, applicant: Applicant) -> Client:
    """The test client, signed in as ``applicant`` on the public site."""
    session = client.session
    session[SESSION_KEY] = applicant.pk
    session.save()
    return client


def filled_draft(
    applicant: Applicant, version: ProcedureVersion, unit: Unit | None = None, **kwargs: Any
) -> Dossier:
    """A draft with answers and one file in each required slot: ready to submit."""
    unit = unit or version.agencies.first()
    assert unit is not None
    draft = actions.start_draft(applicant, version, unit=unit, channel="online", **kwargs)
    actions.save_answers(applicant, draft.pk, dict(ANSWERS))
    actions.attach_file(applicant, draft.pk, "document", pdf())
    actions.attach_file(applicant, draft.pk, "passport", pdf("passport.pdf"))
    draft.refresh_from_db()
    return draft
