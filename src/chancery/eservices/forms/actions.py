"""Writes of the forms area: saving the form of a draft procedure version."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User, record_audit
from chancery.eservices.catalogue.actions import (
    NotCatalogueEditor,
    VersionImmutable,
    can_edit_catalogue,
    nfc,
)
from chancery.eservices.constants import VersionStatus
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.forms.engine import validate_schema
from chancery.eservices.models import ProcedureVersion

# A form far larger than any real one is refused before it is parsed.
MAX_SCHEMA_BYTES = 512 * 1024


class FormRefused(EservicesError):
    """The form cannot be saved: ``errors`` lists what is wrong, in the user's language."""

    code = "form-refused"
    status = 422
    message = _("The form was not saved.")

    def __init__(self, errors: list[str], message: object | None = None) -> None:
        self.errors = errors
        super().__init__(message)


class VersionNotFound(EservicesError):
    code = "version-not-found"
    status = 404
    message = _("This procedure version does not exist.")


def parse_schema(text: str) -> tuple[Any, list[str]]:
    """The JSON of ``text``, or None and a message saying where it is malformed."""
    if len(text.encode()) > MAX_SCHEMA_BYTES:
        return None, [str(_("The form is too large (at most 512 KB)."))]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        return None, [
            str(_("This is not valid JSON: %(problem)s (line %(line)s, column %(column)s)."))
            % {"problem": exc.msg, "line": exc.lineno, "column": exc.colno}
        ]


def save_form_schema(user: User, version_id: int, text: str) -> ProcedureVersion:
    """Replace the form of a draft version with the JSON ``text``, and audit it.

    Who: the catalogue's editors (``catalogue.actions.can_edit_catalogue``: administrators
    and the head of the consular department). Refused: others (``NotCatalogueEditor``), a
    published or retired version (``VersionImmutable``: make a new version), an unknown
    version (``VersionNotFound``), malformed JSON or an invalid form (``FormRefused`` with
    every problem found); nothing is saved then.
    """
    if not can_edit_catalogue(user):
        raise NotCatalogueEditor
    schema, errors = parse_schema(text)
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise VersionNotFound
        if version.status != VersionStatus.DRAFT:
            raise VersionImmutable
        if not errors:
            errors = validate_schema(schema, components=version.components)
        if errors:
            raise FormRefused(errors)
        before = version.form_schema
        version.form_schema = nfc(schema)
        version.save(update_fields=["form_schema"])
        record_audit(
            user,
            "eservices.form_saved",
            version,
            data={"fields": _count(schema), "fields_before": _count(before)},
        )
    return version


def _count(schema: Any) -> int:
    if not isinstance(schema, dict):
        return 0
    return sum(len(s.get("fields") or []) for s in schema.get("sections") or [])
