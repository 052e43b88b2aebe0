"""Workspace views of intake: upload a received document, register it (form pre-filled from
its text, with duplicate warnings), return it to its sender, and the registers with their
CSV export. The panel on the document page shows files, extraction and signature checks."""

from __future__ import annotations

import csv
import itertools
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chancery.blobs import service as blobs
from chancery.core.service import can, classify
from chancery.documents.actions.intake import receive, register_incoming, return_to_sender
from chancery.documents.constants import Direction, Status
from chancery.documents.exceptions import DocumentError
from chancery.documents.forms.intake import IntakeForm, RegistrationForm, ReturnForm
from chancery.documents.queries.documents import get_document_for_user
from chancery.documents.queries.intake import (
    duplicate_warnings,
    extraction_pending,
    get_register_for_user,
    prefill_for,
    register_entries,
    registers_for,
)

if TYPE_CHECKING:
    from chancery.core.service import User
    from chancery.documents.models import Document


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _document(request: HttpRequest, pk: uuid.UUID) -> Document:
    document = get_document_for_user(request.user, pk)
    classify(request, document.classification)
    return document


@login_required
@require_http_methods(["GET", "POST"])
def intake_upload(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(_user(request), request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = receive(
                _user(request), form.uploads(), classification=form.cleaned_data["classification"]
            )
        except (DocumentError, blobs.UploadRefused) as exc:
            form.add_error("received_files", str(getattr(exc, "message", exc)))
        else:
            return HttpResponseRedirect(reverse("documents:intake_register", args=[document.pk]))
    may = _user(request).has_role("clerk") and _user(request).unit_id is not None
    status = 400 if form.errors else 200
    return render(
        request, "documents/intake/upload.html", {"form": form, "may": may}, status=status
    )


def _registration_context(
    request: HttpRequest, document: Document, form: RegistrationForm
) -> dict[str, Any]:
    values = form.cleaned_data if form.is_bound and form.is_valid() else form.initial
    warnings = duplicate_warnings(
        request.user,
        document,
        sender_name=str(values.get("sender_name") or ""),
        number_symbol=str(values.get("number_symbol") or ""),
        document_date=values.get("document_date"),
        subject=str(values.get("subject") or ""),
    )
    return {
        "document": document,
        "form": form,
        "pending": extraction_pending(document),
        "warnings": warnings,
        "files": list(document.files.all()),
        "return_form": ReturnForm(initial={"version": document.version}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def intake_register(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    document = _document(request, pk)
    if not can(request.user, "register", document) or document.status != Status.RECEIVED:
        return HttpResponseRedirect(reverse("documents:detail", args=[document.pk]))
    initial = {**prefill_for(document).as_initial(), "version": document.version}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            register_incoming(
                _user(request), document, form.registration(), form.cleaned_data["version"]
            )
        except DocumentError as exc:
            form.add_error(None, str(exc.message))
        else:
            return HttpResponseRedirect(reverse("documents:detail", args=[document.pk]))
    context = _registration_context(request, document, form)
    template = "documents/intake/register.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def intake_return(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    document = _document(request, pk)
    form = ReturnForm(request.POST or None, initial={"version": document.version})
    if request.method == "POST" and form.is_valid():
        try:
            return_to_sender(
                _user(request), document, form.cleaned_data["reason"], form.cleaned_data["version"]
            )
        except DocumentError as exc:
            form.add_error(None, str(exc.message))
        else:
            return HttpResponseRedirect(reverse("documents:detail", args=[document.pk]))
    may = can(request.user, "register", document)
    context = {"document": document, "form": form, "may": may}
    return render(
        request, "documents/intake/return.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    registers = list(registers_for(request.user))
    return render(request, "documents/intake/registers.html", {"registers": registers})


@login_required
@require_GET
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    register = get_register_for_user(request.user, pk)
    entries = list(register_entries(request.user, register))
    for entry in entries:
        classify(request, entry.classification)
    context = {"register": register, "entries": entries}
    return render(request, "documents/intake/register_detail.html", context)


def _safe(row: list[object]) -> list[str]:
    """Cells as text, with formula-like ones quoted so spreadsheets do not run them."""
    cells = [str(cell) for cell in row]
    return ["'" + cell if cell[:1] in ("=", "+", "-", "@") else cell for cell in cells]


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def register_export(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The register as CSV: only the entries the user may see (same query as the page)."""
    register = get_register_for_user(request.user, pk)
    entries = register_entries(request.user, register)
    header: list[object] = [_("Number"), _("Received"), _("Sender"), _("Number and symbol")]
    header += [_("Date"), _("Abstract"), _("Urgency"), _("Classification"), _("Deadline")]
    writer = csv.writer(_Echo())
    rows: Iterator[list[object]] = (
        [
            e.number, e.received_at.date().isoformat() if e.received_at else "", e.sender_name,
            e.number_symbol, e.document_date or "", e.subject, e.get_urgency_display(),
            e.get_classification_display(), e.due_date or "",
        ]
        for e in entries.iterator()
    )  # fmt: skip
    lines = (writer.writerow(_safe(row)) for row in itertools.chain([header], rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = f"register-{register.unit.code}-{register.direction}-{register.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def intake_panel(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The panel alone, for htmx polling while text extraction is running."""
    document = _document(request, pk)
    context = panel(request, document)
    if context is None:
        raise Http404
    return render(request, "documents/panels/intake.html", {"document": document, "panel": context})


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """Files, text extraction, signature checks, registration, and the clerk's actions
    (incoming documents only: outgoing ones show their files in the drafting panel)."""
    if document.direction != Direction.INCOMING:
        return None
    files = list(document.files.select_related("parent").order_by("created_at"))
    may_register = can(request.user, "register", document)
    return {
        "files": files,
        "pending": any(f.extraction_status in ("pending", "running") for f in files),
        "may_register": may_register and document.status == Status.RECEIVED,
        "may_return": may_register and document.status in (Status.RECEIVED, Status.REGISTERED),
        "invalid_signature": any(f.signature_verdict == "invalid" for f in files),
    }


urlpatterns: list[URLPattern] = [
    path("intake/", intake_upload, name="intake_upload"),
    path("<uuid:pk>/register/", intake_register, name="intake_register"),
    path("<uuid:pk>/return/", intake_return, name="intake_return"),
    path("<uuid:pk>/intake-panel/", intake_panel, name="intake_panel"),
    path("registers/", register_list, name="registers"),
    path("registers/<int:pk>/", register_detail, name="register_detail"),
    path("registers/<int:pk>/export.csv", register_export, name="register_export"),
]
