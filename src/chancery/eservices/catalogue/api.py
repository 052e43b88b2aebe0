"""API endpoints of the catalogue area, under /api/v1/eservices/catalogue.

The procedures in force and their published versions are public (no credentials). The export
needs a staff member's session or token (``read:eservices``: drafts are included); the import
needs ``write:catalogue`` and, like every write to the catalogue, an administrator or the unit
head of the consular department.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from chancery.core.service import Role, User, register_scope, require_scope
from chancery.eservices.catalogue import actions, queries
from chancery.eservices.catalogue.schema import JSON_PARTS
from chancery.eservices.constants import Channel
from chancery.eservices.models import Procedure, ProcedureVersion
from chancery.lib.problems import Problem, ProblemType

router = Router(tags=["eservices"])

register_scope(
    "write:catalogue",
    _("Change the procedure catalogue (administrators, head of the consular department)"),
    roles=(Role.ADMIN, Role.UNIT_HEAD),
)
IMPORT_REFUSED = ProblemType("catalogue-import-refused", 422, _("The catalogue file was refused"))


class ProcedureOut(Schema):
    code: str
    slug: str
    name: str
    name_vi: str
    name_en: str
    name_fr: str
    field: str
    field_code: str
    version: int
    effective_from: dt.date | None
    level: str
    channels: list[dict[str, Any]]
    unconfirmed: list[str]


class VersionOut(ProcedureOut):
    status: str
    effective_to: dt.date | None
    agencies: list[dict[str, str]]
    other_agencies: list[dict[str, Any]]
    components: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    eligibility: dict[str, Any]
    legal_basis: list[dict[str, Any]]
    result: dict[str, Any]
    form_schema: dict[str, Any]
    source_url: str


def _summary(procedure: Procedure, version: ProcedureVersion) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "slug": procedure.slug,
        "name": procedure.name,
        "name_vi": procedure.name_vi,
        "name_en": procedure.name_en,
        "name_fr": procedure.name_fr,
        "field": procedure.field.name,
        "field_code": procedure.field.code,
        "version": version.number,
        "effective_from": version.effective_from,
        "level": version.level,
        "channels": version.channels,
        "unconfirmed": version.unconfirmed,
    }


def _detail(version: ProcedureVersion) -> dict[str, Any]:
    agencies = [
        {"code": unit.code, "name": unit.name, "kind": unit.kind}
        for unit in queries.agencies_for(version)
    ]
    return {
        **_summary(version.procedure, version),
        "status": version.status,
        "effective_to": version.effective_to,
        "agencies": agencies,
        "source_url": version.source_url,
        **{key: getattr(version, key) for key in JSON_PARTS},
    }


@router.get(
    "/catalogue/procedures",
    response=list[ProcedureOut],
    auth=None,
    summary="Procedures in force (public)",
)
def catalogue_list(request: HttpRequest, q: str = "", field: str = "", channel: str = "") -> Any:
    if channel and channel not in Channel.values:
        raise Problem(422, _("Unknown channel."))
    procedures = queries.published_procedures(q=q[:200], field=field[:32], channel=channel)
    return [_summary(p, p.current_versions[0]) for p in procedures]  # type: ignore[attr-defined]


@router.get(
    "/catalogue/procedures/{slug}",
    response=VersionOut,
    auth=None,
    summary="A procedure and its version in force (public)",
)
def catalogue_detail(request: HttpRequest, slug: str) -> Any:
    procedure = queries.published_procedures().filter(slug=slug).first()
    if procedure is None:
        raise Problem(404, _("No procedure in force has this name."))
    version = procedure.current_versions[0]  # type: ignore[attr-defined]
    version.procedure = procedure
    return _detail(version)


@router.get(
    "/catalogue/procedures/{slug}/versions/{number}",
    response=VersionOut,
    auth=None,
    summary="A published version of a procedure, current or past (public)",
)
def catalogue_version(request: HttpRequest, slug: str, number: int) -> Any:
    version = (
        ProcedureVersion.objects.filter(
            procedure__slug=slug,
            number=number,
            status__in=queries.SHOWN,
            published_at__isnull=False,
        )
        .select_related("procedure__field")
        .first()
    )
    if version is None:
        raise Problem(404, _("This procedure has no published version with this number."))
    return _detail(version)


@router.get("/catalogue/export", summary="The whole catalogue as JSON or CSV (staff)")
@require_scope("read:eservices")
def catalogue_export(request: HttpRequest, fmt: str = "json") -> HttpResponse:
    if fmt not in ("json", "csv"):
        raise Problem(422, _("Choose json or csv."))
    content_type = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
    response = HttpResponse(actions.export_catalogue(fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="catalogue.{fmt}"'
    return response


@router.post(
    "/catalogue/import",
    summary="Import a catalogue file (the request body), all or nothing (staff)",
)
@require_scope("write:catalogue")
def catalogue_import(request: HttpRequest, fmt: str = "json") -> Any:
    user = request.user
    assert isinstance(user, User)
    if fmt not in ("json", "csv"):
        raise Problem(422, _("Choose json or csv."))
    try:
        report = actions.import_catalogue(user, request.body, fmt)
    except actions.NotCatalogueEditor as exc:
        raise Problem(403, exc.message) from None
    if not report.ok:
        raise Problem(
            kind=IMPORT_REFUSED,
            detail=_("Nothing was imported: fix the procedures listed and send the file again."),
            errors=[
                {"loc": ["procedures", error.row], "msg": "; ".join(error.messages), "type": "row"}
                for error in report.errors
            ],
        )
    return report.as_dict()
