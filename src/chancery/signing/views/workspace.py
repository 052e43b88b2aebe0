"""The staff signing workspace: overview, signing a PDF, validating any PDF.

Staff pages need a full sign-in with MFA (``core.middleware``); each view also says
``login_required`` so that it stays closed if it is ever mounted under a public prefix.
Signing runs outside any transaction (``ATOMIC_REQUESTS`` is off): a wrong PIN must be counted
even though the request fails.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chancery.blobs import service as blobs
from chancery.signing.actions.documents import SigningRequest, sign_document
from chancery.signing.exceptions import (
    CertificateNotUsable,
    InvalidPdf,
    KeyLocked,
    NotAllowedToSign,
    SigningError,
    WrongPin,
)
from chancery.signing.forms import SignForm, ValidateForm, document_type_suggestions, read_upload
from chancery.signing.queries.documents import documents_visible_to
from chancery.signing.queries.pki import certificates_for
from chancery.signing.queries.validation import validate

if TYPE_CHECKING:
    from django import forms

    from chancery.core.service import User

RECENT_DOCUMENTS = 10


# What signing refuses with a message for the person: its own errors, and the blob store's
# refusal of the signed file (too large, or classified on the internet profile).
Refusal = (SigningError, blobs.UploadRefused)


def refusal_on_form(form: forms.BaseForm, refusal: SigningError | blobs.UploadRefused) -> None:
    """Show an action's refusal next to the field it concerns (the PIN, the file...)."""
    field: str | None = None
    if isinstance(refusal, blobs.UploadRefused):
        form.add_error(None, str(refusal))
        return
    if isinstance(refusal, WrongPin | KeyLocked):
        field = "pin"
    elif isinstance(refusal, InvalidPdf):
        field = "file" if "file" in form.fields else None
    elif isinstance(refusal, NotAllowedToSign | CertificateNotUsable):
        field = "certificate"
    form.add_error(field if field in form.fields else None, str(refusal.message))


def posted(request: HttpRequest) -> tuple[Any, Any]:
    """Data and files to bind a form to: a POST's, else none (an unbound form)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@login_required
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    """My certificates and the signed documents I can see, newest first."""
    user: User = request.user  # type: ignore[assignment]
    documents = list(documents_visible_to(user)[:RECENT_DOCUMENTS])
    return render(
        request,
        "signing/overview.html",
        {"certificates": list(certificates_for(user)), "documents": documents},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest) -> HttpResponse:
    """Upload a PDF and sign it with one of my certificates; then go to its page."""
    user: User = request.user  # type: ignore[assignment]
    form = SignForm(user, *posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        signing_request = SigningRequest(
            document_type=data["document_type"],
            issuer_unit_id=data["issuer_unit"],
            level=data["level"],
            public_title=data["public_title"],
            public_number=data["public_number"],
            classification=data["classification"],
            filename=upload.name or "document.pdf",
        )
        try:
            document = sign_document(
                user,
                pdf=read_upload(upload),
                certificate=data["certificate"],
                pin=data["pin"],
                request=signing_request,
            )
        except Refusal as refusal:
            refusal_on_form(form, refusal)
        else:
            messages.success(
                request,
                _("The document is signed. Its verification code is %(code)s.")
                % {"code": document.verification_code},
            )
            return HttpResponseRedirect(reverse("signing_ui:document", args=[document.pk]))
    return render(
        request,
        "signing/sign.html",
        {"form": form, "document_types": document_type_suggestions()},
        status=400 if form.is_bound else 200,
    )


def report_json_url(report_dict: dict[str, Any]) -> str:
    """The report as a ``data:`` URL: downloadable without storing the upload or its report."""
    payload = json.dumps(report_dict, ensure_ascii=False, indent=2).encode()
    return "data:application/json;base64," + base64.b64encode(payload).decode()


@login_required
@require_http_methods(["GET", "POST"])
def validate_upload(request: HttpRequest) -> HttpResponse:
    """Validate any PDF and show everything validation found; nothing is stored."""
    user: User = request.user  # type: ignore[assignment]
    form = ValidateForm(*posted(request))
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = validate(read_upload(upload), actor=user, purpose="validate")
        except InvalidPdf as refusal:
            form.add_error("file", str(refusal.message))
        else:
            context.update(
                report=report,
                filename=upload.name,
                json_url=report_json_url(report.to_dict()),
                form=ValidateForm(),
            )
            return render(request, "signing/validate.html", context)
    return render(request, "signing/validate.html", context, status=400 if form.is_bound else 200)
