"""Workspace views of records: the file plan and my unit's records, the disposition and
declassification queues, the review queue, a document's copy register, and the records
section of the document page (declare, hold, declassification request, edXML export).

Forms post to one view per action; success redirects with a message, a refusal shows the
message on the page it came from (status 400, 403 or 409). Documents the user may not see
answer 404 on every route and never appear in lists or counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.blobs import service as blobs
from chancery.core.service import Role, User, can
from chancery.documents.actions import records as actions
from chancery.documents.constants import DeclassificationStatus
from chancery.documents.edxml.exchange import export_document
from chancery.documents.exceptions import DocumentError, NotAllowed
from chancery.documents.forms import records as forms
from chancery.documents.queries import records as queries
from chancery.documents.queries.documents import get_document_for_user

if TYPE_CHECKING:
    from chancery.documents.models import Document


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _refused(request: HttpRequest, error: DocumentError, back: str) -> HttpResponse:
    messages.error(request, str(error.message))
    return render(request, "documents/records/refused.html", {"back": back}, status=error.status)


def _attempt(request: HttpRequest, back: str, act: Callable[[], object], done: str) -> HttpResponse:
    try:
        act()
    except DocumentError as error:
        return _refused(request, error, back)
    messages.success(request, done)
    return HttpResponseRedirect(back)


def _invalid(request: HttpRequest, back: str) -> HttpResponse:
    return _refused(request, DocumentError(_("Please correct the form.")), back)


def _require_archivist(request: HttpRequest) -> None:
    if not queries.is_archivist(request.user):
        raise Http404


@login_required
@require_GET
def records_home(request: HttpRequest) -> HttpResponse:
    """The file plan and the records of my unit."""
    user = _user(request)
    context = {
        "categories": queries.file_plan(),
        "records": queries.records_of_unit(user)[:200],
        "archivist": queries.is_archivist(user),
    }
    return render(request, "documents/records/home.html", context)


@login_required
@require_GET
def dispositions(request: HttpRequest) -> HttpResponse:
    """Archivists: records due, and proposed or decided dispositions."""
    _require_archivist(request)
    user = _user(request)
    due = list(queries.due_records(user)[:500])
    form = forms.ProposeForm(choices=[(str(d.pk), str(d)) for d in due])
    context = {
        "due": due,
        "form": form,
        "dispositions": queries.dispositions_visible_to(user).prefetch_related("documents")[:100],
    }
    return render(request, "documents/records/dispositions.html", context)


@login_required
@require_POST
def propose(request: HttpRequest) -> HttpResponse:
    _require_archivist(request)
    user = _user(request)
    due = {str(d.pk): d for d in queries.due_records(user)}
    form = forms.ProposeForm(request.POST, choices=[(pk, str(d)) for pk, d in due.items()])
    back = reverse("documents:records-dispositions")
    if not form.is_valid():
        return _invalid(request, back)
    chosen = [due[pk] for pk in form.cleaned_data["documents"]]
    return _attempt(
        request,
        back,
        lambda: actions.propose_disposition(
            user, chosen, action=form.cleaned_data["action"], note=form.cleaned_data["note"]
        ),
        _("Disposition proposed; another archivist must approve it."),
    )


@login_required
def disposition_detail(request: HttpRequest, pk: str) -> HttpResponse:
    """One disposition: its records; another archivist approves or rejects it (POST)."""
    user = _user(request)
    disposition = queries.get_disposition_for_user(user, pk)
    back = reverse("documents:records-disposition", kwargs={"pk": disposition.pk})
    if request.method == "POST":
        form = forms.DecideForm(request.POST)
        if not form.is_valid():
            return _invalid(request, back)
        return _attempt(
            request,
            back,
            lambda: actions.decide_disposition(
                user, disposition, approve=form.approve, note=form.cleaned_data["note"]
            ),
            _("Decision recorded."),
        )
    context = {
        "disposition": disposition,
        "documents": disposition.documents.select_related("document_type", "file_plan"),
        "form": forms.DecideForm(),
    }
    return render(request, "documents/records/disposition.html", context)


@login_required
@require_GET
def disposition_package(request: HttpRequest, pk: str) -> HttpResponse:
    """The archive package of a carried-out transfer."""
    disposition = queries.get_disposition_for_user(_user(request), pk)
    if disposition.package is None:
        raise Http404
    data = blobs.open_blob(disposition.package.address, actor=_user(request)).read()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        True, f"archive-{disposition.pk}.zip"
    )
    return response


@login_required
@require_GET
def declassification_queue(request: HttpRequest) -> HttpResponse:
    """Leaders and archivists: open declassification requests to decide."""
    user = _user(request)
    if not (queries.is_archivist(user) or user.has_role(Role.LEADER)):
        raise Http404
    context = {"requests": queries.declassification_queue(user), "form": forms.DecideForm()}
    return render(request, "documents/records/declassification.html", context)


@login_required
@require_POST
def decide_declassification(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    request_row = queries.get_declassification_for_user(user, pk)
    form = forms.DecideForm(request.POST)
    back = reverse("documents:records-declassification")
    if not form.is_valid():
        return _invalid(request, back)
    return _attempt(
        request,
        back,
        lambda: actions.decide_declassification(
            user, request_row, approve=form.approve, note=form.cleaned_data["note"]
        ),
        _("Decision recorded."),
    )


@login_required
@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """Classified documents past their protection date, to review for declassification."""
    user = _user(request)
    if not (queries.is_archivist(user) or user.has_role(Role.LEADER)):
        raise Http404
    return render(
        request, "documents/records/review.html", {"documents": queries.review_queue(user)}
    )


@login_required
@require_GET
def copies(request: HttpRequest, pk: str) -> HttpResponse:
    """The copy register of a document (holding unit's head, archivists, administrators)."""
    user = _user(request)
    document = get_document_for_user(user, pk)
    if not queries.may_read_copy_register(user, document):
        return _refused(request, NotAllowed(), _back(document))
    context = {"document": document, "entries": queries.copy_register(document)}
    return render(request, "documents/records/copies.html", context)


def _back(document: Document) -> str:
    return reverse("documents:detail", kwargs={"pk": document.pk})


@login_required
@require_POST
def declare(request: HttpRequest, pk: str) -> HttpResponse:
    user = _user(request)
    document = get_document_for_user(user, pk)
    if not can(user, "manage_records", document):
        return _refused(request, NotAllowed(), _back(document))
    form = forms.DeclareForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _back(document))
    return _attempt(
        request,
        _back(document),
        lambda: actions.declare_record(
            user,
            document,
            category=form.cleaned_data["category"],
            version=form.cleaned_data["version"],
        ),
        _("The document is now a record."),
    )


@login_required
@require_POST
def hold(request: HttpRequest, pk: str) -> HttpResponse:
    user = _user(request)
    document = get_document_for_user(user, pk)
    if not can(user, "manage_records", document):
        return _refused(request, NotAllowed(), _back(document))
    form = forms.HoldForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _back(document))
    data = form.cleaned_data
    return _attempt(
        request,
        _back(document),
        lambda: actions.set_legal_hold(
            user, document, hold=data["hold"], reason=data["reason"], version=data["version"]
        ),
        _("Legal hold updated."),
    )


@login_required
@require_POST
def request_declassification(request: HttpRequest, pk: str) -> HttpResponse:
    user = _user(request)
    document = get_document_for_user(user, pk)
    form = forms.DeclassifyForm(request.POST, current=document.classification)
    if not form.is_valid():
        return _invalid(request, _back(document))
    data = form.cleaned_data
    return _attempt(
        request,
        _back(document),
        lambda: actions.request_declassification(
            user, document, to_level=data["to_level"], reason=data["reason"]
        ),
        _("Declassification requested; a leader or archivist will decide."),
    )


@login_required
@require_POST
def edxml_export(request: HttpRequest, pk: str) -> HttpResponse:
    """Download the edXML envelope of an issued document."""
    user = _user(request)
    document = get_document_for_user(user, pk)
    form = forms.ExportForm(request.POST)
    if not form.is_valid():
        return _invalid(request, _back(document))
    try:
        data = export_document(user, document, to=form.codes())
    except DocumentError as error:
        return _refused(request, error, _back(document))
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = content_disposition_header(True, f"{document.pk}.edxml")
    return response


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """The records section of the document page."""
    user = _user(request)
    archivist = can(user, "manage_records", document)
    return {
        "archivist": archivist,
        "declare_form": forms.DeclareForm(initial={"version": document.version})
        if archivist and not document.is_record
        else None,
        "hold_form": forms.HoldForm(
            initial={"version": document.version, "hold": "0" if document.legal_hold else "1"}
        )
        if archivist
        else None,
        "declassify_form": forms.DeclassifyForm(current=document.classification)
        if document.is_classified and actions.may_request_declassification(user, document)
        else None,
        "open_declassification": document.declassifications.filter(
            status=DeclassificationStatus.REQUESTED
        ).first(),
        "copies_url": reverse("documents:records-copies", kwargs={"pk": document.pk})
        if queries.may_read_copy_register(user, document)
        else None,
        "export_form": forms.ExportForm()
        if document.status == "issued" and not document.is_classified
        else None,
    }


urlpatterns: list[URLPattern] = [
    path("records/", records_home, name="records"),
    path("records/dispositions/", dispositions, name="records-dispositions"),
    path("records/dispositions/propose/", propose, name="records-propose"),
    path("records/dispositions/<uuid:pk>/", disposition_detail, name="records-disposition"),
    path(
        "records/dispositions/<uuid:pk>/package/",
        disposition_package,
        name="records-package",
    ),
    path("records/declassification/", declassification_queue, name="records-declassification"),
    path(
        "records/declassification/<int:pk>/decide/",
        decide_declassification,
        name="records-declassification-decide",
    ),
    path("records/review/", review, name="records-review"),
    path("<uuid:pk>/records/declare/", declare, name="records-declare"),
    path("<uuid:pk>/records/hold/", hold, name="records-hold"),
    path(
        "<uuid:pk>/records/declassify/",
        request_declassification,
        name="records-request-declassification",
    ),
    path("<uuid:pk>/copies/", copies, name="records-copies"),
    path("<uuid:pk>/edxml/", edxml_export, name="records-edxml-export"),
]
