"""Comments with attachments, requests for opinions and opinions."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.http import Http404

from chancery.core.constants import Clearance
from chancery.core.models import AuditEntry, Notification
from chancery.core.tests.factories import UserFactory
from chancery.documents.actions.handling import (
    Routing,
    Upload,
    add_comment,
    assign_document,
    give_opinion,
    request_opinion,
)
from chancery.documents.constants import Status
from chancery.documents.exceptions import (
    DocumentError,
    NotAllowed,
    RecordImmutable,
    StaleVersion,
    WrongState,
)
from chancery.documents.models import Document
from chancery.documents.queries.handling import inbox
from chancery.documents.tests.factories_handling import Office, office

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def o() -> Office:
    return office()


def test_a_comment_with_an_attachment_is_stored_at_the_documents_level(o: Office) -> None:
    document = o.document(classification=Clearance.SECRET, distribution=[o.clerk])
    upload = Upload(io.BytesIO(PDF), "note.pdf", "application/pdf")

    comment = add_comment(o.clerk, document, "See the annex", uploads=[upload])

    [attachment] = comment.files.all()
    assert attachment.role == "attachment"
    assert attachment.filename == "note.pdf"
    assert attachment.document_id == document.pk
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.blob.classification == Clearance.SECRET
    assert attachment.blob.is_encrypted
    entry = AuditEntry.objects.get(action="documents.commented")
    assert entry.data["files"] == [attachment.sha256]


def test_commenting_is_refused_to_the_uninvolved_invisible_empty_or_stale(o: Office) -> None:
    document = o.document()
    outsider = UserFactory()  # sees the unclassified document, has no part in it
    with pytest.raises(NotAllowed):
        add_comment(outsider, document, "hello")
    secret = o.document(classification=Clearance.SECRET)
    with pytest.raises(Http404):
        add_comment(o.head, secret, "hello")
    with pytest.raises(DocumentError):
        add_comment(o.clerk, document, "   ")
    with pytest.raises(StaleVersion):
        add_comment(o.clerk, document, "hello", version=document.version + 1)


def test_a_consulted_unit_sees_the_document_and_answers_once(o: Office) -> None:
    document = o.document(classification=Clearance.SECRET, distribution=[o.leader])
    assign_document(o.leader, document, Routing(lead=o.lead), version=1)
    document = Document.objects.get(pk=document.pk)
    assert not Document.objects.filter(pk=document.pk).visible_to(o.other_head).exists()

    asked = request_opinion(o.head, document, o.other, "Your view?", version=document.version)

    assert Document.objects.filter(pk=document.pk).visible_to(o.other_head).exists()
    assert list(inbox(o.other_head, "handle")) == [document]
    note = Notification.objects.get(recipient=o.other_head, kind="documents.opinion_requested")
    assert document.subject not in note.title
    opinion = give_opinion(o.other_specialist, asked, "We agree")
    assert opinion.reply_to_id == asked.pk
    assert list(inbox(o.other_head, "handle")) == []
    assert Notification.objects.filter(recipient=o.head, kind="documents.opinion_given").exists()
    with pytest.raises(WrongState):
        give_opinion(o.other_head, asked, "Again")
    assert AuditEntry.objects.filter(action="documents.opinion_given").count() == 1


def test_opinion_requests_are_refused_to_others_when_closed_or_stale(o: Office) -> None:
    document = o.document()
    with pytest.raises(NotAllowed):
        request_opinion(o.specialist, document, o.other, "?", version=document.version)
    with pytest.raises(StaleVersion):
        request_opinion(o.leader, document, o.other, "?", version=document.version + 1)
    with pytest.raises(DocumentError):
        request_opinion(o.leader, document, o.other, " ", version=document.version)
    closed = o.document(status=Status.COMPLETED)
    with pytest.raises(WrongState):
        request_opinion(o.leader, closed, o.other, "?", version=closed.version)


def test_only_the_unit_asked_may_answer(o: Office) -> None:
    document = o.document()
    asked = request_opinion(o.leader, document, o.other, "?", version=document.version)

    with pytest.raises(NotAllowed):
        give_opinion(o.specialist, asked, "Not our unit")


def test_a_record_takes_no_more_comments(o: Office) -> None:
    document = o.document(record_status="record")

    with pytest.raises(RecordImmutable):
        add_comment(o.clerk, document, "Too late")


def test_a_unit_does_not_ask_itself_and_invisible_requests_answer_404(o: Office) -> None:
    document = o.document()
    with pytest.raises(DocumentError):
        request_opinion(o.leader, document, o.registry, "?", version=document.version)
    hidden = o.document(classification=Clearance.SECRET, distribution=[o.leader])
    asked = request_opinion(o.leader, hidden, o.other, "?", version=hidden.version)
    uncleared = UserFactory(unit=o.other, clearance=Clearance.UNCLASSIFIED)

    with pytest.raises(Http404):
        give_opinion(uncleared, asked, "We agree")
