"""The copy register and the watermarked copies of classified documents."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.core.models import AuditEntry
from chancery.core.service import Clearance, Role
from chancery.documents.actions.copies import register_copy
from chancery.documents.constants import CopyAction
from chancery.documents.exceptions import NotAllowed
from chancery.documents.models import CopyRecord
from chancery.documents.tests.factories_records import add_file, completed_document, person

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(
            ["pdftotext", handle.name, "-"],
            capture_output=True,
            check=True,
        ).stdout.decode()


def test_a_classified_pdf_download_is_a_watermarked_numbered_copy(client: Client) -> None:
    reader_user = person(Role.SPECIALIST, clearance=Clearance.SECRET, full_name="Trần Thị Mai")
    document = completed_document(classification=Clearance.SECRET)
    document.distribution.set([reader_user])
    document_file = add_file(document)
    with blobs.open_blob(document_file.blob.address, actor=None) as stored:
        original = stored.read()
    client.force_login(reader_user)
    # The watermark is in the reader's language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("documents:file", kwargs={"pk": document.pk, "file_pk": document_file.pk})

    first = client.get(url)
    second = client.get(url + "?view=1")

    assert first.status_code == 200
    assert first["X-Copy-Number"] == "1"
    assert second["X-Copy-Number"] == "2"
    assert first.content != original
    text = " ".join(pdf_text(first.content).split())
    assert "Trần Thị Mai" in text
    assert re.search(r"copy no\.\s*1\b", text), text
    assert re.search(r"copy no\.\s*2\b", " ".join(pdf_text(second.content).split()))
    with blobs.open_blob(document_file.blob.address, actor=None) as stored:
        assert stored.read() == original
    entries = list(CopyRecord.objects.filter(document=document).order_by("copy_number"))
    assert [(e.copy_number, e.action, e.user_id) for e in entries] == [
        (1, CopyAction.DOWNLOAD, reader_user.pk),
        (2, CopyAction.VIEW, reader_user.pk),
    ]
    assert (
        AuditEntry.objects.filter(action="documents.copy_made", object_id=str(document.pk)).count()
        == 2
    )


def test_an_unclassified_download_is_the_original_and_not_registered(client: Client) -> None:
    user = person(Role.SPECIALIST)
    document = completed_document(unit=user.unit)
    document_file = add_file(document)
    client.force_login(user)
    response = client.get(
        reverse("documents:file", kwargs={"pk": document.pk, "file_pk": document_file.pk})
    )
    assert response.status_code == 200
    assert not CopyRecord.objects.exists()


def test_a_classified_document_out_of_reach_answers_404(client: Client) -> None:
    document = completed_document(classification=Clearance.SECRET)
    document_file = add_file(document)
    client.force_login(person(Role.SPECIALIST, clearance=Clearance.TOP_SECRET))
    response = client.get(
        reverse("documents:file", kwargs={"pk": document.pk, "file_pk": document_file.pk})
    )
    assert response.status_code == 404
    assert not CopyRecord.objects.exists()


def test_someone_who_cannot_see_the_document_makes_no_copy() -> None:
    document = completed_document(classification=Clearance.SECRET)
    with pytest.raises(NotAllowed):
        register_copy(person(Role.SPECIALIST), document, CopyAction.PRINT)
