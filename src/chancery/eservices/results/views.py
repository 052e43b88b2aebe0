"""Pages of the results area: issuing (staff), the applicant's download, the public register.

The public register answers only an exact certificate number. Numbers are sequential, so
they can be guessed; that is acceptable because an entry holds nothing personal (number, date,
signer and title, procedure, issuing unit, kind of paper, status: what the paper itself shows
to whoever holds it), and lookups are rate limited per client address so that the register
cannot be walked to count the ministry's work day by day.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chancery.core.service import User
from chancery.eservices.applicants.session import applicant_required
from chancery.eservices.exceptions import EservicesError, NotAllowed
from chancery.eservices.models import IssuedCertificate
from chancery.eservices.public import render_public
from chancery.eservices.queries import get_dossier_for_staff
from chancery.eservices.results import actions
from chancery.eservices.results.forms import (
    CertificateSearchForm,
    IssueResultForm,
    PostingForm,
    RevokeForm,
)
from chancery.eservices.results.preview import preview_result
from chancery.eservices.results.queries import (
    certificate_by_number,
    read_result,
    result_for_applicant,
)
from chancery.lib.throttle import within_limit

LOOKUPS_PER_WINDOW = 30
WINDOW_SECONDS = 600


def lookup_allowed(request: HttpRequest) -> bool:
    """Count one register lookup from the caller's address; ``False`` once over the limit
    (a fixed window in Django's cache, as the public verification page does)."""
    return within_limit(
        "certificate-lookup", request, limit=LOOKUPS_PER_WINDOW, seconds=WINDOW_SECONDS
    )


def _pdf(data: bytes, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def issue_result(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview the result, choose a certificate, enter the PIN, issue."""
    user = _staff(request)
    try:
        dossier = get_dossier_for_staff(user, pk)
    except NotAllowed:
        raise Http404 from None
    form = IssueResultForm(user, request.POST or None, initial={"revision": dossier.revision})
    if request.method == "POST" and form.is_valid():
        try:
            actions.issue_result(
                user,
                pk,
                certificate_id=form.cleaned_data["certificate"].pk,
                pin=form.cleaned_data["pin"],
                revision=form.cleaned_data["revision"],
            )
        except NotAllowed:
            raise Http404 from None
        except EservicesError as exc:
            form.add_error("pin" if exc.code == "signing-failed" else None, str(exc.message))
        else:
            messages.success(request, _("The result was signed and issued."))
            return HttpResponseRedirect(reverse("eservices:issue_result", args=[pk]))
    context = {
        "dossier": dossier,
        "form": form,
        "may_sign": actions.may_sign(user, dossier),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "eservices/results/issue.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def result_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The result as it would be issued (number not yet allocated), or the issued one."""
    user = _staff(request)
    try:
        dossier = get_dossier_for_staff(user, pk)
        if dossier.result_document_id is not None:
            issued = read_result(dossier, actor=user)
            return _pdf(issued.data, issued.filename, inline=True)
        return _pdf(preview_result(user, dossier), f"preview-{dossier.code}.pdf", inline=True)
    except NotAllowed:
        raise Http404 from None


@login_required
@require_POST
def record_posting(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    try:
        get_dossier_for_staff(user, pk)
    except NotAllowed:
        raise Http404 from None
    form = PostingForm(request.POST)
    if form.is_valid():
        try:
            actions.record_posting(
                user,
                pk,
                tracking_number=form.cleaned_data["tracking_number"],
                revision=form.cleaned_data["revision"],
            )
            messages.success(request, _("The posting was recorded."))
        except NotAllowed:
            raise Http404 from None
        except EservicesError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Enter the postal tracking number."))
    return HttpResponseRedirect(reverse("eservices:issue_result", args=[pk]))


@login_required
@require_POST
def revoke_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        certificate = actions.revoke_certificate(user, pk, reason)
    except NotAllowed:
        raise Http404 from None
    except EservicesError as exc:
        messages.error(request, str(exc.message))
        # The action has checked that the user sees the certificate's dossier.
        dossier_id = IssuedCertificate.objects.values_list("dossier_id", flat=True).get(pk=pk)
        return HttpResponseRedirect(reverse("eservices:issue_result", args=[dossier_id]))
    messages.success(request, _("The certificate was revoked."))
    return HttpResponseRedirect(reverse("eservices:issue_result", args=[certificate.dossier_id]))


@applicant_required
@require_http_methods(["GET"])
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant downloads the signed result of their own dossier, once issued."""
    try:
        issued = result_for_applicant(request.applicant, pk)  # type: ignore[attr-defined]
    except NotAllowed:
        raise Http404 from None
    return _pdf(issued.data, issued.filename, inline=False)


@require_http_methods(["GET"])
def certificates(request: HttpRequest) -> HttpResponse:
    """The public register: search by exact certificate number."""
    if "number" not in request.GET:
        return render_public(
            request, "eservices/results/certificates.html", {"form": CertificateSearchForm()}
        )
    form = CertificateSearchForm(request.GET)
    status = 200
    if not lookup_allowed(request):
        form.add_error(None, _("Too many searches from your connection. Try again later."))
        status = 429
    elif form.is_valid():
        found = certificate_by_number(form.cleaned_data["number"])
        if found is not None:
            return HttpResponseRedirect(reverse("services:certificate", args=[found.number]))
        form.add_error("number", _("No certificate was issued with this number."))
        status = 404
    context = {"form": form}
    return render_public(request, "eservices/results/certificates.html", context, status=status)


@require_http_methods(["GET"])
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    """One certificate's public entry (the QR code on the result points here)."""
    if not lookup_allowed(request):
        context = {"form": CertificateSearchForm(), "limited": True}
        return render_public(request, "eservices/results/certificates.html", context, status=429)
    found = certificate_by_number(number)
    if found is None:
        raise Http404
    context = {"certificate": found}
    return render_public(request, "eservices/results/certificate.html", context)
