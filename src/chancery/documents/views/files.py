"""Downloading a document's file.

Unclassified files stream as stored. A file of a classified document is a numbered copy: each
request writes the next entry of the document's copy register (with its audit entry), and a
PDF is served as a new watermarked derivative naming the reader, the time and the copy
number; the stored original is never altered.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chancery.blobs import service as blobs
from chancery.documents.actions.copies import register_copy
from chancery.documents.constants import CopyAction
from chancery.documents.models import CopyRecord, Document, DocumentFile
from chancery.documents.queries.documents import get_file_for_user
from chancery.signing import service as signing


def watermark_text(user: object, entry: CopyRecord) -> str:
    """What is printed across every page of a numbered copy."""
    name = getattr(user, "full_name", "") or getattr(user, "username", "")
    when = date_format(timezone.localtime(entry.created_at), "SHORT_DATETIME_FORMAT")
    return _("%(name)s · %(when)s · copy no. %(number)s") % {
        "name": name,
        "when": when,
        "number": entry.copy_number,
    }


def numbered_copy(
    request: HttpRequest, document: Document, document_file: DocumentFile, action: str
) -> tuple[bytes, CopyRecord]:
    """Register the copy and make its content (watermarked if a PDF), atomically: a copy that
    cannot be made takes no number."""
    with transaction.atomic():
        entry = register_copy(request.user, document, action, file=document_file)  # type: ignore[arg-type]
        with blobs.open_blob(document_file.blob.address, actor=request.user) as reader:  # type: ignore[arg-type]
            data = reader.read()
        if document_file.content_type == "application/pdf":
            data = signing.watermarked_copy(data, watermark=watermark_text(request.user, entry))
    return data, entry


@login_required
@require_GET
def file_download(request: HttpRequest, pk: str, file_pk: str) -> HttpResponseBase:
    document_file = get_file_for_user(request.user, pk, file_pk)
    document = document_file.document
    inline = request.GET.get("view") == "1"
    if not document.is_classified:
        reader = blobs.open_blob(document_file.blob.address, actor=request.user)  # type: ignore[arg-type]
        return FileResponse(
            reader,
            as_attachment=not inline,
            filename=document_file.filename,
            content_type=document_file.content_type,
        )
    action = CopyAction.VIEW if inline else CopyAction.DOWNLOAD
    data, entry = numbered_copy(request, document, document_file, action)
    response = HttpResponse(data, content_type=document_file.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(not inline, document_file.filename) or "attachment"
    )
    response["Cache-Control"] = "no-store"
    response["X-Copy-Number"] = str(entry.copy_number)
    return response


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/files/<uuid:file_pk>/", file_download, name="file"),
]
