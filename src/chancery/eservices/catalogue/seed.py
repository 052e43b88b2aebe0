"""The real catalogue in every deployment: ``seed_catalogue`` after every ``migrate``/``flush``
(``post_migrate``, as ``documents/seeds.py`` does), in the demo, and from
``chancery eservices-catalogue seed``.

Idempotent: fields and procedures that exist are left as editors made them; a seeded version
that has no agencies yet gets them once the organisation has its units (the consular department
at headquarters, or every mission), so running it after the demo's units load completes it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from chancery.core.service import User, record_audit
from chancery.eservices.catalogue import seed_data
from chancery.eservices.catalogue.actions import nfc
from chancery.eservices.catalogue.queries import consular_department, missions
from chancery.eservices.catalogue.schema import parse_date, validate_version_data
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import Procedure, ProcedureField, ProcedureVersion


def _agencies(scope: str) -> list[Any]:
    if scope == seed_data.HQ:
        department = consular_department()
        return [department] if department is not None else []
    return list(missions())


def _create(spec: dict[str, Any], fields: dict[str, ProcedureField]) -> ProcedureVersion:
    name = spec["name"]
    procedure = Procedure.objects.create(
        code=spec["code"],
        slug=spec["slug"],
        field=fields[spec["field"]],
        name_vi=name["vi"],
        name_en=name["en"],
        name_fr=name["fr"],
        public_register=spec["public_register"],
        short_code=spec["short_code"],
    )
    data = nfc(spec["version"])
    problems = validate_version_data(data)
    if problems:  # a mistake in seed_data: fail loudly, never seed half a procedure
        raise ValueError(f"seed {spec['code']}: {problems}")
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        status=VersionStatus.PUBLISHED,
        published_at=timezone.now(),
        effective_from=parse_date(data["effective_from"]),
        level=data["level"],
        channels=data["channels"],
        components=data["components"],
        steps=data["steps"],
        eligibility=data["eligibility"],
        legal_basis=data["legal_basis"],
        result=data["result"],
        form_schema=data["form_schema"],
        result_template=data.get("result_template", ""),
        source_url=data.get("source_url", ""),
        unconfirmed=data["unconfirmed"],
    )


def seed_catalogue(actor: User | None = None, *, audit: bool = False) -> int:
    """Create the missing seeded fields, procedures and first versions, and give seeded
    versions without agencies their units. Returns how many rows it created or completed.
    System code only (migrations, the demo, the management command): it checks no role."""
    created = 0
    with transaction.atomic():
        fields = {}
        for code, name in seed_data.FIELDS.items():
            row, made = ProcedureField.objects.get_or_create(
                code=code,
                defaults={"name_vi": name["vi"], "name_en": name["en"], "name_fr": name["fr"]},
            )
            fields[code], created = row, created + made
        existing = set(Procedure.objects.values_list("code", flat=True))
        for spec in seed_data.procedures():
            version: ProcedureVersion | None
            if spec["code"] not in existing:
                version = _create(spec, fields)
                created += 1
            else:
                version = (
                    ProcedureVersion.objects.filter(procedure__code=spec["code"], number=1)
                    .prefetch_related("agencies")
                    .first()
                )
            if version is None or version.agencies.all():
                continue
            units = _agencies(spec["agencies"])
            if units:
                version.agencies.set(units)
                created += 1
        if created and audit:
            record_audit(actor, "eservices.catalogue.seeded", data={"created": created})
    return created


def after_migrate(sender: Any, **kwargs: Any) -> None:
    from django.db import connection

    # Migrated back below the catalogue's tables: nothing to seed.
    if ProcedureVersion._meta.db_table in connection.introspection.table_names():
        seed_catalogue()


def load_demo() -> int:
    """The demo's catalogue step (``register_demo``): the units exist by now."""
    return seed_catalogue(audit=True)


def register() -> None:
    """Seed after every migrate and flush, and in the demo (called from ``setup.ready``)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from chancery.core.service import register_demo

    post_migrate.connect(
        after_migrate,
        sender=apps.get_app_config("eservices"),
        dispatch_uid="eservices-catalogue-seed",
    )
    register_demo("eservices-catalogue", load_demo)
