"""Pushing dossiers to the national portal: order, fields, retries, dedupe, giving up."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.constants import Role
from chancery.eservices import national
from chancery.eservices.actions.lifecycle import lock, transition
from chancery.eservices.constants import State, SyncStatus
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Dossier, SyncRecord
from chancery.eservices.national import sync
from chancery.eservices.national.actions import AlreadySent, retry_now
from chancery.eservices.tests.factories import (
    ApplicantFactory,
    dossier,
    hq_department,
    mission,
    officer,
    procedure_version,
)
from chancery.eservices.tests.factories_national import move, running_portal

pytestmark = pytest.mark.django_db(transaction=False)


def _submitted(unit: object = None) -> Dossier:
    """A draft given its code and dates, then submitted through the state machine."""
    version = procedure_version(units=[unit] if unit else None)  # type: ignore[list-item]
    row = dossier(version, ApplicantFactory(full_name="Nguyễn Văn An"), state=State.DRAFT)
    Dossier.objects.filter(pk=row.pk).update(
        code=f"{row.unit.code}-260302-{row.pk:04d}",
        submitted_at=timezone.now(),
        received_on=dt.date(2026, 3, 2),
        due_on=dt.date(2026, 3, 9),
    )
    move(row.pk, State.SUBMITTED)
    row.refresh_from_db()
    return row


def _jobs(dossier_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'eservices.national_push'"
            " AND (args->>'dossier_id')::int = %s",
            [dossier_id],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def test_a_submission_and_three_status_changes_reach_the_portal_in_order_with_its_fields() -> None:
    with running_portal() as fake:
        row = _submitted()
        move(row.pk, State.ACCEPTED)
        move(row.pk, State.PROCESSING)
        move(row.pk, State.PAYMENT_REQUESTED, note="Please pay the fee")
        assert _jobs(row.pk) == 4  # each change queued its push in its own transaction

        result = sync.push_dossier(row.pk)

    assert result.sent == 4
    received = fake.dossiers[row.code]
    assert [r["TrangThaiHoSo"] for r in received] == ["1", "2", "3", "9"]
    first = received[0]
    assert first["MaHoSo"] == row.code
    assert first["MaTTHC"] == "1.005129"
    assert first["SoBienNhan"] == row.code
    assert first["ChuHoSo"] == "Nguyễn Văn An"
    assert first["LoaiDoiTuong"] == "1"
    assert first["NgayHenTra"] == "20260309000000"
    assert first["DonViXuLy"] == "Cục Lãnh sự"
    assert first["KenhThucHien"] == "2"
    assert first["DanhSachLePhi"][0]["Gia"] == "30000"
    assert received[-1]["GhiChu"] == "Please pay the fee"
    ops = [b["body"]["isUpdating"] for b in fake.requests]
    assert ops == [False, True, True, True]
    records = list(SyncRecord.objects.filter(dossier=row).order_by("sequence"))
    assert [(r.sequence, r.operation, r.status) for r in records] == [
        (1, "dossier", "sent"),
        (2, "status", "sent"),
        (3, "status", "sent"),
        (4, "status", "sent"),
    ]


def test_a_move_inside_the_same_portal_status_is_pushed_as_a_progress_line() -> None:
    with running_portal() as fake:
        row = _submitted()
        move(row.pk, State.ACCEPTED)
        move(row.pk, State.PROCESSING)
        move(row.pk, State.AWAITING_APPROVAL, note="To the consul")
        sync.push_dossier(row.pk)
    record = SyncRecord.objects.get(dossier=row, sequence=4)
    assert record.operation == "progress"
    assert fake.progress[row.code][0]["NoiDungXuLy"] == "To the consul"
    assert fake.progress[row.code][0]["TrangThai"] == "3"


def test_drafts_are_not_pushed() -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.DRAFT)
    move(row.pk, State.WITHDRAWN)
    assert not SyncRecord.objects.filter(dossier=row).exists()
    assert _jobs(row.pk) == 0


def test_a_rolled_back_change_leaves_no_record_and_no_job() -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.SUBMITTED)

    def accept_then_fail() -> None:
        with transaction.atomic():
            transition(lock(row.pk), State.ACCEPTED)
            raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError):
        accept_then_fail()
    assert not SyncRecord.objects.filter(dossier=row).exists()
    assert _jobs(row.pk) == 0


def test_queueing_a_push_costs_a_handful_of_queries(django_assert_max_num_queries: object) -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.ACCEPTED)
    move(row.pk, State.PROCESSING)
    with transaction.atomic():
        locked = lock(row.pk)
        event = locked.events.get()
        with django_assert_max_num_queries(5):  # type: ignore[operator]
            national.on_event(locked, event)


def test_a_portal_failing_twice_is_retried_with_backoff_and_receives_the_record_once() -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with running_portal(backoff=2) as fake, time_machine.travel(start, tick=False) as clock:
        row = _submitted()
        fake.fail_next(2)

        first = sync.push_dossier(row.pk)
        record = SyncRecord.objects.get(dossier=row)
        assert (first.sent, record.status, record.attempts) == (0, SyncStatus.FAILED, 1)
        assert record.next_attempt_at == start + dt.timedelta(seconds=2)
        assert "503" in record.last_error

        assert sync.push_dossier(row.pk).sent == 0  # not due yet: nothing is sent
        assert len(fake.requests) == 1

        clock.shift(dt.timedelta(seconds=2))
        sync.push_dossier(row.pk)
        record.refresh_from_db()
        assert (record.attempts, record.status) == (2, SyncStatus.FAILED)
        assert record.next_attempt_at == start + dt.timedelta(seconds=2 + 4)  # 2**2

        clock.shift(dt.timedelta(seconds=4))
        assert sync.due_dossiers() == [row.pk]
        assert sync.sweep() == 1

    record.refresh_from_db()
    assert (record.status, record.attempts, record.last_error) == (SyncStatus.SENT, 3, "")
    assert len(fake.dossiers[row.code]) == 1


def test_a_push_repeated_after_a_lost_answer_is_dropped_by_the_portal() -> None:
    with running_portal() as fake:
        row = _submitted()
        sync.push_dossier(row.pk)
        # The answer was lost: the record looks unsent and goes again with the same key.
        SyncRecord.objects.filter(dossier=row).update(status=SyncStatus.PENDING)
        assert sync.push_dossier(row.pk).sent == 1
    assert fake.duplicates == 1
    assert len(fake.dossiers[row.code]) == 1
    assert {r["key"] for r in fake.requests} == {f"{row.code}:1"}


def test_a_record_given_up_after_n_attempts_holds_back_later_ones_and_shows_on_the_page(
    client: Client,
) -> None:
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    unit = hq_department()
    with running_portal(max_attempts=2) as fake, time_machine.travel(start, tick=False) as clock:
        row = _submitted(unit)
        move(row.pk, State.ACCEPTED)
        fake.fail_next(5)
        sync.push_dossier(row.pk)
        clock.shift(dt.timedelta(seconds=10))
        result = sync.push_dossier(row.pk)
        assert "503" in result.error
        first, second = SyncRecord.objects.filter(dossier=row).order_by("sequence")
        assert (first.status, first.attempts) == (SyncStatus.GAVE_UP, 2)
        assert (second.status, second.attempts) == (SyncStatus.PENDING, 0)
        assert sync.due_dossiers() == [row.pk]  # the second waits behind the first
        assert sync.push_dossier(row.pk).sent == 0

        client.force_login(officer(unit, Role.UNIT_HEAD))
        page = client.get(reverse("eservices:national")).content.decode()
        assert "Failed, gave up" in page
        assert row.code in page
        log = client.get(reverse("eservices:sync_log", args=[row.pk])).content.decode()
        assert "Failed, gave up" in log
        assert "HTTP 503" in log

        response = client.post(reverse("eservices:national_retry", args=[first.pk]))
        assert response.status_code == 302
        first.refresh_from_db()
        assert (first.status, first.attempts) == (SyncStatus.PENDING, 0)
        assert _jobs(row.pk) == 3
        fake.fail_next(0)
        assert sync.push_dossier(row.pk).sent == 2
    assert [r["TrangThaiHoSo"] for r in fake.dossiers[row.code]] == ["1", "2"]


def test_retry_now_is_refused_to_officers_and_to_heads_of_other_units() -> None:
    unit, other = hq_department(), mission()
    with running_portal():
        row = _submitted(unit)
    record = SyncRecord.objects.get(dossier=row)
    for user in (officer(unit), officer(other, Role.UNIT_HEAD)):
        with pytest.raises(NotAllowed):
            retry_now(user, record.pk)
    SyncRecord.objects.filter(pk=record.pk).update(status=SyncStatus.SENT)
    with pytest.raises(AlreadySent):
        retry_now(officer(unit, Role.LEADER), record.pk)


def test_the_overview_counts_only_the_unit_heads_own_unit(client: Client) -> None:
    unit, other = hq_department(), mission()
    mine = dossier(procedure_version(units=[unit]), ApplicantFactory(), state=State.SUBMITTED)
    theirs = dossier(
        procedure_version(code="2.000001", units=[other]), ApplicantFactory(), state=State.SUBMITTED
    )
    for row in (mine, theirs):
        SyncRecord.objects.create(
            dossier=row, sequence=1, operation="dossier", payload={}, status=SyncStatus.GAVE_UP
        )
    client.force_login(officer(unit, Role.UNIT_HEAD))
    page = client.get(reverse("eservices:national")).content.decode()
    assert mine.code in page
    assert theirs.code not in page
    client.force_login(officer(unit, Role.LEADER))
    page = client.get(reverse("eservices:national")).content.decode()
    assert mine.code in page
    assert theirs.code in page
    client.force_login(officer(unit))
    assert client.get(reverse("eservices:national")).status_code == 404
    client.force_login(officer(other))
    assert client.get(reverse("eservices:sync_log", args=[mine.pk])).status_code == 404


def test_a_new_return_date_without_a_change_of_state_updates_the_dossier_on_the_portal() -> None:
    from chancery.eservices.actions.lifecycle import record_event

    with running_portal() as fake:
        row = _submitted()
        with transaction.atomic():
            locked = lock(row.pk)
            Dossier.objects.filter(pk=row.pk).update(due_on=dt.date(2026, 3, 16))
            locked.refresh_from_db()
            event = record_event(locked, "deadline_extended", note="Awaiting a reply")
            national.on_event(locked, event)
        sync.push_dossier(row.pk)
    record = SyncRecord.objects.get(dossier=row, sequence=2)
    assert record.operation == "status"
    assert fake.dossiers[row.code][-1]["NgayHenTra"] == "20260316000000"


def test_a_record_the_portal_rejects_is_given_up_at_once_with_its_reason() -> None:
    with running_portal() as fake:
        row = _submitted()
        SyncRecord.objects.filter(dossier=row).update(payload={"MaHoSo": row.code})
        result = sync.push_dossier(row.pk)
    record = SyncRecord.objects.get(dossier=row)
    assert (record.status, record.attempts) == (SyncStatus.GAVE_UP, 1)
    assert "missing" in record.last_error
    assert "missing" in result.error
    assert row.code not in fake.dossiers


def test_the_push_job_schedules_its_own_next_try_after_a_failure() -> None:
    from chancery.eservices.national.tasks import national_push

    with running_portal(backoff=3) as fake:
        row = _submitted()
        fake.fail_next(1)
        national_push(dossier_id=row.pk)
    record = SyncRecord.objects.get(dossier=row)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scheduled_at FROM procrastinate_jobs WHERE task_name = "
            "'eservices.national_push' AND scheduled_at IS NOT NULL"
            " AND (args->>'dossier_id')::int = %s",
            [row.pk],
        )
        scheduled = [r[0] for r in cursor.fetchall()]
    assert scheduled == [record.next_attempt_at]
