"""Every write to the catalogue: new versions, editing drafts, publishing, import and export.

Who edits the catalogue: an administrator (``Role.ADMIN``), or a unit head (``Role.UNIT_HEAD``)
of the consular department at headquarters, which owns the ministry's procedures. Everyone
else is refused (``NotCatalogueEditor``), whatever page or endpoint they come from. A published
or retired version is never changed: edits go into a new draft, which is published in its turn,
retiring the one before it in the same transaction (one published version per procedure, the
``eservices_version_one_published`` constraint). Every write is audited.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, Unit, User, record_audit
from chancery.eservices.catalogue.queries import CONSULAR_DEPARTMENT_CODES
from chancery.eservices.catalogue.schema import (
    JSON_PARTS,
    VERSION_KEYS,
    parse_date,
    validate_version_data,
)
from chancery.eservices.constants import VersionStatus
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import Procedure, ProcedureVersion


class CatalogueError(EservicesError):
    code = "catalogue-error"
    status = 409
    message = _("The catalogue could not be changed.")


class NotCatalogueEditor(CatalogueError):
    code = "not-catalogue-editor"
    status = 403
    message = _(
        "Only administrators and the head of the consular department may change the catalogue."
    )


class VersionImmutable(CatalogueError):
    code = "version-immutable"
    status = 409
    message = _("A published or retired version cannot be changed: create a new version.")


class InvalidVersion(CatalogueError):
    """The version's data does not pass ``validate_version_data``; ``errors`` say where."""

    code = "invalid-version"
    status = 422
    message = _("Some parts of this version need your attention.")

    def __init__(self, errors: dict[str, list[str]], message: object | None = None) -> None:
        self.errors = errors
        super().__init__(message)


def can_edit_catalogue(user: User | None) -> bool:
    """Whether ``user`` may change the catalogue (see the module docstring)."""
    if user is None or not user.is_active:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if not user.has_role(Role.UNIT_HEAD) or user.unit_id is None:
        return False
    return Unit.objects.filter(pk=user.unit_id, code__in=CONSULAR_DEPARTMENT_CODES).exists()


def require_editor(user: User | None) -> None:
    if not can_edit_catalogue(user):
        raise NotCatalogueEditor()


def nfc(value: Any) -> Any:
    """``value`` with every string in NFC form (search and comparison see one spelling)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(item) for item in value]
    if isinstance(value, dict):
        return {nfc(key): nfc(item) for key, item in value.items()}
    return value


def version_data(version: ProcedureVersion) -> dict[str, Any]:
    """The catalogue's view of ``version``: the ``VERSION_KEYS``, dates as ISO strings and
    agencies as unit codes (the shape of ``create_version`` and of import/export)."""
    data: dict[str, Any] = {key: getattr(version, key) for key in JSON_PARTS}
    data["level"] = version.level
    data["result_template"] = version.result_template
    data["source_url"] = version.source_url
    data["effective_from"] = version.effective_from.isoformat() if version.effective_from else None
    data["effective_to"] = version.effective_to.isoformat() if version.effective_to else None
    data["agencies"] = sorted(unit.code for unit in version.agencies.all())
    return data


def _units(codes: list[str]) -> list[Unit]:
    units = list(Unit.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {unit.code for unit in units})
    if unknown:
        raise InvalidVersion(
            {"agencies": [str(_("Unknown units: %(codes)s.") % {"codes": ", ".join(unknown)})]}
        )
    return units


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (complete) made NFC and validated; raises ``InvalidVersion``."""
    data = nfc({key: data.get(key) for key in VERSION_KEYS})
    errors = validate_version_data(data)
    if errors:
        raise InvalidVersion(errors)
    return data


def _model_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        key: data.get(key) if data.get(key) is not None else [] for key in JSON_PARTS
    }
    for key in ("eligibility", "result", "form_schema"):
        fields[key] = data.get(key) or {}
    fields["level"] = data["level"]
    fields["result_template"] = data.get("result_template") or ""
    fields["source_url"] = data.get("source_url") or ""
    fields["effective_from"] = parse_date(data.get("effective_from"))
    fields["effective_to"] = parse_date(data.get("effective_to"))
    return fields


def _blank() -> dict[str, Any]:
    return {
        "level": "partial",
        "effective_from": None,
        "effective_to": None,
        "agencies": [],
        "other_agencies": [],
        "channels": [],
        "components": [],
        "steps": [],
        "eligibility": {},
        "legal_basis": [],
        "result": {},
        "form_schema": {},
        "result_template": "",
        "source_url": "",
        "unconfirmed": [],
    }


def create_version(
    actor: User | None, procedure: Procedure, data: dict[str, Any] | None = None
) -> ProcedureVersion:
    """A new draft of ``procedure``, numbered after its latest version, copying that version
    for every part ``data`` does not give (dates are not copied: a draft has none until it is
    published). Catalogue editors only; refuses data that does not validate."""
    require_editor(actor)
    return _create_version(actor, procedure, data or {})


def _create_version(
    actor: User | None, procedure: Procedure, data: dict[str, Any]
) -> ProcedureVersion:
    with transaction.atomic():
        Procedure.objects.select_for_update().filter(pk=procedure.pk).get()
        base = procedure.versions.order_by("-number").first()
        start = version_data(base) if base else _blank()
        start.update(effective_from=None, effective_to=None)
        merged = _checked({**start, **data})
        units = _units(merged["agencies"])
        version = ProcedureVersion.objects.create(
            procedure=procedure,
            number=(base.number + 1) if base else 1,
            status=VersionStatus.DRAFT,
            **_model_fields(merged),
        )
        version.agencies.set(units)
        record_audit(
            actor,
            "eservices.catalogue.version_created",
            version,
            data={"number": version.number, "copied_from": base.number if base else None},
        )
    return version


def update_draft(actor: User | None, version: ProcedureVersion, data: dict[str, Any]) -> None:
    """Change the parts of a draft that ``data`` gives. Catalogue editors only; refuses a
    published or retired version (``VersionImmutable``) and data that does not validate."""
    require_editor(actor)
    with transaction.atomic():
        locked = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != VersionStatus.DRAFT:
            raise VersionImmutable()
        merged = _checked({**version_data(locked), **data})
        units = _units(merged["agencies"])
        fields = _model_fields(merged)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(fields))
        locked.agencies.set(units)
        record_audit(
            actor,
            "eservices.catalogue.draft_updated",
            locked,
            data={"number": locked.number, "parts": sorted(set(data) & set(VERSION_KEYS))},
        )
    for name, value in fields.items():
        setattr(version, name, value)


def publish_version(
    actor: User | None, version: ProcedureVersion, effective_from: dt.date
) -> ProcedureVersion:
    """Publish a draft, in force from ``effective_from``; the version published before it is
    retired in the same transaction, in force until the day before. Catalogue editors only;
    refuses a version that is not a draft, data that does not validate, and a start date not
    after the start of the version it replaces."""
    require_editor(actor)
    return _publish(actor, version, effective_from)


def _publish(
    actor: User | None, version: ProcedureVersion, effective_from: dt.date
) -> ProcedureVersion:
    with transaction.atomic():
        Procedure.objects.select_for_update().filter(pk=version.procedure_id).get()
        draft = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
        if draft.status != VersionStatus.DRAFT:
            raise VersionImmutable(_("Only a draft can be published."))
        _checked({**version_data(draft), "effective_from": effective_from.isoformat()})
        previous = (
            ProcedureVersion.objects.select_for_update()
            .filter(procedure_id=draft.procedure_id, status=VersionStatus.PUBLISHED)
            .first()
        )
        if previous is not None:
            if previous.effective_from and effective_from <= previous.effective_from:
                raise InvalidVersion(
                    {
                        "effective_from": [
                            str(
                                _("Start after %(date)s, when the current version started.")
                                % {"date": previous.effective_from.isoformat()}
                            )
                        ]
                    }
                )
            previous.status = VersionStatus.RETIRED
            day_before = effective_from - dt.timedelta(days=1)
            if previous.effective_to is None or previous.effective_to > day_before:
                previous.effective_to = day_before
            previous.save(update_fields=["status", "effective_to"])
            record_audit(
                actor,
                "eservices.catalogue.version_retired",
                previous,
                data={"number": previous.number, "until": previous.effective_to.isoformat()},
            )
        draft.status = VersionStatus.PUBLISHED
        draft.effective_from = effective_from
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "effective_from", "published_at"])
        record_audit(
            actor,
            "eservices.catalogue.version_published",
            draft,
            data={"number": draft.number, "effective_from": effective_from.isoformat()},
        )
    version.status, version.effective_from = draft.status, draft.effective_from
    version.published_at = draft.published_at
    return draft


# Import and export live in their own module; callers find them here with the other writes.
from chancery.eservices.catalogue.transfer import (  # noqa: E402
    ImportReport,
    export_catalogue,
    import_catalogue,
)

__all__ = [
    "CatalogueError",
    "ImportReport",
    "InvalidVersion",
    "NotCatalogueEditor",
    "VersionImmutable",
    "can_edit_catalogue",
    "create_version",
    "export_catalogue",
    "import_catalogue",
    "publish_version",
    "update_draft",
    "version_data",
]
