"""Staff pages of the forms area: the form editor of a procedure version and its preview."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.core.service import User
from chancery.eservices.catalogue.actions import can_edit_catalogue
from chancery.eservices.constants import VersionStatus
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.forms.actions import FormRefused, parse_schema, save_form_schema
from chancery.eservices.forms.engine import validate_schema
from chancery.eservices.models import ProcedureVersion

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français"))


def _version(request: HttpRequest, pk: int) -> tuple[User, ProcedureVersion]:
    user = request.user
    if not isinstance(user, User) or not can_edit_catalogue(user):
        raise PermissionDenied
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    return user, version


def _preview(request: HttpRequest, version: ProcedureVersion, text: str, language: str) -> str:
    """The form of ``text`` rendered in ``language``, or the problems that prevent it."""
    schema, errors = parse_schema(text)
    if not errors:
        errors = validate_schema(schema, components=version.components)
    with translation.override(language):
        return render_to_string(
            "eservices/forms/_preview.html",
            {"form_schema": None if errors else schema, "schema_errors": errors},
            request=request,
        )


def _page(
    request: HttpRequest,
    version: ProcedureVersion,
    *,
    text: str,
    errors: list[str],
    language: str = "",
    preview: str = "",
    status: int = 200,
) -> HttpResponse:
    language = language or _active_language()
    context: dict[str, Any] = {
        "version": version,
        "editable": version.status == VersionStatus.DRAFT,
        "schema_text": text,
        "schema_errors": errors,
        "languages": LANGUAGES,
        "language": language,
        "preview": preview or _preview(request, version, text, language),
    }
    return render(request, "eservices/forms/editor.html", context, status=status)


def _active_language() -> str:
    language = (translation.get_language() or "vi")[:2]
    return language if language in dict(LANGUAGES) else "vi"


def _language(request: HttpRequest) -> str:
    language = request.POST.get("language", "")
    return language if language in dict(LANGUAGES) else _active_language()


@login_required
@require_http_methods(["GET", "POST"])
def form_editor(request: HttpRequest, pk: int) -> HttpResponse:
    """The form of a version as JSON, with its problems and a preview; saving on a draft only
    (a published version is shown read-only). The catalogue's editors only (403 to others)."""
    user, version = _version(request, pk)
    if request.method == "GET":
        text = json.dumps(version.form_schema, ensure_ascii=False, indent=2)
        errors = validate_schema(version.form_schema, components=version.components)
        return _page(request, version, text=text, errors=errors)
    text = request.POST.get("schema", "")
    try:
        save_form_schema(user, version.pk, text)
    except FormRefused as exc:
        return _page(
            request, version, text=text, errors=exc.errors, language=_language(request), status=422
        )
    except EservicesError as exc:
        messages.error(request, str(exc.message))
        return _page(request, version, text=text, errors=[], status=exc.status)
    messages.success(request, _("The form is saved."))
    return HttpResponseRedirect(reverse("eservices:form_editor", args=[version.pk]))


@login_required
@require_POST
def form_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The posted form rendered in the chosen language: the fragment for htmx, the whole
    editor page otherwise (no JavaScript). Saves nothing."""
    _user, version = _version(request, pk)
    text, language = request.POST.get("schema", ""), _language(request)
    preview = _preview(request, version, text, language)
    if request.headers.get("HX-Request"):
        return HttpResponse(preview)
    _schema, errors = parse_schema(text)
    return _page(request, version, text=text, errors=errors, language=language, preview=preview)
