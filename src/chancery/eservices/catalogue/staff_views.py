"""Staff pages of the catalogue under /eservices/catalogue/: procedures and their versions,
new versions, editing drafts, publishing, import and export.

Anyone who handles dossiers (and administrators) reads these pages; the pages that change the
catalogue are for administrators and the unit head of the consular department
(``actions.can_edit_catalogue``): others get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.decorators import role_required
from chancery.core.service import Role, User
from chancery.eservices.catalogue import actions, queries
from chancery.eservices.catalogue.forms import ImportForm, PublishForm, VersionForm
from chancery.eservices.constants import VersionStatus
from chancery.eservices.models import Procedure

READERS = (
    Role.CONSULAR_OFFICER,
    Role.CLERK,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.LEADER,
    Role.ADMIN,
)
EDITORS = (Role.ADMIN, Role.UNIT_HEAD)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _editor(request: HttpRequest) -> User:
    user = _user(request)
    if not actions.can_edit_catalogue(user):
        raise PermissionDenied
    return user


def _form_editor_url(version_id: int) -> str:
    try:
        return reverse("eservices:form_editor", kwargs={"pk": version_id})
    except NoReverseMatch:
        return ""


@role_required(*READERS)
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "eservices/catalogue/staff/list.html",
        {
            "procedures": queries.procedures_for_staff(),
            "can_edit": actions.can_edit_catalogue(_user(request)),
        },
    )


@role_required(*READERS)
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = queries.get_version_for_staff(pk)
    return render(
        request,
        "eservices/catalogue/staff/version.html",
        {
            "version": version,
            "procedure": version.procedure,
            "data": actions.version_data(version),
            "agencies": queries.agencies_for(version),
            "can_edit": actions.can_edit_catalogue(_user(request)),
            "is_draft": version.status == VersionStatus.DRAFT,
            "publish_form": PublishForm(),
            "form_editor_url": _form_editor_url(version.pk),
        },
    )


@require_POST
@role_required(*EDITORS)
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    procedure = get_object_or_404(Procedure, pk=pk)
    try:
        version = actions.create_version(user, procedure)
    except actions.InvalidVersion:
        messages.error(request, _("The current version does not validate: fix it in a draft."))
        return redirect("eservices:catalogue")
    messages.success(request, _("Version %(n)s created as a draft.") % {"n": version.number})
    return redirect("eservices:catalogue_version_edit", pk=version.pk)


@role_required(*EDITORS)
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    version = queries.get_version_for_staff(pk)
    if version.status != VersionStatus.DRAFT:
        raise Http404
    data = actions.version_data(version)
    form = VersionForm(request.POST or None, initial=VersionForm.initial_from(data))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_draft(user, version, form.version_data())
        except actions.InvalidVersion as exc:
            form.show(exc)
        except actions.VersionImmutable as exc:
            messages.error(request, str(exc.message))
            return redirect("eservices:catalogue_version", pk=version.pk)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("eservices:catalogue_version", pk=version.pk)
    return render(
        request,
        "eservices/catalogue/staff/edit.html",
        {
            "version": version,
            "procedure": version.procedure,
            "form": form,
            "form_editor_url": _form_editor_url(version.pk),
        },
        status=422 if form.errors else 200,
    )


@require_POST
@role_required(*EDITORS)
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = _editor(request)
    version = queries.get_version_for_staff(pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date from which the version is in force."))
        return redirect("eservices:catalogue_version", pk=version.pk)
    try:
        actions.publish_version(user, version, form.cleaned_data["effective_from"])
    except actions.InvalidVersion as exc:
        for key, problems in exc.errors.items():
            for problem in problems:
                messages.error(request, f"{key}: {problem}")
    except actions.CatalogueError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
    return redirect("eservices:catalogue_version", pk=version.pk)


@role_required(*READERS)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("json", "csv"):
        raise Http404
    content_type = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
    response = HttpResponse(actions.export_catalogue(fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="catalogue.{fmt}"'
    return response


@role_required(*EDITORS)
def import_view(request: HttpRequest) -> HttpResponse:
    user = _editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = actions.import_catalogue(user, form.cleaned_data["file"], form.cleaned_data["fmt"])
        if report.ok:
            messages.success(
                request,
                _(
                    "Imported: %(procedures)s new procedures, %(versions)s new versions "
                    "(%(published)s published), %(unchanged)s unchanged."
                )
                % {
                    "procedures": report.created_procedures,
                    "versions": report.created_versions,
                    "published": report.published,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("eservices:catalogue")
    status = 422 if form.errors or (report and not report.ok) else 200
    return render(
        request,
        "eservices/catalogue/staff/import.html",
        {"form": form, "report": report},
        status=status,
    )
