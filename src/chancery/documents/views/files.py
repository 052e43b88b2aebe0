"""Downloading a document's file (the records area adds the banner, watermark and copy
register of classified documents)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from chancery.blobs import service as blobs
from chancery.documents.queries.documents import get_file_for_user


@login_required
@require_GET
def file_download(request: HttpRequest, pk: str, file_pk: str) -> FileResponse:
    document_file = get_file_for_user(request.user, pk, file_pk)
    reader = blobs.open_blob(document_file.blob.address, actor=request.user)  # type: ignore[arg-type]
    return FileResponse(
        reader,
        as_attachment=True,
        filename=document_file.filename,
        content_type=document_file.content_type,
    )


urlpatterns: list[URLPattern] = [
    path("<uuid:pk>/files/<uuid:file_pk>/", file_download, name="file"),
]
