"""A signed document in the workspace: details, revisions, and what the user may do to it.

Every view reads the document through ``get_document_for_user`` (404 for anyone who may not
see it) and raises the page's classification to the document's. Forms appear only for what
``can`` allows; the actions check again.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.blobs import service as blobs
from chancery.core.service import can, classify
from chancery.signing.actions.documents import countersign, revoke_document, timestamp_document
from chancery.signing.exceptions import SigningError
from chancery.signing.forms import CountersignForm, RevokeForm
from chancery.signing.models import SignedDocument, SignedVersion
from chancery.signing.pdf.derivatives import view_copy
from chancery.signing.queries.documents import get_document_for_user
from chancery.signing.queries.pki import certificates_for
from chancery.signing.views.qr import qr_svg
from chancery.signing.views.workspace import Refusal, refusal_on_form

if TYPE_CHECKING:
    from chancery.core.service import User


def _document(request: HttpRequest, pk: uuid.UUID) -> SignedDocument:
    document = get_document_for_user(request.user, pk)  # type: ignore[arg-type]
    classify(request, document.classification)
    return document


def public_url(code: str) -> str:
    """The address printed (as a QR code) on the document."""
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + reverse("verify:code", args=[code])


def _render(
    request: HttpRequest, document: SignedDocument, status: int = 200, **forms: Any
) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    may = {action: can(user, action, document) for action in ("countersign", "timestamp", "revoke")}
    countersign_form = forms.get("countersign_form") or CountersignForm(user)
    if may["countersign"] and not certificates_for(user).exists():
        may["countersign"] = False
    url = public_url(document.verification_code)
    context = {
        "document": document,
        "versions": list(document.versions.order_by("revision")),
        "signatures": list(document.signatures.all()),
        "may": may,
        "countersign_form": countersign_form,
        "revoke_form": forms.get("revoke_form") or RevokeForm(),
        "public_url": url,
        "qr": qr_svg(url, _("QR code of the verification page")),
    }
    return render(request, "signing/document.html", context, status=status)


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _render(request, _document(request, pk))


@login_required
@require_GET
def revision_download(request: HttpRequest, pk: uuid.UUID, revision: int) -> FileResponse:
    """One revision's PDF, streamed; reading a classified one is audited by ``blobs``."""
    document = _document(request, pk)
    version = (
        SignedVersion.objects.filter(document=document, revision=revision)
        .select_related("blob")
        .first()
    )
    if version is None:
        raise Http404
    try:
        reader = blobs.open_blob(version.blob.address, actor=request.user)  # type: ignore[arg-type]
    except blobs.BlobNotFound as exc:
        raise Http404 from exc
    stem = (document.filename or "document.pdf").removesuffix(".pdf")
    return FileResponse(
        reader,
        as_attachment=True,
        filename=f"{stem}-r{revision}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
def view_copy_download(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """A watermarked, unsigned copy of the latest revision for reading on screen.

    Made on the fly from the stored original, which is never touched; the watermark names
    the reader, so a leaked copy says whose it was.
    """
    document = _document(request, pk)
    version = document.versions.order_by("-revision").select_related("blob").first()
    if version is None:
        raise Http404
    try:
        with blobs.open_blob(version.blob.address, actor=request.user) as reader:  # type: ignore[arg-type]
            original = reader.read()
    except blobs.BlobNotFound as exc:
        raise Http404 from exc
    watermark = _("VIEWING COPY · %(code)s · %(reader)s") % {
        "code": document.verification_code,
        "reader": request.user.get_username(),
    }
    response = HttpResponse(
        view_copy(original, watermark=watermark), content_type="application/pdf"
    )
    stem = (document.filename or "document.pdf").removesuffix(".pdf")
    response["Content-Disposition"] = f'inline; filename="{stem}-view.pdf"'
    return response


@login_required
@require_POST
def document_countersign(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    document = _document(request, pk)
    form = CountersignForm(user, request.POST)
    if form.is_valid():
        try:
            countersign(
                user,
                document,
                certificate=form.cleaned_data["certificate"],
                pin=form.cleaned_data["pin"],
                level=form.cleaned_data["level"],
            )
        except Refusal as refusal:
            refusal_on_form(form, refusal)
        else:
            messages.success(request, _("Your signature was added to the document."))
            return HttpResponseRedirect(reverse("signing_ui:document", args=[document.pk]))
    return _render(request, document, status=400, countersign_form=form)


@login_required
@require_POST
def document_timestamp(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    document = _document(request, pk)
    try:
        timestamp_document(user, document)
    except Refusal as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("An archive timestamp was added to the document."))
    return HttpResponseRedirect(reverse("signing_ui:document", args=[document.pk]))


@login_required
@require_POST
def document_revoke(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    document = _document(request, pk)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            revoke_document(user, document, form.cleaned_data["reason"])
        except SigningError as refusal:
            form.add_error(None, str(refusal.message))
        else:
            messages.success(
                request, _("The document is revoked; its verification page now says so.")
            )
            return HttpResponseRedirect(reverse("signing_ui:document", args=[document.pk]))
    return _render(request, document, status=400, revoke_form=form)
