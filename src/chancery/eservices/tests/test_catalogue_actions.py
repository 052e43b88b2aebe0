"""Versions of a procedure: drafts copy the version before them, published versions never
change, publishing retires the previous one, and only catalogue editors write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from chancery.core.constants import Role
from chancery.core.models import AuditEntry
from chancery.core.tests.factories import UnitFactory
from chancery.eservices.catalogue import actions, queries
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import ProcedureVersion
from chancery.eservices.tests.factories import mission, officer
from chancery.eservices.tests.factories_catalogue import (
    admin,
    consular_department,
    consular_head,
    procedure,
    version_data,
)

pytestmark = pytest.mark.django_db
JULY = dt.date(2025, 7, 1)


def _published(editor: Any, **overrides: Any) -> ProcedureVersion:
    version = actions.create_version(editor, procedure(), version_data(**overrides))
    return actions.publish_version(editor, version, JULY)


def test_the_consular_head_creates_a_first_draft_numbered_one_and_it_is_audited() -> None:
    head = consular_head()

    version = actions.create_version(head, procedure(), version_data(agencies=["consular"]))

    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert [u.code for u in version.agencies.all()] == ["consular"]
    assert AuditEntry.objects.filter(
        action="eservices.catalogue.version_created", object_id=str(version.pk)
    ).exists()


def test_a_new_version_copies_the_previous_one_for_the_parts_not_given() -> None:
    editor = admin()
    first = _published(editor, agencies=[consular_department().code])

    second = actions.create_version(
        editor, first.procedure, {"steps": [{"vi": "Bước mới", "en": "New step"}]}
    )

    assert second.number == 2
    assert second.status == VersionStatus.DRAFT
    assert second.channels == first.channels
    assert second.components == first.components
    assert second.steps == [{"vi": "Bước mới", "en": "New step"}]
    assert second.effective_from is None  # a draft has no dates until it is published
    assert list(second.agencies.all()) == list(first.agencies.all())


def test_a_draft_is_edited_and_a_published_version_is_immutable() -> None:
    editor = admin()
    draft = actions.create_version(editor, procedure(), version_data())

    actions.update_draft(editor, draft, {"level": "full"})
    draft.refresh_from_db()
    assert draft.level == "full"

    actions.publish_version(editor, draft, JULY)
    with pytest.raises(actions.VersionImmutable):
        actions.update_draft(editor, draft, {"level": "partial"})
    draft.refresh_from_db()
    assert (draft.level, draft.status) == ("full", VersionStatus.PUBLISHED)


def test_a_retired_version_is_immutable_too() -> None:
    editor = admin()
    first = _published(editor)
    second = actions.create_version(editor, first.procedure)
    actions.publish_version(editor, second, dt.date(2026, 1, 1))
    first.refresh_from_db()

    with pytest.raises(actions.VersionImmutable):
        actions.update_draft(editor, first, {"level": "full"})
    with pytest.raises(actions.VersionImmutable):
        actions.publish_version(editor, first, dt.date(2027, 1, 1))


def test_publishing_retires_the_previous_version_the_day_before() -> None:
    editor = admin()
    first = _published(editor)
    second = actions.create_version(editor, first.procedure)

    actions.publish_version(editor, second, dt.date(2026, 1, 1))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == VersionStatus.RETIRED
    assert first.effective_to == dt.date(2025, 12, 31)
    assert second.status == VersionStatus.PUBLISHED
    assert queries.current_version(first.procedure, on=dt.date(2025, 12, 31)) == first
    assert queries.current_version(first.procedure, on=dt.date(2026, 1, 1)) == second
    assert queries.current_version(first.procedure, on=dt.date(2025, 6, 30)) is None
    assert AuditEntry.objects.filter(action="eservices.catalogue.version_retired").exists()


def test_the_database_holds_one_published_version_per_procedure() -> None:
    editor = admin()
    first = _published(editor)
    second = actions.create_version(editor, first.procedure)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureVersion.objects.filter(pk=second.pk).update(status=VersionStatus.PUBLISHED)


def test_a_new_version_cannot_start_before_the_one_it_replaces() -> None:
    editor = admin()
    first = _published(editor)
    second = actions.create_version(editor, first.procedure)

    with pytest.raises(actions.InvalidVersion) as refused:
        actions.publish_version(editor, second, JULY)

    assert "effective_from" in refused.value.errors
    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED


def test_invalid_data_is_refused_and_nothing_is_written() -> None:
    editor = admin()
    target = procedure()

    with pytest.raises(actions.InvalidVersion) as refused:
        actions.create_version(editor, target, version_data(channels=[]))

    assert "channels" in refused.value.errors
    assert not target.versions.exists()


def test_unknown_agencies_are_refused() -> None:
    with pytest.raises(actions.InvalidVersion) as refused:
        actions.create_version(admin(), procedure(), version_data(agencies=["nowhere"]))

    assert "nowhere" in refused.value.errors["agencies"][0]


@pytest.mark.parametrize(
    "who",
    [
        lambda: officer(consular_department(), Role.CONSULAR_OFFICER.value),
        lambda: officer(UnitFactory(), Role.UNIT_HEAD.value),
        lambda: officer(mission(), Role.UNIT_HEAD.value),
        lambda: officer(consular_department(), Role.LEADER.value),
    ],
    ids=["consular-officer", "other-unit-head", "mission-head", "leader"],
)
def test_only_admins_and_the_consular_head_change_the_catalogue(who: Any) -> None:
    user = who()
    draft = actions.create_version(admin(), procedure(), version_data())

    with pytest.raises(actions.NotCatalogueEditor):
        actions.create_version(user, draft.procedure, {})
    with pytest.raises(actions.NotCatalogueEditor):
        actions.update_draft(user, draft, {"level": "full"})
    with pytest.raises(actions.NotCatalogueEditor):
        actions.publish_version(user, draft, JULY)
    assert draft.procedure.versions.count() == 1


def test_publishing_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    editor = admin()
    first = _published(editor, agencies=[consular_department().code])
    second = actions.create_version(editor, first.procedure)

    with django_assert_max_num_queries(20):
        actions.publish_version(editor, second, dt.date(2026, 1, 1))
