"""Helpers of the handling tests, and the samples the authorization matrix uses for the
handling routes (a dossier of the requesting user's own unit)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from chancery.core.tests.factories import UnitFactory
from chancery.eservices.constants import State
from chancery.eservices.models import Dossier, DossierFile, ProcedureVersion
from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version


def unit_dossier(unit: Any, *, state: str = State.SUBMITTED, **fields: Any) -> Dossier:
    """A dossier of ``unit`` for a procedure that ``unit`` offers."""
    code = f"9.{unit.pk:06d}"
    version = ProcedureVersion.objects.filter(procedure__code=code).order_by("-number").first()
    if version is None:
        version = procedure_version(code=code, units=[unit])
    fields.setdefault("received_on", dt.date(2026, 3, 2))
    fields.setdefault("due_on", dt.date(2026, 3, 9))
    return dossier(version, ApplicantFactory(), unit=unit, state=state, **fields)


def _unit_of(user: Any) -> Any:
    return user.unit if user is not None and user.unit_id else UnitFactory()


def sample_dossier(user: Any) -> dict[str, Any]:
    return {"pk": unit_dossier(_unit_of(user)).pk}


def sample_dossier_id(user: Any) -> dict[str, Any]:
    return {"dossier_id": unit_dossier(_unit_of(user)).pk}


def sample_dossier_action(user: Any) -> dict[str, Any]:
    return {"pk": unit_dossier(_unit_of(user)).pk, "action": "accept"}


def passport_file(row: Dossier) -> DossierFile:
    """A stored PDF attached to ``row`` as its ``passport`` component."""
    from chancery.blobs import service as blobs
    from chancery.lib.pdfgen import sample_letter

    blob = blobs.store(io.BytesIO(sample_letter()), filename="passport.pdf", actor=None)
    return DossierFile.objects.create(
        dossier=row,
        component="passport",
        blob=blob,
        filename="passport.pdf",
        size=blob.size,
        content_type="application/pdf",
    )


def sample_dossier_file(user: Any) -> dict[str, Any]:
    row = unit_dossier(_unit_of(user))
    return {"pk": row.pk, "file_pk": passport_file(row).pk}


def sample_counter_draft(user: Any) -> dict[str, Any]:
    row = unit_dossier(_unit_of(user), state=State.DRAFT, filed_by=user)
    return {"pk": row.pk}


def components(version: Any) -> list[str]:
    return [str(c["code"]) for c in version.components]


def received(row: Dossier, day: dt.date) -> Dossier:
    """Give ``row`` the received date ``day`` and the return date computed as at submission."""
    from chancery.eservices.deadlines import return_date

    row.received_on = day
    row.due_on = return_date(row, day)
    row.save(update_fields=["received_on", "due_on"])
    return row
