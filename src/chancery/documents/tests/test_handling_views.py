"""The handling section of the document page, its forms, and the unit dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.constants import Clearance, Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.actions.handling import Routing, assign_document
from chancery.documents.constants import AssignmentStatus, Status
from chancery.documents.models import Activity, Assignment, Document
from chancery.documents.tests.factories import AssignmentFactory
from chancery.documents.tests.factories_handling import Office, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def o() -> Office:
    return office()


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _detail(document: Document) -> str:
    return reverse("documents:detail", kwargs={"pk": document.pk})


def _assign_data(o: Office, version: int) -> dict[str, Any]:
    return {"assign-lead": o.lead.pk, "assign-working_days": "3", "assign-version": version}


def test_a_leader_assigns_from_the_document_page(o: Office) -> None:
    document = o.document()
    client = _client(o.leader)
    assert 'action="' + reverse("documents:assign", kwargs={"pk": document.pk}) in (
        client.get(_detail(document)).content.decode()
    )

    response = client.post(
        reverse("documents:assign", kwargs={"pk": document.pk}), _assign_data(o, 1)
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#handling")
    assert Document.objects.get(pk=document.pk).status == Status.ASSIGNED
    page = client.get(_detail(document)).content.decode()
    assert o.lead.name in page
    assert "Assigned to units." in page


def test_assign_form_refusals_show_on_the_page(o: Office) -> None:
    document = o.document()
    url = reverse("documents:assign", kwargs={"pk": document.pk})

    stale = _client(o.leader).post(url, _assign_data(o, 7))
    refused = _client(o.specialist).post(url, _assign_data(o, 1))
    invalid = _client(o.leader).post(url, {"assign-version": 1})
    hidden = o.document(classification=Clearance.SECRET)
    invisible = _client(o.leader).post(
        reverse("documents:assign", kwargs={"pk": hidden.pk}), _assign_data(o, 1)
    )

    assert stale.status_code == 409
    assert "Someone else changed this document" in stale.content.decode()
    assert refused.status_code == 403
    assert invalid.status_code == 400
    assert "usa-error-message" in invalid.content.decode()
    assert invisible.status_code == 404
    assert Document.objects.get(pk=document.pk).status == Status.REGISTERED
    assert (
        'id="id_assign-lead"' not in _client(o.specialist).get(_detail(document)).content.decode()
    )


def test_sub_assign_and_complete_through_the_forms(o: Office) -> None:
    document = o.document()
    lead = assign_document(o.leader, document, Routing(lead=o.lead), version=1)[0]
    url = reverse("documents:sub-assign", kwargs={"pk": document.pk, "assignment_pk": lead.pk})
    prefix = f"a{lead.pk}-sub"

    response = _client(o.head).post(
        url, {f"{prefix}-assignee": o.specialist.pk, f"{prefix}-version": 2}
    )

    assert response.status_code == 302
    child = Assignment.objects.get(parent=lead)
    page = _client(o.specialist).get(_detail(document)).content.decode()
    assert f'id="id_a{child.pk}-complete-result"' in page
    complete = reverse("documents:complete", kwargs={"pk": document.pk, "assignment_pk": child.pk})
    response = _client(o.specialist).post(
        complete,
        {
            f"a{child.pk}-complete-result": "Answered",
            f"a{child.pk}-complete-version": 3,
            f"a{child.pk}-complete-attachment": SimpleUploadedFile(
                "answer.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.status == AssignmentStatus.DONE
    assert Document.objects.get(pk=document.pk).status == Status.COMPLETED
    assert Activity.objects.get(kind="result").files.get().filename == "answer.pdf"


def test_others_may_not_post_unit_work(o: Office) -> None:
    document = o.document()
    lead = assign_document(o.leader, document, Routing(lead=o.lead), version=1)[0]
    kwargs = {"pk": document.pk, "assignment_pk": lead.pk}

    progress = _client(o.specialist).post(
        reverse("documents:progress", kwargs=kwargs), {f"a{lead.pk}-progress-body": "x"}
    )
    cancel = _client(o.head).post(
        reverse("documents:cancel-assignment", kwargs=kwargs), {f"a{lead.pk}-cancel-version": 2}
    )

    assert progress.status_code == 403
    assert cancel.status_code == 403


def test_comments_and_opinions_through_the_forms(o: Office) -> None:
    document = o.document()
    comment = _client(o.clerk).post(
        reverse("documents:comment", kwargs={"pk": document.pk}),
        {"comment-body": "Original filed", "comment-version": document.version},
    )
    ask = _client(o.leader).post(
        reverse("documents:request-opinion", kwargs={"pk": document.pk}),
        {"opinion-unit": o.other.pk, "opinion-question": "Views?", "opinion-version": 1},
    )
    asked = Activity.objects.get(kind="opinion_request")
    answer_url = reverse(
        "documents:answer-opinion", kwargs={"pk": document.pk, "activity_pk": asked.pk}
    )
    assert f'action="{answer_url}"' in _client(o.other_head).get(_detail(document)).content.decode()
    answer = _client(o.other_head).post(answer_url, {f"r{asked.pk}-body": "Agreed"})
    again = _client(o.other_head).post(answer_url, {f"r{asked.pk}-body": "Again"})

    assert (comment.status_code, ask.status_code, answer.status_code) == (302, 302, 302)
    assert again.status_code == 409
    page = _client(o.clerk).get(_detail(document)).content.decode()
    assert "Original filed" in page
    assert "Views?" in page
    assert "Agreed" in page


def test_the_dashboard_counts_the_units_work(o: Office) -> None:
    today = timezone.localdate()
    for due, status, done in (
        (today - dt.timedelta(days=3), AssignmentStatus.OPEN, None),
        (today - dt.timedelta(days=5), AssignmentStatus.DONE, today - dt.timedelta(days=6)),
        (today - dt.timedelta(days=5), AssignmentStatus.DONE, today - dt.timedelta(days=1)),
        (today - dt.timedelta(days=5), AssignmentStatus.DONE, today - dt.timedelta(days=7)),
    ):
        AssignmentFactory(
            document=o.document(subject=f"Item {due} {status}"),
            unit=o.lead,
            due_date=due,
            status=status,
            completed_at=None
            if done is None
            else dt.datetime.combine(done, dt.time(10), tzinfo=dt.UTC),
        )

    page = _client(o.head).get(reverse("documents:dashboard")).content.decode()

    assert 'data-figure="overdue">1<' in page
    assert 'data-figure="on-time">2<' in page
    assert 'data-figure="late">1<' in page
    assert 'data-figure="rate">67 %<' in page
    assert f"Item {today - dt.timedelta(days=3)} open" in page
    assert "<svg" in page
    assert "<caption>" in page


def test_leaders_pick_any_unit_others_only_their_own(o: Office) -> None:
    elsewhere = UnitFactory()
    AssignmentFactory(
        document=o.document(), unit=elsewhere, due_date=timezone.localdate() - dt.timedelta(1)
    )
    url = reverse("documents:dashboard") + f"?unit={elsewhere.code}"

    leader_page = _client(o.leader).get(url).content.decode()
    specialist_page = _client(o.specialist).get(url).content.decode()
    no_unit = _client(UserFactory(unit=None, roles=[Role.SPECIALIST.value])).get(url)

    assert elsewhere.name in leader_page
    assert 'data-figure="overdue">1<' in leader_page
    assert elsewhere.name not in specialist_page
    assert o.lead.name in specialist_page
    assert no_unit.status_code == 200
