"""The signing API: sign, countersign, timestamp, revoke, validate, look up by code, batches.

Mounted under ``/api/v1/signing``. PINs travel in the request body over TLS and are never
stored, logged or echoed; a wrong PIN is a ``wrong-pin`` problem and counts towards the lock.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from chancery.blobs import service as blobs
from chancery.core.service import Unit, User, require_scope
from chancery.lib.pagination import CursorQuery, Page, page_schema, paginate
from chancery.lib.problems import Problem, ProblemType
from chancery.signing.actions.batches import BatchItem, start_batch
from chancery.signing.actions.documents import (
    SigningRequest,
    countersign,
    revoke_document,
    sign_document,
    timestamp_document,
)
from chancery.signing.exceptions import InvalidPdf, SigningError
from chancery.signing.models import Certificate
from chancery.signing.queries.batches import get_batch_for_user
from chancery.signing.queries.documents import (
    documents_visible_to,
    get_document_for_user,
    public_record,
)
from chancery.signing.queries.pki import certificates_for
from chancery.signing.queries.validation import validate
from chancery.signing.schemas import (
    BatchOut,
    CertificateOut,
    CountersignIn,
    PublicRecordOut,
    RevokeIn,
    SignedDocumentOut,
    SignForm,
)

prefix = "/signing"
router = Router(tags=["signing"])


def _problem(exc: SigningError) -> Problem:
    return Problem(kind=ProblemType(exc.code, exc.status, exc.message), detail=exc.message)


def _read_pdf(upload: UploadedFile) -> bytes:
    if upload.size is not None and upload.size > settings.CHANCERY_UPLOAD_MAX_BYTES:
        raise Problem(413, _("The file is larger than the upload limit."))
    data: bytes = upload.read()
    return data


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _certificate(user: User, fingerprint: str) -> Certificate:
    certificate = certificates_for(user).filter(fingerprint=fingerprint.lower()).first()
    if certificate is None:
        raise Problem(404, _("You have no usable certificate with this fingerprint."))
    return certificate


def _unit_id(user: User, code: str | None) -> int:
    if code is None:
        if user.unit_id is None:
            raise Problem(422, _("Say which unit issues the document."))
        return int(user.unit_id)
    unit = Unit.objects.filter(code=code).values_list("pk", flat=True).first()
    if unit is None:
        raise Problem(422, _("Unknown unit."))
    return int(unit)


def _request_of(user: User, form: SignForm, filename: str) -> SigningRequest:
    if form.classification > user.clearance:
        raise Problem(422, _("You cannot classify a document above your own clearance."))
    return SigningRequest(
        document_type=form.document_type,
        issuer_unit_id=_unit_id(user, form.issuer_unit),
        level=form.level,
        appearance=form.appearance,
        public_title=form.public_title,
        public_number=form.public_number,
        issued_on=form.issued_on,
        classification=form.classification,
        source=form.source,
        filename=filename[:200] or "document.pdf",
        reason=form.reason,
    )


@router.get("/certificates", response=list[CertificateOut], summary="Certificates you may use")
@require_scope("read:signing")
def my_certificates(request: HttpRequest) -> Any:
    return list(certificates_for(_user(request)))


@router.get("/documents", response=page_schema(SignedDocumentOut), summary="Signed documents")
@require_scope("read:signing")
def list_documents(request: HttpRequest, page: Query[CursorQuery]) -> Page[Any]:
    documents = documents_visible_to(_user(request))
    return paginate(request, documents, ordering=("-created_at", "-id"), query=page)


@router.post(
    "/documents", response={201: SignedDocumentOut}, summary="Sign a PDF (first signature)"
)
@require_scope("write:signing")
def sign(request: HttpRequest, file: File[UploadedFile], form: Form[SignForm]) -> Any:
    user = _user(request)
    certificate = _certificate(user, form.certificate)
    try:
        document = sign_document(
            user,
            pdf=_read_pdf(file),
            certificate=certificate,
            pin=form.pin,
            request=_request_of(user, form, file.name or ""),
        )
    except SigningError as exc:
        raise _problem(exc) from None
    return Status(201, get_document_for_user(user, document.pk))


@router.get("/documents/{document_id}", response=SignedDocumentOut, summary="A signed document")
@require_scope("read:signing")
def get_document(request: HttpRequest, document_id: UUID) -> Any:
    return get_document_for_user(_user(request), document_id)


@router.get("/documents/{document_id}/file", summary="Download a signed revision (PDF)")
@require_scope("read:signing")
def download(request: HttpRequest, document_id: UUID, revision: int | None = None) -> Any:
    user = _user(request)
    document = get_document_for_user(user, document_id)
    versions = document.versions.select_related("blob").order_by("-revision")
    version = versions.filter(revision=revision).first() if revision else versions.first()
    if version is None:
        raise Problem(404)
    reader = blobs.open_blob(version.blob.address, actor=user)
    name = f"{document.verification_code}-r{version.revision}.pdf"
    return FileResponse(reader, content_type="application/pdf", filename=name)


@router.post(
    "/documents/{document_id}/countersign",
    response=SignedDocumentOut,
    summary="Add a signature (incremental update)",
)
@require_scope("write:signing")
def countersign_document(request: HttpRequest, document_id: UUID, body: CountersignIn) -> Any:
    user = _user(request)
    document = get_document_for_user(user, document_id)
    try:
        countersign(
            user,
            document,
            certificate=_certificate(user, body.certificate),
            pin=body.pin,
            level=body.level,
            appearance=body.appearance,
            reason=body.reason,
        )
    except SigningError as exc:
        raise _problem(exc) from None
    return get_document_for_user(user, document_id)


@router.post(
    "/documents/{document_id}/timestamp",
    response=SignedDocumentOut,
    summary="Add an archive timestamp (PAdES B-LTA renewal)",
)
@require_scope("write:signing")
def timestamp(request: HttpRequest, document_id: UUID) -> Any:
    user = _user(request)
    try:
        timestamp_document(user, get_document_for_user(user, document_id))
    except SigningError as exc:
        raise _problem(exc) from None
    return get_document_for_user(user, document_id)


@router.post(
    "/documents/{document_id}/revoke", response=SignedDocumentOut, summary="Revoke an issue"
)
@require_scope("write:signing")
def revoke(request: HttpRequest, document_id: UUID, body: RevokeIn) -> Any:
    user = _user(request)
    try:
        revoke_document(user, get_document_for_user(user, document_id), body.reason)
    except SigningError as exc:
        raise _problem(exc) from None
    return get_document_for_user(user, document_id)


@router.post("/validate", summary="Validate any signed PDF: a report per signature")
@require_scope("validate:signing")
def validate_file(request: HttpRequest, file: File[UploadedFile]) -> Any:
    try:
        report = validate(_read_pdf(file), actor=_user(request))
    except InvalidPdf as exc:
        raise _problem(exc) from None
    return report.to_dict()


@router.get(
    "/verify/{code}", response=PublicRecordOut, auth=None, summary="Public record of a code"
)
def verify_code(request: HttpRequest, code: str) -> Any:
    record = public_record(code)
    if record is None:
        raise Problem(404, _("No document was issued with this verification code."))
    return record


@router.post("/batches", response={202: BatchOut}, summary="Sign many PDFs with one PIN entry")
@require_scope("write:signing")
def create_batch(
    request: HttpRequest, files: File[list[UploadedFile]], form: Form[SignForm]
) -> Any:
    user = _user(request)
    certificate = _certificate(user, form.certificate)
    items = [
        BatchItem(pdf=_read_pdf(upload), request=_request_of(user, form, upload.name or ""))
        for upload in files
    ]
    try:
        batch = start_batch(
            user, certificate=certificate, pin=form.pin, items=items, level=form.level
        )
    except SigningError as exc:
        raise _problem(exc) from None
    return Status(202, batch)


@router.get("/batches/{batch_id}", response=BatchOut, summary="A batch and its items")
@require_scope("read:signing")
def get_batch(request: HttpRequest, batch_id: UUID) -> Any:
    return get_batch_for_user(_user(request), batch_id)
