"""The ministry's real catalogue is there after migrate, seeding twice changes nothing, and
every seeded version is valid, has a file slot per component and marks what is unconfirmed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from chancery.core.tests.factories import UnitFactory
from chancery.eservices.catalogue import seed_data
from chancery.eservices.catalogue.actions import version_data
from chancery.eservices.catalogue.schema import validate_version_data
from chancery.eservices.catalogue.seed import seed_catalogue
from chancery.eservices.constants import VersionStatus
from chancery.eservices.forms.engine import iter_fields
from chancery.eservices.models import Procedure, ProcedureVersion
from chancery.eservices.tests.factories import mission

pytestmark = pytest.mark.django_db
CODES = {spec["code"] for spec in seed_data.procedures()}


@pytest.fixture(autouse=True)
def _seeded() -> None:
    """The test database may come from a template built before the seed existed."""
    seed_catalogue()


def test_the_catalogue_exists_after_migrate() -> None:
    from django.core.management.sql import emit_post_migrate_signal

    ProcedureVersion.objects.filter(procedure__code__in=CODES).delete()
    Procedure.objects.filter(code__in=CODES).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    seeded = set(Procedure.objects.filter(code__in=CODES).values_list("code", flat=True))

    assert seeded == CODES
    legalisation = ProcedureVersion.objects.get(
        procedure__slug="hop-phap-hoa-lanh-su-tai-bo-ngoai-giao"
    )
    assert legalisation.status == VersionStatus.PUBLISHED
    assert legalisation.channel("in_person") == {
        "channel": "in_person",
        "working_days": 1,
        "fee": 30000,
        "currency": "VND",
        "time_note_vi": seed_data.BATCH_NOTE["vi"],
        "time_note_en": seed_data.BATCH_NOTE["en"],
        "fee_note_vi": seed_data.PER_COPY["vi"],
        "fee_note_en": seed_data.PER_COPY["en"],
    }


def test_seeding_twice_changes_nothing() -> None:
    seed_catalogue()
    before = (Procedure.objects.count(), ProcedureVersion.objects.count())

    assert seed_catalogue() == 0
    assert (Procedure.objects.count(), ProcedureVersion.objects.count()) == before


def test_seeding_gives_agencies_once_the_units_exist() -> None:
    consular = UnitFactory(code="consular")
    embassy = mission("emb-fr", "FR")

    seed_catalogue()

    at_hq = ProcedureVersion.objects.get(procedure__slug="chung-nhan-lanh-su-tai-bo-ngoai-giao")
    abroad = ProcedureVersion.objects.get(procedure__slug="cap-ho-chieu-pho-thong-o-nuoc-ngoai")
    assert list(at_hq.agencies.all()) == [consular]
    assert list(abroad.agencies.all()) == [embassy]
    assert seed_catalogue() == 0


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_seeded_version_is_valid_with_a_file_slot_per_component(code: str) -> None:
    version = ProcedureVersion.objects.get(procedure__code=code, number=1)

    assert validate_version_data(version_data(version)) == {}
    slots = {f["component"] for f in iter_fields(version.form_schema) if f["type"] == "file"}
    assert slots == {c["code"] for c in version.components}
    assert "code" in version.unconfirmed  # no national code could be checked here


def test_the_seed_command_reports_what_it_created() -> None:
    out = StringIO()

    call_command("eservices-catalogue", "seed", stdout=out)

    assert "0 rows created" in out.getvalue()
