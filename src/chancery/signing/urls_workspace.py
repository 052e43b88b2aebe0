"""The staff signing workspace, mounted at ``/signing/``."""

from __future__ import annotations

from django.urls import path

from chancery.signing.views import batches, documents, workspace

app_name = "signing_ui"

urlpatterns = [
    path("", workspace.overview, name="overview"),
    path("sign/", workspace.sign, name="sign"),
    path("validate/", workspace.validate_upload, name="validate"),
    path("documents/<uuid:pk>/", documents.document_detail, name="document"),
    path(
        "documents/<uuid:pk>/revisions/<int:revision>/",
        documents.revision_download,
        name="revision",
    ),
    path("documents/<uuid:pk>/view/", documents.view_copy_download, name="view-copy"),
    path("documents/<uuid:pk>/countersign/", documents.document_countersign, name="countersign"),
    path("documents/<uuid:pk>/timestamp/", documents.document_timestamp, name="timestamp"),
    path("documents/<uuid:pk>/revoke/", documents.document_revoke, name="revoke"),
    path("batches/new/", batches.batch_new, name="batch-new"),
    path("batches/<uuid:pk>/", batches.batch_detail, name="batch"),
]
