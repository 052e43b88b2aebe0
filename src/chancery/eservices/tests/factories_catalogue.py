"""Helpers of the catalogue tests: editors, a valid version's data, a procedure of our own."""

from __future__ import annotations

import copy
from typing import Any

from chancery.core.constants import Role
from chancery.core.models import Unit
from chancery.core.tests.factories import UnitFactory
from chancery.eservices.models import Procedure, ProcedureField
from chancery.eservices.tests.factories import SIMPLE_COMPONENTS, SIMPLE_FORM, officer


def consular_department() -> Unit:
    """The consular department with the demo's code (``consular``), made once."""
    unit = Unit.objects.filter(code="consular").first()
    return unit or UnitFactory(
        code="consular", name_en="Consular Department", name_vi="Cục Lãnh sự"
    )


def consular_head() -> Any:
    return officer(consular_department(), Role.UNIT_HEAD.value)


def admin() -> Any:
    return officer(UnitFactory(), Role.ADMIN.value)


def version_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid version (legalisation-like), as ``create_version`` takes it."""
    data: dict[str, Any] = {
        "level": "partial",
        "effective_from": None,
        "effective_to": None,
        "agencies": [],
        "other_agencies": [],
        "channels": [
            {"channel": "online", "working_days": 1, "fee": 30000, "currency": "VND"},
            {"channel": "in_person", "working_days": 1, "fee": 30000, "currency": "VND"},
        ],
        "components": copy.deepcopy(SIMPLE_COMPONENTS),
        "steps": [{"vi": "Nộp hồ sơ", "en": "Apply", "fr": "Déposer"}],
        "eligibility": {"vi": "Mọi người", "en": "Anyone"},
        "legal_basis": [{"vi": "Nghị định 111/2011/NĐ-CP", "en": "Decree 111/2011/ND-CP"}],
        "result": {"vi": "Tem hợp pháp hóa", "en": "A legalisation stamp"},
        "form_schema": copy.deepcopy(SIMPLE_FORM),
        "result_template": "",
        "source_url": "",
        "unconfirmed": [],
    }
    data.update(overrides)
    return data


def procedure(code: str = "9.000001", name_vi: str = "Hợp pháp hóa thử nghiệm") -> Procedure:
    field, _ = ProcedureField.objects.get_or_create(
        code="consular", defaults={"name_vi": "Lãnh sự", "name_en": "Consular affairs"}
    )
    return Procedure.objects.create(
        code=code,
        slug=f"test-{code.replace('.', '-')}",
        field=field,
        name_vi=name_vi,
        short_code="TST",
    )
