"""The applicant's side of a dossier: drafts, answers, files, submission, supplement, withdrawal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from chancery.blobs.models import Blob
from chancery.core.constants import Role
from chancery.eservices.constants import Channel, State
from chancery.eservices.exceptions import InvalidSubmission, InvalidTransition, NotAllowed
from chancery.eservices.models import (
    ApplicantToken,
    Dossier,
    DossierEvent,
    DossierFile,
    NumberSeries,
    SupplementRequest,
)
from chancery.eservices.submission import actions
from chancery.eservices.submission.errors import (
    FileRefused,
    NotAllowedToFile,
    NotEditable,
    NotOfferedHere,
    OtherApplicantSignedIn,
    ReasonRequired,
    ResumeLinkInvalid,
    TooManyFiles,
)
from chancery.eservices.submission.filing import MissingKey
from chancery.eservices.tests.factories import (
    ApplicantFactory,
    hq_department,
    mission,
    officer,
    procedure_version,
)
from chancery.eservices.tests.factories_submission import (
    ANSWERS,
    disguised_executable,
    filled_draft,
    pdf,
    pdf_named_jpg,
)

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=HANOI), tick=False)


# Drafts ---------------------------------------------------------------------------------------


def test_applicant_starts_a_draft_at_one_of_the_versions_agencies() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(
        applicant, version, unit=version.agencies.get(), channel=Channel.ONLINE
    )
    assert draft.state == State.DRAFT
    assert draft.code == ""
    assert draft.language == applicant.language


def test_a_draft_is_refused_at_an_office_that_does_not_offer_the_service() -> None:
    version = procedure_version()
    with pytest.raises(NotOfferedHere):
        actions.start_draft(
            ApplicantFactory(), version, unit=mission("DE-BER", "DE"), channel=Channel.ONLINE
        )
    assert not Dossier.objects.exists()


def test_a_draft_is_refused_on_a_channel_the_version_does_not_offer() -> None:
    version = procedure_version()
    with pytest.raises(NotOfferedHere):
        actions.start_draft(
            ApplicantFactory(), version, unit=version.agencies.get(), channel=Channel.POST
        )


def test_in_person_filing_needs_staff_of_that_office() -> None:
    version = procedure_version()
    unit = version.agencies.get()
    applicant = ApplicantFactory()
    with pytest.raises(NotOfferedHere):
        actions.start_draft(applicant, version, unit=unit, channel=Channel.IN_PERSON)
    with pytest.raises(NotAllowedToFile):
        actions.start_draft(
            applicant,
            version,
            unit=unit,
            channel=Channel.IN_PERSON,
            filed_by=officer(mission("JP-TYO", "JP")),
        )
    clerk = officer(unit, Role.CONSULAR_OFFICER)
    draft = actions.start_draft(
        applicant, version, unit=unit, channel=Channel.IN_PERSON, filed_by=clerk
    )
    assert draft.filed_by == clerk


def test_result_by_post_needs_an_address() -> None:
    version = procedure_version()
    with pytest.raises(InvalidSubmission) as refused:
        actions.start_draft(
            ApplicantFactory(),
            version,
            unit=version.agencies.get(),
            channel=Channel.ONLINE,
            delivery="post",
        )
    assert "postal_address" in refused.value.errors


# Answers: hostile input is stored as text, unknown fields are ignored --------------------------


def test_script_in_a_text_field_is_stored_as_text_and_unknown_fields_are_ignored() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(
        applicant, version, unit=version.agencies.get(), channel=Channel.ONLINE
    )
    errors = actions.save_answers(
        applicant,
        draft.pk,
        {
            "full_name": "<script>alert(1)</script>",
            "purpose": "work",
            "is_admin": "yes",
            "state": "approved",
        },
    )
    draft.refresh_from_db()
    assert errors == {}
    assert draft.form_data == {"full_name": "<script>alert(1)</script>", "purpose": "work"}
    assert draft.state == State.DRAFT


def test_another_applicant_cannot_touch_a_draft() -> None:
    version = procedure_version()
    owner = ApplicantFactory()
    draft = actions.start_draft(owner, version, unit=version.agencies.get(), channel="online")
    with pytest.raises(NotAllowed):
        actions.save_answers(ApplicantFactory(), draft.pk, dict(ANSWERS))
    with pytest.raises(NotAllowed):
        actions.attach_file(ApplicantFactory(), draft.pk, "document", pdf())
    with pytest.raises(NotAllowed):
        actions.submit(ApplicantFactory(), draft.pk, idempotency_key="k")
    assert not DossierFile.objects.exists()


def test_answers_of_a_filed_dossier_cannot_change() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    actions.submit(applicant, draft.pk, idempotency_key="k1")
    with pytest.raises(NotEditable):
        actions.save_answers(applicant, draft.pk, {"full_name": "Other"})
    with pytest.raises(NotEditable):
        actions.attach_file(applicant, draft.pk, "document", pdf())


# Files -----------------------------------------------------------------------------------------


def test_a_file_is_attached_to_its_slot() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    stored = actions.attach_file(applicant, draft.pk, "document", pdf())
    assert stored.component == "document"
    assert stored.content_type == "application/pdf"
    assert stored.round == 0
    assert stored.size == stored.blob.size


@pytest.mark.parametrize(
    ("upload", "english", "vietnamese"),
    [
        (disguised_executable, "program or script", "chương trình"),
        (pdf_named_jpg, "does not match its content", ""),
    ],
)
def test_disguised_files_are_refused_in_the_applicants_language_and_nothing_is_stored(
    upload: object, english: str, vietnamese: str
) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    blobs_before = Blob.objects.count()
    with pytest.raises(FileRefused) as refused:
        actions.attach_file(applicant, draft.pk, "document", upload())  # type: ignore[operator]
    assert english in str(refused.value.message)
    with translation.override("vi"), pytest.raises(FileRefused) as refused_vi:
        actions.attach_file(applicant, draft.pk, "document", upload())  # type: ignore[operator]
    if vietnamese:
        assert vietnamese in str(refused_vi.value.message)
    assert str(refused_vi.value.message) != str(refused.value.message)
    assert Blob.objects.count() == blobs_before
    assert not DossierFile.objects.exists()


def test_an_oversize_file_is_refused_and_nothing_is_stored(settings: object) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chancery.eservices import constants

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.7\n" + b"0" * (constants.MAX_FILE_BYTES + 10), "application/pdf"
    )
    with pytest.raises(FileRefused) as refused:
        actions.attach_file(applicant, draft.pk, "document", big)
    assert "larger than the limit" in str(refused.value.message)
    assert not Blob.objects.filter(size__gt=constants.MAX_FILE_BYTES).exists()
    assert not DossierFile.objects.exists()


def test_a_slot_takes_no_more_than_its_max_files() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    for _ in range(5):  # the engine's default max_files for the slot
        actions.attach_file(applicant, draft.pk, "passport", pdf())
    with pytest.raises(TooManyFiles):
        actions.attach_file(applicant, draft.pk, "passport", pdf())
    assert DossierFile.objects.filter(component="passport").count() == 5


def test_a_file_for_a_slot_the_form_does_not_have_is_refused() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    with pytest.raises(FileRefused):
        actions.attach_file(applicant, draft.pk, "birth_certificate", pdf())


def test_removing_a_draft_file_deletes_it() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    stored = actions.attach_file(applicant, draft.pk, "document", pdf())
    actions.remove_file(applicant, draft.pk, stored.pk)
    assert not DossierFile.objects.exists()


# Interrupted upload ----------------------------------------------------------------------------


def test_an_interrupted_upload_leaves_a_resumable_draft_not_a_half_dossier() -> None:
    # Given a draft with answers and one file, whose second upload is refused mid-way
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    actions.save_answers(applicant, draft.pk, dict(ANSWERS))
    actions.attach_file(applicant, draft.pk, "document", pdf())
    with pytest.raises(FileRefused):
        actions.attach_file(applicant, draft.pk, "passport", disguised_executable())
    # Then nothing was filed: still a draft, no code, one file, answers kept
    draft.refresh_from_db()
    assert (draft.state, draft.code, draft.files.count()) == (State.DRAFT, "", 1)
    assert draft.form_data == ANSWERS
    with pytest.raises(InvalidSubmission) as refused:
        actions.submit(applicant, draft.pk, idempotency_key="try-1")
    assert "passport" in refused.value.errors
    draft.refresh_from_db()
    assert (draft.state, draft.code, draft.idempotency_key) == (State.DRAFT, "", "")
    # When the applicant comes back through the e-mailed link and finishes
    actions.send_resume_link(applicant, draft.pk)
    token = ApplicantToken.objects.get(dossier=draft, purpose="resume")
    assert token.used_at is None
    actions.attach_file(applicant, draft.pk, "passport", pdf("passport.pdf"))
    filed = actions.submit(applicant, draft.pk, idempotency_key="try-2")
    # Then the same dossier is filed, once
    assert filed.pk == draft.pk
    assert filed.state == State.SUBMITTED
    assert Dossier.objects.count() == 1


# Submission ------------------------------------------------------------------------------------


def test_submit_before_tet_gives_the_code_and_a_return_date_after_the_holiday() -> None:
    version = procedure_version(units=[hq_department("LS")], working_days=5, fee=30000)
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    with at(2026, 2, 13):  # Friday; Tết holidays 16-20 February 2026
        filed = actions.submit(applicant, draft.pk, idempotency_key="tet")
    assert filed.code == "LS-260213-0001"
    assert filed.received_on == dt.date(2026, 2, 13)
    assert filed.due_on == dt.date(2026, 2, 27)
    assert filed.fee == Decimal(30000)
    assert filed.currency == "VND"
    assert filed.state == State.SUBMITTED
    assert DossierEvent.objects.filter(dossier=filed, to_state=State.SUBMITTED).count() == 1


def test_submitted_on_a_holiday_counts_from_the_next_working_day() -> None:
    version = procedure_version(units=[hq_department("LS")], working_days=5)
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    with at(2026, 2, 17):  # Tết
        filed = actions.submit(applicant, draft.pk, idempotency_key="k")
    assert filed.code == "LS-260217-0001"
    assert filed.received_on == dt.date(2026, 2, 23)
    assert filed.due_on == dt.date(2026, 3, 2)


def test_submit_at_a_mission_in_france_skips_14_july() -> None:
    paris = mission("FR-PAR", "FR")
    version = procedure_version(units=[paris], working_days=5)
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version, unit=paris)
    with at(2026, 7, 13):  # Monday; 14 July is a holiday in France
        filed = actions.submit(applicant, draft.pk, idempotency_key="k")
    assert filed.code == "FR-PAR-260713-0001"
    assert filed.received_on == dt.date(2026, 7, 13)
    assert filed.due_on == dt.date(2026, 7, 21)


def test_codes_are_gapless_per_unit_and_day() -> None:
    version = procedure_version(units=[hq_department("LS")])
    codes = []
    with at(2026, 3, 3):
        for n in range(3):
            applicant = ApplicantFactory()
            codes.append(
                actions.submit(
                    applicant, filled_draft(applicant, version).pk, idempotency_key=f"k{n}"
                ).code
            )
    assert codes == ["LS-260303-0001", "LS-260303-0002", "LS-260303-0003"]
    assert NumberSeries.objects.get(key="dossier:LS:260303").last == 3


def test_an_incomplete_draft_is_refused_and_left_intact() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    actions.save_answers(applicant, draft.pk, {"purpose": "other"})
    with pytest.raises(InvalidSubmission) as refused:
        actions.submit(applicant, draft.pk, idempotency_key="k")
    assert {"full_name", "other_purpose", "document", "passport"} <= set(refused.value.errors)
    draft.refresh_from_db()
    assert (draft.state, draft.code, draft.form_data) == (State.DRAFT, "", {"purpose": "other"})
    assert not NumberSeries.objects.exists()


def test_the_same_idempotency_key_files_one_dossier() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    first = actions.submit(applicant, draft.pk, idempotency_key="same")
    again = actions.submit(applicant, draft.pk, idempotency_key="same")
    other_draft = filled_draft(applicant, version)
    third = actions.submit(applicant, other_draft.pk, idempotency_key="same")
    assert first.pk == again.pk == third.pk
    assert Dossier.objects.exclude(state=State.DRAFT).count() == 1
    assert DossierEvent.objects.filter(to_state=State.SUBMITTED).count() == 1


def test_submit_refuses_a_missing_key_and_a_filed_dossier() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    with pytest.raises(MissingKey):
        actions.submit(applicant, draft.pk, idempotency_key="")
    actions.submit(applicant, draft.pk, idempotency_key="a")
    with pytest.raises(InvalidTransition):
        actions.submit(applicant, draft.pk, idempotency_key="b")


def test_submit_stays_within_a_query_ceiling(django_assert_max_num_queries: object) -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        actions.submit(applicant, draft.pk, idempotency_key="k")


# Resume link -----------------------------------------------------------------------------------


def test_resume_link_leads_back_to_the_draft_once() -> None:
    from chancery.eservices.applicants import tokens

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    raw = tokens.issue(applicant, "resume", dossier=draft, ttl=actions.RESUME_TTL)
    assert actions.resume(raw).pk == draft.pk
    with pytest.raises(ResumeLinkInvalid):
        actions.resume(raw)
    with pytest.raises(ResumeLinkInvalid):
        actions.resume("not-a-token")


def test_resume_link_is_refused_while_another_applicant_is_signed_in_and_stays_usable() -> None:
    from chancery.eservices.applicants import tokens

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    raw = tokens.issue(applicant, "resume", dossier=draft, ttl=actions.RESUME_TTL)
    with pytest.raises(OtherApplicantSignedIn):
        actions.resume(raw, signed_in=ApplicantFactory())
    assert actions.resume(raw, signed_in=applicant).pk == draft.pk


def test_send_resume_link_queues_an_email_notice() -> None:
    from chancery.eservices.models import Notice

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    actions.send_resume_link(applicant, draft.pk)
    assert ApplicantToken.objects.filter(dossier=draft, purpose="resume").count() == 1
    assert Notice.objects.filter(dossier=draft).count() == 1


# Supplement and withdrawal ---------------------------------------------------------------------


def _supplement_requested(applicant: object, version: object) -> Dossier:
    from chancery.eservices.actions.lifecycle import lock, transition

    draft = filled_draft(applicant, version)  # type: ignore[arg-type]
    filed = actions.submit(applicant, draft.pk, idempotency_key="first")  # type: ignore[arg-type]
    clerk = officer(filed.unit)
    from django.db import transaction

    with transaction.atomic():
        row = lock(filed.pk)
        SupplementRequest.objects.create(
            dossier=row,
            round=1,
            requested_by=clerk,
            reason="The passport copy is unreadable.",
            items=[{"component": "passport", "problem": "wrong", "note": "blurred"}],
        )
        transition(row, State.SUPPLEMENT_REQUESTED, actor=clerk)
    row.refresh_from_db()
    return row


def test_answering_a_supplement_supersedes_old_files_and_sends_it_back() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    row = _supplement_requested(applicant, version)
    old = row.files.get(component="passport")
    actions.remove_file(applicant, row.pk, old.pk)
    new = actions.attach_file(applicant, row.pk, "passport", pdf("passport-2.pdf"))
    back = actions.respond_to_supplement(applicant, row.pk, idempotency_key="sup-1")
    again = actions.respond_to_supplement(applicant, row.pk, idempotency_key="sup-1")
    old.refresh_from_db()
    assert old.superseded
    assert new.round == 1
    assert not new.superseded
    assert back.state == again.state == State.SUBMITTED
    assert SupplementRequest.objects.get(dossier=row).answered_at is not None
    assert DossierEvent.objects.filter(dossier=row, action="supplement_answered").count() == 1


def test_a_supplement_answer_without_the_required_files_is_refused() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    row = _supplement_requested(applicant, version)
    actions.remove_file(applicant, row.pk, row.files.get(component="passport").pk)
    with pytest.raises(InvalidSubmission):
        actions.respond_to_supplement(applicant, row.pk, idempotency_key="s")
    row.refresh_from_db()
    assert row.state == State.SUPPLEMENT_REQUESTED


def test_withdraw_needs_a_reason_once_filed() -> None:
    version = procedure_version()
    applicant = ApplicantFactory()
    draft = filled_draft(applicant, version)
    actions.submit(applicant, draft.pk, idempotency_key="k")
    with pytest.raises(ReasonRequired):
        actions.withdraw(applicant, draft.pk, "  ")
    withdrawn = actions.withdraw(applicant, draft.pk, "I no longer need it.")
    assert withdrawn.state == State.WITHDRAWN
    with pytest.raises(NotEditable):
        actions.withdraw(applicant, draft.pk, "again")
    with pytest.raises(NotAllowed):
        actions.withdraw(ApplicantFactory(), draft.pk, "not mine")


def test_a_dossier_may_not_grow_past_its_total_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from chancery.eservices.submission.errors import DossierTooLarge

    version = procedure_version()
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=version.agencies.get(), channel="online")
    first = actions.attach_file(applicant, draft.pk, "document", pdf())
    monkeypatch.setattr(actions, "MAX_DOSSIER_BYTES", first.size + 10)
    blobs_before = Blob.objects.count()
    with pytest.raises(DossierTooLarge):
        actions.attach_file(applicant, draft.pk, "passport", pdf("other.pdf"))
    assert draft.files.count() == 1
    assert Blob.objects.count() == blobs_before


def test_a_counter_filing_is_recorded_as_the_officers_act() -> None:
    version = procedure_version()
    unit = version.agencies.get()
    clerk = officer(unit)
    applicant = ApplicantFactory()
    draft = actions.start_draft(applicant, version, unit=unit, channel="in_person", filed_by=clerk)
    actions.save_answers(applicant, draft.pk, dict(ANSWERS))
    actions.attach_file(applicant, draft.pk, "document", pdf())
    actions.attach_file(applicant, draft.pk, "passport", pdf())
    filed = actions.submit(applicant, draft.pk, idempotency_key="counter")
    event = DossierEvent.objects.get(dossier=filed, to_state=State.SUBMITTED)
    assert event.actor == clerk
    assert not event.by_applicant
