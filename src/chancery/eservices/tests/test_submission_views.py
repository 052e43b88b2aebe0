"""The applicant's pages: apply, draft, upload, review and submit, dossiers, tracking, API."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from chancery.blobs.models import Blob
from chancery.eservices.constants import State
from chancery.eservices.models import Dossier, DossierFile
from chancery.eservices.submission import actions
from chancery.eservices.submission.views_dossiers import LOOKUPS_PER_WINDOW
from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version
from chancery.eservices.tests.factories_submission import (
    ANSWERS,
    disguised_executable,
    filled_draft,
    pdf,
    sign_in,
)

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _draft(applicant: Any, version: Any) -> Dossier:
    return actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")


def test_applicant_chooses_where_to_apply_and_gets_a_draft(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    sign_in(client, applicant)
    url = reverse("services:apply", kwargs={"slug": version.procedure.slug})
    page = client.get(url)
    assert page.status_code == 200
    assert version.agencies.get().name in page.content.decode()
    response = client.post(
        url,
        {"unit": version.agencies.get().pk, "channel": "online", "delivery": "account"},
    )
    created = Dossier.objects.get(applicant=applicant)
    assert response.status_code == 302
    assert response["Location"] == reverse("services:draft", kwargs={"pk": created.pk})


def test_apply_asks_for_an_address_when_the_result_goes_by_post(client: Client) -> None:
    version = procedure_version()
    sign_in(client, ApplicantFactory())
    response = client.post(
        reverse("services:apply", kwargs={"slug": version.procedure.slug}),
        {"unit": version.agencies.get().pk, "channel": "online", "delivery": "post"},
    )
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_the_draft_page_keeps_a_script_as_escaped_text(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    sign_in(client, applicant)
    url = reverse("services:draft", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"full_name": SCRIPT, "purpose": "work", "role": "admin", "review": "1"}
    )
    draft.refresh_from_db()
    assert draft.form_data == {"full_name": SCRIPT, "purpose": "work"}
    assert response.status_code == 302
    for page in (client.get(url), client.get(response["Location"])):
        body = page.content.decode()
        assert SCRIPT not in body
        assert "&lt;script&gt;" in body


def test_save_and_continue_later_emails_the_link(client: Client) -> None:
    from chancery.eservices.models import ApplicantToken

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    sign_in(client, applicant)
    response = client.post(
        reverse("services:draft", kwargs={"pk": draft.pk}), {"full_name": "An", "later": "1"}
    )
    assert response.status_code == 302
    assert ApplicantToken.objects.filter(dossier=draft, purpose="resume").exists()
    draft.refresh_from_db()
    assert draft.form_data == {"full_name": "An"}


def test_upload_saves_answers_and_adds_the_file(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    sign_in(client, applicant)
    response = client.post(
        reverse("services:draft_upload", kwargs={"pk": draft.pk}),
        {"full_name": "An", "upload": "document", "document": pdf()},
    )
    assert response.status_code == 302
    assert draft.files.get().component == "document"
    draft.refresh_from_db()
    assert draft.form_data == {"full_name": "An"}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "program or script"), ("vi", "chương trình hoặc mã lệnh")],
)
def test_a_disguised_upload_is_refused_in_the_applicants_language_and_not_stored(
    client: Client, language: str, expected: str
) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    sign_in(client, applicant)
    blobs_before = Blob.objects.count()
    response = client.post(
        reverse("services:draft_upload", kwargs={"pk": draft.pk}),
        {"full_name": "An", "upload": "document", "document": disguised_executable()},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    assert expected in response.content.decode()
    assert Blob.objects.count() == blobs_before
    assert not DossierFile.objects.exists()
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.form_data == {"full_name": "An"}


def test_remove_file_through_the_page(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    stored = actions.attach_file(applicant, draft.pk, "document", pdf())
    sign_in(client, applicant)
    response = client.post(
        reverse("services:draft_remove_file", kwargs={"pk": draft.pk, "file_pk": stored.pk})
    )
    assert response.status_code == 302
    assert not DossierFile.objects.exists()


def test_review_then_a_double_post_files_one_dossier_and_shows_the_return_date(
    client: Client,
) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    sign_in(client, applicant)
    url = reverse("services:submit", kwargs={"pk": draft.pk})
    review = client.get(url)
    assert review.status_code == 200
    key = review.context["idempotency_key"]
    assert f'value="{key}"' in review.content.decode()
    first = client.post(url, {"idempotency_key": key})
    second = client.post(url, {"idempotency_key": key})
    assert first.status_code == second.status_code == 302
    filed = Dossier.objects.get(applicant=applicant)
    assert filed.state == State.SUBMITTED
    confirmation = client.get(url)
    body = confirmation.content.decode()
    assert filed.code in body
    assert confirmation.context["dossier"].due_on == filed.due_on
    assert reverse("services:receipt", kwargs={"pk": filed.pk}) in body


def test_review_of_an_incomplete_draft_lists_what_is_missing_and_offers_no_send_button(
    client: Client,
) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    sign_in(client, applicant)
    url = reverse("services:submit", kwargs={"pk": draft.pk})
    page = client.get(url)
    assert page.context["problems"]
    assert 'name="idempotency_key"' not in page.content.decode()
    refused = client.post(url, {"idempotency_key": "k"})
    assert refused.status_code == 422
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_an_applicant_sees_only_their_own_dossiers(client: Client) -> None:
    version = procedure_version()
    me, other = ApplicantFactory(), ApplicantFactory()
    mine = dossier(version, me, code="LS-260301-0001")
    theirs = dossier(version, other, code="LS-260301-0002")
    their_draft = _draft(other, version)
    sign_in(client, me)
    listing = client.get(reverse("services:my_dossiers")).content.decode()
    assert mine.code in listing
    assert theirs.code not in listing
    for name in ("services:dossier", "services:submit", "services:receipt"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("services:draft", kwargs={"pk": their_draft.pk})).status_code == 404
    upload = client.post(
        reverse("services:draft_upload", kwargs={"pk": their_draft.pk}),
        {"upload": "document", "document": pdf()},
    )
    assert upload.status_code == 404
    withdraw = client.post(
        reverse("services:dossier_withdraw", kwargs={"pk": theirs.pk}), {"reason": "x"}
    )
    assert withdraw.status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.SUBMITTED
    assert not DossierFile.objects.exists()


def test_my_dossiers_stays_within_a_query_ceiling(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    for n, state in enumerate([State.SUBMITTED, State.SUPPLEMENT_REQUESTED, State.RESULT_ISSUED]):
        for m in range(4):
            dossier(version, applicant, state=state, code=f"LS-2603{n:02d}-{m:04d}")
    _draft(applicant, version)
    sign_in(client, applicant)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("services:my_dossiers"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 13


def test_dossier_page_shows_the_supplement_request_and_the_way_to_answer(client: Client) -> None:
    from chancery.eservices.models import SupplementRequest
    from chancery.eservices.tests.factories import officer

    version = procedure_version()
    applicant = ApplicantFactory()
    row = dossier(version, applicant, state=State.SUPPLEMENT_REQUESTED, code="LS-260302-0001")
    SupplementRequest.objects.create(
        dossier=row,
        round=1,
        requested_by=officer(row.unit),
        reason="Passport copy unreadable <b>",
        items=[{"component": "passport", "problem": "wrong", "note": "blurred"}],
    )
    sign_in(client, applicant)
    page = client.get(reverse("services:dossier", kwargs={"pk": row.pk}), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert "Passport copy unreadable &lt;b&gt;" in body
    assert "Copy of passport" in body
    assert reverse("services:dossier_respond", kwargs={"pk": row.pk}) in body


def test_withdraw_through_the_dossier_page(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    row = dossier(version, applicant, code="LS-260302-0002")
    sign_in(client, applicant)
    url = reverse("services:dossier_withdraw", kwargs={"pk": row.pk})
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Changed my plans"}).status_code == 302
    row.refresh_from_db()
    assert row.state == State.WITHDRAWN


def test_track_shows_the_public_status_without_personal_data(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory(full_name="Lê Thị Bí Mật")
    row = dossier(
        version,
        applicant,
        code="LS-260305-0001",
        received_on=dt.date(2026, 3, 5),
        due_on=dt.date(2026, 3, 12),
    )
    page = client.get(reverse("services:track"), {"code": "ls-260305-0001"})
    body = page.content.decode()
    assert page.status_code == 200
    assert page.context["dossier"] == row
    assert "Received" in body
    assert "Lê Thị Bí Mật" not in body
    assert "Trần" not in body
    unknown = client.get(reverse("services:track"), {"code": "NOPE-1"})
    assert unknown.context["dossier"] is None


def test_track_lookups_are_rate_limited(client: Client) -> None:
    for _ in range(LOOKUPS_PER_WINDOW):
        assert client.get(reverse("services:track"), {"code": "X-1"}).status_code == 200
    assert client.get(reverse("services:track"), {"code": "X-1"}).status_code == 429


def test_api_track_gives_the_public_status_only(client: Client) -> None:
    version = procedure_version()
    row = dossier(
        version,
        ApplicantFactory(full_name="Phạm Riêng Tư"),
        code="LS-260306-0001",
        due_on=dt.date(2026, 3, 13),
    )
    response = client.get(reverse("api-1.0.0:submission_track", kwargs={"code": row.code}))
    data = response.json()
    assert response.status_code == 200
    assert data["status"] == "received"
    assert data["return_date"] == "2026-03-13"
    assert "Phạm" not in response.content.decode()
    missing = client.get(reverse("api-1.0.0:submission_track", kwargs={"code": "NOPE"}))
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")


def test_api_refuses_malformed_json_with_a_problem_detail(client: Client) -> None:
    blobs_before = Blob.objects.count()
    response = client.post(
        reverse("api-1.0.0:submission_track_lookup"),
        data='{"code": "LS-',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code in (400, 422)
    assert response["Content-Type"].startswith("application/problem+json")
    assert json.loads(response.content)["status"] == response.status_code
    assert Blob.objects.count() == blobs_before


def test_resume_link_asks_to_continue_then_sends_to_sign_in(client: Client) -> None:
    from chancery.eservices.applicants import tokens

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    raw = tokens.issue(applicant, "resume", dossier=draft, ttl=actions.RESUME_TTL)
    url = reverse("services:resume", kwargs={"token": raw})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("services:signin"))
    assert reverse("services:draft", kwargs={"pk": draft.pk}) in response["Location"]
    assert client.post(url).status_code == 400  # used once


def test_resume_link_of_someone_else_is_refused_while_signed_in(client: Client) -> None:
    from chancery.eservices.applicants import tokens

    version = procedure_version()
    owner = ApplicantFactory()
    draft = _draft(owner, version)
    raw = tokens.issue(owner, "resume", dossier=draft, ttl=actions.RESUME_TTL)
    sign_in(client, ApplicantFactory())
    response = client.post(reverse("services:resume", kwargs={"token": raw}))
    assert response.status_code == 409


def test_full_answers_flow_from_draft_page_to_review(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = _draft(applicant, version)
    sign_in(client, applicant)
    response = client.post(
        reverse("services:draft", kwargs={"pk": draft.pk}),
        {**ANSWERS, "review": "1", "document": pdf(), "passport": pdf("passport.pdf")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("services:submit", kwargs={"pk": draft.pk})
    assert draft.files.count() == 2


def test_the_receipt_of_a_filed_dossier_is_a_pdf_and_a_draft_has_none(client: Client) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    sign_in(client, applicant)
    url = reverse("services:receipt", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 404
    actions.submit(applicant, draft.pk, idempotency_key="k")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
