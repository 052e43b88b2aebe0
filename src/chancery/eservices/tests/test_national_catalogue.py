"""Pulling the national catalogue makes drafts and never touches a published version."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chancery.eservices.constants import Channel, ServiceLevel, VersionStatus
from chancery.eservices.models import Procedure, ProcedureVersion
from chancery.eservices.tests.factories import procedure_version
from chancery.eservices.tests.factories_national import running_portal

pytestmark = pytest.mark.django_db


def _pull() -> str:
    out = StringIO()
    call_command("eservices-national", "pull-catalogue", stdout=out)
    return out.getvalue()


def test_pulling_the_catalogue_creates_draft_procedures_from_the_portal() -> None:
    with running_portal():
        output = _pull()
    passport = Procedure.objects.get(code="1.010180")
    assert passport.name_vi == "Cấp hộ chiếu phổ thông ở nước ngoài"
    assert passport.field.code == "G09-NG05"
    version = passport.versions.get()
    assert version.status == VersionStatus.DRAFT
    assert version.level == ServiceLevel.PARTIAL
    assert version.channels == [
        {"channel": Channel.IN_PERSON, "working_days": 5, "fee": 70, "currency": "USD"}
    ]
    assert "components" in version.unconfirmed
    assert "created 1.010180" in output
    assert "2 created" in output


def test_a_published_version_that_differs_gets_a_new_draft_and_stays_as_it_was() -> None:
    published = procedure_version(code="1.005129", working_days=5, fee=30000)
    with running_portal():
        output = _pull()
        again = _pull()
    published.refresh_from_db()
    assert published.status == VersionStatus.PUBLISHED
    assert published.channels[0]["working_days"] == 5
    draft = ProcedureVersion.objects.get(procedure=published.procedure, number=2)
    assert draft.status == VersionStatus.DRAFT
    assert draft.channel(Channel.ONLINE) == {
        "channel": Channel.ONLINE,
        "working_days": 1,
        "fee": 10,
        "currency": "USD",
    }
    assert draft.components == published.components  # kept from the current version
    assert list(draft.agencies.all()) == list(published.agencies.all())
    assert "new draft 1.005129" in output
    assert "unchanged 1.005129" in again
    assert ProcedureVersion.objects.filter(procedure=published.procedure).count() == 2


def test_pulling_without_a_configured_portal_says_so() -> None:
    with pytest.raises(CommandError, match="No national portal is configured"):
        _pull()


def test_status_lists_records_by_status() -> None:
    out = StringIO()
    call_command("eservices-national", "status", stdout=out)
    assert "gave_up: 0" in out.getvalue()
