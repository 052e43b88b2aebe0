"""Shared factories of the e-services tests: units, officers, applicants, procedures, dossiers.

Each area adds its own helpers in ``factories_<area>.py``; these are the common ground.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from chancery.core.constants import Role, UnitKind
from chancery.core.models import Unit
from chancery.core.tests.factories import TEST_PASSWORD, UnitFactory, UserFactory
from chancery.eservices.constants import Channel, ServiceLevel, State, VersionStatus
from chancery.eservices.models import (
    Applicant,
    Dossier,
    Procedure,
    ProcedureField,
    ProcedureVersion,
)

APPLICANT_PASSWORD = TEST_PASSWORD

# A small form of the shape ``eservices.forms.engine`` reads (see its module docstring).
SIMPLE_FORM: dict[str, Any] = {
    "sections": [
        {
            "id": "request",
            "title": {"vi": "Yêu cầu", "en": "Request", "fr": "Demande"},
            "fields": [
                {
                    "name": "full_name",
                    "type": "text",
                    "label": {"vi": "Họ và tên", "en": "Full name", "fr": "Nom complet"},
                    "required": True,
                    "max_length": 200,
                },
                {
                    "name": "purpose",
                    "type": "select",
                    "label": {"vi": "Mục đích", "en": "Purpose", "fr": "Objet"},
                    "required": True,
                    "options": [
                        {
                            "value": "work",
                            "label": {"vi": "Làm việc", "en": "Work", "fr": "Travail"},
                        },
                        {"value": "other", "label": {"vi": "Khác", "en": "Other", "fr": "Autre"}},
                    ],
                },
                {
                    "name": "other_purpose",
                    "type": "text",
                    "label": {"vi": "Mục đích khác", "en": "Other purpose", "fr": "Autre objet"},
                    "required": True,
                    "show_if": {"field": "purpose", "equals": "other"},
                },
                {
                    "name": "document",
                    "type": "file",
                    "component": "document",
                    "label": {
                        "vi": "Giấy tờ cần hợp pháp hóa",
                        "en": "Document to legalise",
                        "fr": "Document à légaliser",
                    },
                    "required": True,
                },
                {
                    "name": "passport",
                    "type": "file",
                    "component": "passport",
                    "label": {"vi": "Hộ chiếu", "en": "Passport", "fr": "Passeport"},
                    "required": True,
                },
            ],
        }
    ]
}

SIMPLE_COMPONENTS: list[dict[str, Any]] = [
    {
        "code": "document",
        "name_vi": "Giấy tờ cần hợp pháp hóa",
        "name_en": "Document to legalise",
        "name_fr": "Document à légaliser",
        "kind": "original",
        "count": 1,
        "required": True,
        "max_files": 3,
    },
    {
        "code": "passport",
        "name_vi": "Bản chụp hộ chiếu",
        "name_en": "Copy of passport",
        "name_fr": "Copie du passeport",
        "kind": "photocopy",
        "count": 1,
        "required": True,
        "max_files": 2,
    },
]


def hq_department(code: str = "LS") -> Unit:
    """The consular department at headquarters (ministry calendar)."""
    return UnitFactory(
        code=code,
        name_en="Consular Department",
        name_vi="Cục Lãnh sự",
        name_fr="Direction consulaire",
    )


def mission(code: str = "FR-PAR", country: str = "FR") -> Unit:
    """An embassy abroad (host-country calendar)."""
    return UnitFactory(
        code=code,
        kind=UnitKind.EMBASSY,
        host_country=country,
        name_en=f"Embassy in {country}",
        name_vi=f"Đại sứ quán tại {country}",
        name_fr=f"Ambassade en {country}",
    )


def officer(unit: Unit, *roles: str, **kwargs: Any) -> Any:
    """A member of ``unit`` holding ``roles`` (consular officer by default)."""
    return UserFactory(unit=unit, roles=list(roles or [Role.CONSULAR_OFFICER.value]), **kwargs)


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citizen{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    language = "en"
    email_verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        self.set_password(extracted or APPLICANT_PASSWORD)
        if create:
            self.save(update_fields=["password"])


def procedure_version(
    *,
    code: str = "1.005129",
    units: list[Unit] | None = None,
    working_days: int = 5,
    fee: int = 30000,
    public_register: bool = True,
    form: dict[str, Any] | None = None,
    components: list[dict[str, Any]] | None = None,
) -> ProcedureVersion:
    """A published version of a legalisation-like procedure offered online and in person."""
    field, _ = ProcedureField.objects.get_or_create(
        code="consular", defaults={"name_vi": "Lãnh sự", "name_en": "Consular affairs"}
    )
    procedure, _ = Procedure.objects.get_or_create(
        code=code,
        defaults={
            "slug": f"procedure-{code.replace('.', '-')}",
            "field": field,
            "name_vi": "Hợp pháp hóa lãnh sự giấy tờ",
            "name_en": "Consular legalisation of documents",
            "name_fr": "Légalisation consulaire de documents",
            "public_register": public_register,
            "short_code": "HPH",
        },
    )
    number = (procedure.versions.count() or 0) + 1
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        status=VersionStatus.PUBLISHED,
        effective_from=dt.date(2025, 7, 1),
        level=ServiceLevel.FULL,
        channels=[
            {
                "channel": Channel.ONLINE,
                "working_days": working_days,
                "fee": fee,
                "currency": "VND",
            },
            {
                "channel": Channel.IN_PERSON,
                "working_days": working_days,
                "fee": fee,
                "currency": "VND",
            },
        ],
        components=components if components is not None else SIMPLE_COMPONENTS,
        steps=[{"vi": "Nộp hồ sơ", "en": "Submit the dossier", "fr": "Déposer le dossier"}],
        form_schema=form if form is not None else SIMPLE_FORM,
        published_at=timezone.now(),
    )
    version.agencies.set(units or [hq_department()])
    return version


def dossier(
    version: ProcedureVersion,
    applicant: Applicant,
    *,
    unit: Unit | None = None,
    state: str = State.SUBMITTED,
    code: str | None = None,
    received_on: dt.date | None = None,
    due_on: dt.date | None = None,
    **fields: Any,
) -> Dossier:
    """A dossier placed directly in ``state`` (a row, not a walk through the actions)."""
    unit = unit or version.agencies.first()
    assert unit is not None
    row = Dossier.objects.create(
        version=version,
        applicant=applicant,
        unit=unit,
        state=state,
        code=""
        if state == State.DRAFT
        else (code or f"{unit.code}-{Dossier.objects.count() + 1:06d}"),
        form_data=fields.pop("form_data", {"full_name": applicant.full_name, "purpose": "work"}),
        submitted_at=None if state == State.DRAFT else timezone.now(),
        received_on=received_on,
        due_on=due_on,
        fee=fields.pop("fee", 30000),
        **fields,
    )
    return row
