"""The applicant's pages for filing a dossier: apply, fill the draft, upload, review, submit.

Views parse the request, call one action, render. Every page works without JavaScript: file
uploads are ordinary multipart posts, one slot at a time, and each saves the answers typed so
far, so nothing typed is lost if an upload is refused or the connection drops.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.eservices import queries
from chancery.eservices.applicants.session import applicant_required, current_applicant
from chancery.eservices.constants import State
from chancery.eservices.exceptions import EservicesError, InvalidSubmission, NotAllowed
from chancery.eservices.models import Applicant, Dossier
from chancery.eservices.public import render_public
from chancery.eservices.submission import actions
from chancery.eservices.submission.common import EDITABLE_STATES
from chancery.eservices.submission.filing import validate
from chancery.eservices.submission.forms import ApplyForm

T = "eservices/submission/"


def own(applicant: Applicant, pk: int) -> Dossier:
    """The applicant's dossier or 404 (another's dossier does not exist for them)."""
    try:
        return queries.get_dossier_for_applicant(applicant, pk)
    except NotAllowed:
        raise Http404 from None


def _applicant(request: HttpRequest) -> Applicant:
    applicant: Applicant = request.applicant  # type: ignore[attr-defined]
    return applicant


@applicant_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose where (headquarters or a mission) and how to apply; creates the draft."""
    from chancery.eservices.catalogue import queries as catalogue

    procedure = catalogue.get_procedure(slug)
    version = catalogue.current_version(procedure)
    if version is None:
        raise Http404
    units = catalogue.agencies_for(version)
    form = ApplyForm(request.POST or None, version=version, units=units)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            dossier = actions.start_draft(
                _applicant(request),
                version,
                unit=form.units[form.cleaned_data["unit"]],
                channel=form.cleaned_data["channel"],
                delivery=form.cleaned_data["delivery"],
                postal_address=form.cleaned_data["postal_address"],
            )
        except EservicesError as exc:
            problem = str(exc.message)
        else:
            return HttpResponseRedirect(reverse("services:draft", kwargs={"pk": dossier.pk}))
    context = {"procedure": procedure, "version": version, "form": form, "problem": problem}
    status = 422 if request.method == "POST" else 200
    return render_public(request, T + "apply.html", context, status=status)


def _draft_page(
    request: HttpRequest, dossier: Dossier, errors: dict[str, list[str]], status: int = 200
) -> HttpResponse:
    files: dict[str, list[Any]] = {}
    for stored in dossier.files.filter(superseded=False).order_by("uploaded_at"):
        files.setdefault(stored.component, []).append(stored)
    context = {
        "dossier": dossier,
        "form_schema": dossier.version.form_schema,
        "answers": dossier.form_data,
        "errors": errors,
        "files": files,
        "all_files": [f for group in files.values() for f in group],
        "upload_url": reverse("services:draft_upload", kwargs={"pk": dossier.pk}),
    }
    return render_public(request, T + "draft.html", context, status=status)


def _attach_chosen(
    request: HttpRequest, dossier: Dossier, only: str | None = None
) -> dict[str, list[str]]:
    """Attach the files chosen in the form's file inputs (one slot if ``only``)."""
    from chancery.eservices.forms import engine

    problems: dict[str, list[str]] = {}
    for slot in engine.file_slots(dossier.version.form_schema, dossier.form_data):
        if only is not None and slot.name != only:
            continue
        for upload in request.FILES.getlist(slot.name):
            try:
                actions.attach_file(_applicant(request), dossier.pk, slot.component, upload)
            except EservicesError as exc:
                message = _("%(file)s: %(reason)s") % {"file": upload.name, "reason": exc.message}
                problems.setdefault(slot.name, []).append(message)
    return problems


@applicant_required
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The form of the applicant's draft (or of a dossier sent back for a supplement)."""
    applicant = _applicant(request)
    dossier = own(applicant, pk)
    if dossier.state not in EDITABLE_STATES:
        return HttpResponseRedirect(reverse("services:dossier", kwargs={"pk": pk}))
    if request.method == "GET":
        return _draft_page(request, dossier, {})
    try:
        errors = actions.save_answers(applicant, pk, request.POST)
    except EservicesError as exc:  # sent or closed meanwhile (another tab)
        messages.error(request, str(exc.message))
        return HttpResponseRedirect(reverse("services:dossier", kwargs={"pk": pk}))
    dossier.refresh_from_db()
    for name, problems in _attach_chosen(request, dossier).items():
        errors.setdefault(name, []).extend(problems)
    if "later" in request.POST:
        actions.send_resume_link(applicant, pk)
        messages.success(
            request,
            _("Your answers are saved. We e-mailed you a link to come back to this dossier."),
        )
        return HttpResponseRedirect(reverse("services:my_dossiers"))
    if errors:
        return _draft_page(request, dossier, errors, status=422)
    target = "services:submit" if dossier.state == State.DRAFT else "services:dossier"
    return HttpResponseRedirect(reverse(target, kwargs={"pk": pk}))


@applicant_required
@require_POST
def draft_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the files of one slot (the button's ``upload`` value), saving the answers too."""
    applicant = _applicant(request)
    dossier = own(applicant, pk)
    if dossier.state not in EDITABLE_STATES:
        return HttpResponseRedirect(reverse("services:dossier", kwargs={"pk": pk}))
    try:
        actions.save_answers(applicant, pk, request.POST)
    except EservicesError as exc:  # sent or closed meanwhile (another tab)
        messages.error(request, str(exc.message))
        return HttpResponseRedirect(reverse("services:dossier", kwargs={"pk": pk}))
    dossier.refresh_from_db()
    slot = str(request.POST.get("upload", ""))
    if not request.FILES.getlist(slot):
        return _draft_page(request, dossier, {slot: [_("Choose a file first.")]}, status=422)
    problems = _attach_chosen(request, dossier, only=slot)
    if problems:
        return _draft_page(request, dossier, problems, status=422)
    messages.success(request, _("Your file was added."))
    return HttpResponseRedirect(reverse("services:draft", kwargs={"pk": pk}) + f"#group-{slot}")


@applicant_required
@require_POST
def draft_remove_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """Remove one file from the draft (an earlier round's file is kept, marked replaced)."""
    applicant = _applicant(request)
    try:
        actions.remove_file(applicant, pk, file_pk)
    except NotAllowed:
        raise Http404 from None
    except EservicesError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The file was removed."))
    return HttpResponseRedirect(reverse("services:draft", kwargs={"pk": pk}))


@applicant_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Review and send the draft; once sent, the confirmation with code and return date."""
    from chancery.eservices.forms import engine

    applicant = _applicant(request)
    dossier = own(applicant, pk)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        try:
            filed = actions.submit(
                applicant, pk, idempotency_key=str(request.POST.get("idempotency_key", ""))
            )
        except InvalidSubmission as exc:
            errors, status = exc.errors, 422
        except EservicesError as exc:
            errors, status = {"": [str(exc.message)]}, exc.status
        else:
            return HttpResponseRedirect(reverse("services:submit", kwargs={"pk": filed.pk}))
    if dossier.state != State.DRAFT:
        return render_public(request, T + "confirmation.html", {"dossier": dossier})
    if not errors:
        try:
            validate(dossier)
        except InvalidSubmission as exc:
            errors = exc.errors
    context = {
        "dossier": dossier,
        "summary": engine.summary(dossier.version.form_schema, dossier.form_data),
        "files": dossier.files.filter(superseded=False).order_by("component", "uploaded_at"),
        "problems": [m for messages_ in errors.values() for m in messages_],
        "idempotency_key": uuid.uuid4().hex,
        "fee": dossier.version.channel(dossier.channel) or {},
    }
    return render_public(request, T + "review.html", context, status=status)


@applicant_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF receipt of a filed dossier (code, QR code, return date)."""
    from chancery.eservices.forms.receipt import render_receipt

    dossier = own(_applicant(request), pk)
    if dossier.state == State.DRAFT:
        raise Http404
    response = HttpResponse(render_receipt(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{dossier.code}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """Back to a draft from the e-mailed link. GET asks to continue (mail scanners that open
    links do not use it up); POST uses the link, then the applicant signs in if needed."""
    if request.method == "GET":
        return render_public(request, T + "resume.html", {"token": token})
    signed_in = current_applicant(request)
    try:
        dossier = actions.resume(token, signed_in=signed_in)
    except EservicesError as exc:
        context = {"token": token, "problem": str(exc.message)}
        return render_public(request, T + "resume.html", context, status=exc.status)
    target = reverse("services:draft", kwargs={"pk": dossier.pk})
    if signed_in is None:
        return HttpResponseRedirect(reverse("services:signin") + "?next=" + target)
    return HttpResponseRedirect(target)
