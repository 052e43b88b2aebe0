"""Batch signing in the workspace: many PDFs (or countersignatures), one PIN, a background job.

The PIN is checked before anything is queued, so a wrong one is reported on the form. The
batch page shows the job's progress with core's progress partial (htmx polling; without
JavaScript the page refreshes itself) and each item's outcome.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from chancery.core.service import JobWatch, job_progress_for
from chancery.signing.actions.batches import BatchItem, start_batch
from chancery.signing.actions.documents import SigningRequest
from chancery.signing.forms import BatchForm, document_type_suggestions, read_upload
from chancery.signing.models import BatchStatus
from chancery.signing.queries.batches import (
    batch_items,
    countersignable_documents,
    get_batch_for_user,
)
from chancery.signing.views.workspace import Refusal, posted, refusal_on_form

if TYPE_CHECKING:
    from typing import Any

    from chancery.core.service import User


def _items(form: BatchForm) -> list[BatchItem]:
    data = form.cleaned_data
    documents = list(data.get("documents") or [])
    if documents:
        return [BatchItem(document=document) for document in documents]
    return [
        BatchItem(
            pdf=read_upload(upload),
            request=SigningRequest(
                document_type=data["document_type"],
                issuer_unit_id=data["issuer_unit"],
                level=data["level"],
                classification=data["classification"],
                filename=upload.name or "document.pdf",
            ),
        )
        for upload in data["pdfs"]
    ]


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    """Choose the PDFs or documents, the certificate and level, type the PIN once."""
    user: User = request.user  # type: ignore[assignment]
    form = BatchForm(user, countersignable_documents(user), *posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            batch = start_batch(
                user,
                certificate=form.cleaned_data["certificate"],
                pin=form.cleaned_data["pin"],
                items=_items(form),
                level=form.cleaned_data["level"],
            )
        except Refusal as refusal:
            refusal_on_form(form, refusal)
        else:
            return HttpResponseRedirect(reverse("signing_ui:batch", args=[batch.pk]))
    return render(
        request,
        "signing/batch_new.html",
        {"form": form, "document_types": document_type_suggestions()},
        status=400 if form.is_bound else 200,
    )


def _watch(user: User, job_id: int | None) -> JobWatch | None:
    if job_id is None:
        return None
    try:
        return job_progress_for(user, job_id)
    except Http404:  # progress pruned with the job long ago: the items still tell
        return None


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The batch's progress and, per item, the signed document or why it was not signed."""
    user: User = request.user  # type: ignore[assignment]
    batch = get_batch_for_user(user, pk)
    finished = batch.status in (BatchStatus.DONE, BatchStatus.FAILED)
    context: dict[str, Any] = {
        "batch": batch,
        "items": list(batch_items(batch)),
        "finished": finished,
        "watch": _watch(user, batch.job_id),
    }
    return render(request, "signing/batch.html", context)
