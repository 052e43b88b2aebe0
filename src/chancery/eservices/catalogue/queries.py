"""Reads of the catalogue: the public list and pages, a procedure's versions, its agencies.

The catalogue is public: anyone reads the versions in force (published, and retired ones for
the days they were in force). Drafts are seen by staff only (``versions_for_staff``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chancery.core.service import Unit, UnitKind
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import Procedure, ProcedureField, ProcedureVersion

# Unit codes of the consular department at headquarters (the demo's and the tests').
CONSULAR_DEPARTMENT_CODES = ("consular", "LS", "ls")
MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL, UnitKind.PERMANENT_MISSION)
# Versions that were in force at some time (a draft never was).
SHOWN = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


def normalise_query(text: str) -> str:
    """NFC form, trimmed: decomposed input ("hợp" typed as o + combining marks) still matches."""
    return unicodedata.normalize("NFC", text).strip()[:200]


def in_force(on: dt.date | None = None) -> Q:
    """The condition of a version in force on ``on`` (today by default)."""
    day = on or timezone.localdate()
    return Q(status__in=SHOWN, published_at__isnull=False, effective_from__lte=day) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )


def _in_force_versions(on: dt.date | None = None) -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.filter(in_force(on)).order_by("-number")


def published_procedures(
    *, q: str = "", field: str = "", channel: str = "", unit_id: int | None = None
) -> QuerySet[Procedure]:
    """Procedures with a version in force today, filtered; each with ``current_versions``
    (a one-item list: the version in force) prefetched. Search ignores case and diacritics
    ("hop phap hoa" finds "Hợp pháp hóa") over the names in every language and the codes."""
    versions = _in_force_versions()
    matching = versions.filter(procedure=OuterRef("pk"))
    if channel:
        matching = matching.filter(channels__contains=[{"channel": channel}])
    if unit_id is not None:
        matching = matching.filter(agencies__pk=unit_id)
    procedures = Procedure.objects.filter(Exists(matching)).select_related("field")
    if field:
        procedures = procedures.filter(field__code=field)
    text = normalise_query(q)
    if text:
        procedures = procedures.filter(
            Q(code__icontains=text)
            | Q(short_code__iexact=text)
            | Q(name_vi__unaccent__icontains=text)
            | Q(name_en__unaccent__icontains=text)
            | Q(name_fr__unaccent__icontains=text)
            | Q(field__name_vi__unaccent__icontains=text)
            | Q(field__name_en__unaccent__icontains=text)
        )
    return procedures.prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="current_versions")
    ).order_by("field__code", "name_vi")


def fields_in_use() -> QuerySet[ProcedureField]:
    """The fields that have at least one procedure in force (the public filter's choices)."""
    return ProcedureField.objects.filter(
        Exists(_in_force_versions().filter(procedure__field=OuterRef("pk")))
    ).order_by("code")


def current_version(procedure: Procedure, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version in force on ``on`` (today by default): the published one, or a retired one
    on a day it was still in force; None when nothing was in force that day."""
    return (
        _in_force_versions(on)
        .filter(procedure=procedure)
        .select_related("procedure__field")
        .first()
    )


def get_procedure(slug: str) -> Procedure:
    """The procedure with ``slug`` if a version of it is in force today; 404 otherwise."""
    procedure = published_procedures().filter(slug=slug).first()
    if procedure is None:
        raise Http404
    return procedure


def get_public_version(slug: str, number: int) -> ProcedureVersion:
    """Version ``number`` of a procedure, if it was ever published (drafts: 404)."""
    version = (
        ProcedureVersion.objects.filter(
            procedure__slug=slug, number=number, status__in=SHOWN, published_at__isnull=False
        )
        .select_related("procedure__field")
        .first()
    )
    if version is None:
        raise Http404
    return version


def public_versions(procedure: Procedure) -> QuerySet[ProcedureVersion]:
    """Every version of ``procedure`` that was published, newest first."""
    return procedure.versions.filter(status__in=SHOWN, published_at__isnull=False).order_by(
        "-number"
    )


def agencies_for(version: ProcedureVersion) -> list[Unit]:
    """The units that handle ``version``: headquarters departments first, then the missions
    by code."""
    units = list(version.agencies.filter(active=True).order_by("code"))
    return sorted(units, key=lambda unit: (unit.kind in MISSION_KINDS, unit.code))


def consular_department() -> Unit | None:
    """The consular department at headquarters, if the organisation has one."""
    return (
        Unit.objects.filter(code__in=CONSULAR_DEPARTMENT_CODES)
        .exclude(kind__in=MISSION_KINDS)
        .order_by("code")
        .first()
    )


def missions() -> QuerySet[Unit]:
    """Every active mission abroad (embassies, consulates-general, permanent missions)."""
    return Unit.objects.filter(kind__in=MISSION_KINDS, active=True).order_by("code")


def procedures_for_staff() -> QuerySet[Procedure]:
    """Every procedure with all its versions (staff list), newest versions first."""
    return (
        Procedure.objects.select_related("field")
        .prefetch_related(
            Prefetch("versions", queryset=ProcedureVersion.objects.order_by("-number"))
        )
        .order_by("code")
    )


def get_version_for_staff(version_id: int) -> ProcedureVersion:
    """Any version, drafts included (staff only: the views check the role); 404 if none."""
    version = (
        ProcedureVersion.objects.select_related("procedure__field")
        .prefetch_related("agencies")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        raise Http404
    return version
