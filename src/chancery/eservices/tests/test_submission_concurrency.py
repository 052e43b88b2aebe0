"""Double submission under real concurrency: two requests with one key file one dossier."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from chancery.eservices.constants import State
from chancery.eservices.models import (
    Applicant,
    Dossier,
    DossierEvent,
    NumberSeries,
    Procedure,
    ProcedureField,
)
from chancery.eservices.submission import actions
from chancery.eservices.tests.factories import ApplicantFactory, hq_department, procedure_version
from chancery.eservices.tests.factories_submission import filled_draft


def _max_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM procrastinate_jobs")
        return int(cursor.fetchone()[0])


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """A version, an applicant and two filled drafts, committed (threads need to see them);
    removed at the end. (Not ``transaction=True``: flushing fails on the search triggers.)"""
    with django_db_blocker.unblock():
        jobs_before = _max_job_id()
        unit = hq_department("LSC")
        version = procedure_version(code="9.000001", units=[unit])
        applicant = ApplicantFactory()
        drafts = [filled_draft(applicant, version), filled_draft(applicant, version)]
    world = {"applicant": applicant, "drafts": drafts}
    yield world
    with django_db_blocker.unblock():
        dossiers = Dossier.objects.filter(applicant=applicant)
        from chancery.blobs.models import BlobRef

        BlobRef.objects.filter(
            owner_type="eservices.dossier", owner_id__in=[str(d.pk) for d in dossiers]
        ).delete()
        applicant.tokens.all().delete()
        dossiers.delete()
        NumberSeries.objects.filter(key__startswith="dossier:LSC:").delete()
        Applicant.objects.filter(pk=applicant.pk).delete()
        version.agencies.clear()
        procedure = version.procedure
        version.delete()
        Procedure.objects.filter(pk=procedure.pk).delete()
        ProcedureField.objects.filter(code="consular", procedures__isnull=True).delete()
        unit.delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs WHERE id > %s", [jobs_before])


def _race(django_db_blocker: Any, calls: list[Callable[[], Dossier]]) -> list[Dossier]:
    barrier = threading.Barrier(len(calls))
    results: list[Dossier] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], Dossier]) -> None:
        try:
            barrier.wait()
            results.append(call())
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=run, args=(call,)) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    return results


def test_two_concurrent_submits_of_one_draft_with_one_key_file_one_dossier(
    committed: dict[str, Any], django_db_blocker: Any
) -> None:
    applicant, draft = committed["applicant"], committed["drafts"][0]
    results = _race(
        django_db_blocker,
        [lambda: actions.submit(applicant, draft.pk, idempotency_key="double-click")] * 2,
    )
    with django_db_blocker.unblock():
        filed = list(Dossier.objects.filter(applicant=applicant).exclude(state=State.DRAFT))
        events = DossierEvent.objects.filter(dossier__in=filed, to_state=State.SUBMITTED).count()
    assert {r.pk for r in results} == {draft.pk}
    assert [d.pk for d in filed] == [draft.pk]
    assert events == 1
    assert filed[0].code.endswith("-0001")


def test_one_key_sent_for_two_drafts_at_once_files_only_one(
    committed: dict[str, Any], django_db_blocker: Any
) -> None:
    applicant, drafts = committed["applicant"], committed["drafts"]
    calls: list[Callable[[], Dossier]] = [
        functools.partial(actions.submit, applicant, d.pk, idempotency_key="two-tabs")
        for d in drafts
    ]
    results = _race(django_db_blocker, calls)
    with django_db_blocker.unblock():
        filed = list(Dossier.objects.filter(applicant=applicant).exclude(state=State.DRAFT))
        series = NumberSeries.objects.filter(key__startswith="dossier:LSC:").get()
    assert len(filed) == 1
    assert {r.pk for r in results} == {filed[0].pk}
    # The losing attempt rolled back its number: the series stays gapless.
    assert series.last == 1
