"""Who may reach each route: the table the authorization matrix test checks.

Every named route of the URLconf must be listed here (the admin site is covered as a group).
When you add a route, add a line: the test fails on any route it does not know.

``access`` is one of:
- ``PUBLIC``: anyone, signed in or not (sign-in steps, health checks, the language switch);
- ``STAFF``: any signed-in member of staff;
- a tuple of roles: staff holding one of them (or acting for someone who does);
- ``ADMIN_SITE``: Django's admin site, for ``is_staff`` accounts with the admin role;
- ``NOT_A_PAGE``: a name kept for reversing only, which answers 401 or 404 to everyone.

``sample`` builds the URL's kwargs (and any object they point to) for the user making the
request, so an "own object" route is tried on the user's own object: denial then means the
route itself refused them, not that the object was somebody else's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from chancery.core.constants import Role
from chancery.eservices.tests import factories_handling as _h

PUBLIC = "public"
STAFF = "staff"
ADMIN_SITE = "admin-site"
# A name that exists only to be reversed (Ninja's API root): everyone gets 401 or 404.
NOT_A_PAGE = "not-a-page"
ADMIN = (Role.ADMIN.value,)
# Staff who handle e-service dossiers (of their own unit; leaders: all).
ESERVICES_HANDLERS = tuple(
    r.value
    for r in (Role.CONSULAR_OFFICER, Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER)
)
# The national-portal sync overview: leaders and administrators (all), unit heads (own unit).
ESERVICES_OVERSEERS = (Role.LEADER.value, Role.ADMIN.value, Role.UNIT_HEAD.value)

# The portal's CMS.
PORTAL_EDITORS = (Role.EDITOR.value, Role.ADMIN.value)
PORTAL_QUESTION_HANDLERS = tuple(
    r.value
    for r in (
        Role.CLERK,
        Role.SPECIALIST,
        Role.CONSULAR_OFFICER,
        Role.UNIT_HEAD,
        Role.LEADER,
        Role.ADMIN,
    )
)
PORTAL_QUESTION_READERS = (*PORTAL_QUESTION_HANDLERS, Role.EDITOR.value)

Sample = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    access: str | tuple[str, ...]
    sample: Sample | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    note: str = ""


# Sample objects -----------------------------------------------------------------------------


def _portal_page(user: Any) -> dict[str, Any]:
    from chancery.portal.site import ensure_site

    ensure_site()
    return {"_args": ("",)}


def _media_file(user: Any) -> dict[str, Any]:
    from django.conf import settings

    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "authz-sample.txt").write_text("sample")
    return {"path": "authz-sample.txt"}


def _portal_document(user: Any) -> dict[str, Any]:
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from chancery.portal.site import ensure_site

    ensure_site()
    document = Document.objects.create(
        title="Sample", file=ContentFile(b"%PDF-1.4 sample", name="sample.pdf")
    )
    return {"_args": (document.pk, document.filename)}


def _portal_advisory(user: Any) -> dict[str, Any]:
    """A live travel advisory of Japan (its feed answers 200)."""
    from chancery.portal.models import AdvisoryPage
    from chancery.portal.site import ensure_site
    from chancery.portal.tests.factories import advisory

    ensure_site()
    if not AdvisoryPage.objects.live().filter(country_code="JP").exists():
        advisory("JP")
    return {"country_code": "JP"}


def _page_restriction(user: Any) -> dict[str, Any]:
    from wagtail.models import PageViewRestriction

    from chancery.portal.site import ensure_site

    home = ensure_site()
    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type=PageViewRestriction.PASSWORD, password="sample-password"
    )
    return {"page_view_restriction_id": restriction.pk, "page_id": home.pk}


def _document_restriction(user: Any) -> dict[str, Any]:
    from wagtail.documents.models import Document
    from wagtail.models import BaseViewRestriction, CollectionViewRestriction

    _portal_document(user)
    restriction = CollectionViewRestriction.objects.create(
        collection=Document.objects.latest("pk").collection,
        restriction_type=BaseViewRestriction.PASSWORD,
        password="sample-password",
    )
    return {"restriction_id": restriction.pk}


def _portal_subscription(user: Any) -> dict[str, Any]:
    from chancery.portal.models import Subscription

    Subscription.objects.get_or_create(
        token="sample", defaults={"email": "sample@example.test", "topic": "newsletter"}
    )
    return {"token": "sample"}


def _portal_question(user: Any) -> dict[str, Any]:
    """A question from the public routed to ``user``'s own unit."""
    from chancery.core.tests.factories import UnitFactory
    from chancery.portal.models import PublicQuestion, QuestionTopic

    unit = user.unit if user is not None and user.unit_id else UnitFactory()
    topic, _made = QuestionTopic.objects.get_or_create(
        code=f"authz-{unit.pk}",
        defaults={"unit": unit, "name_vi": "Mẫu", "name_en": "Sample", "name_fr": "Exemple"},
    )
    question = PublicQuestion.objects.create(
        kind="question",
        topic=topic,
        unit=unit,
        name="Sample",
        email="sample@example.test",
        subject="Sample",
        body="Sample question",
        status="assigned",
    )
    return {"pk": question.pk}


def _audit_entry(user: Any) -> dict[str, Any]:
    from chancery.core.audit import record

    return {"seq": record(None, "test.sample").seq}


def _own_notification(user: Any) -> dict[str, Any]:
    from chancery.core.actions.notifications import notify

    if user is None:
        return {"pk": 1}
    return {"pk": notify(user, "test.sample", "Sample", email=False).pk}


def _own_token(user: Any) -> dict[str, Any]:
    from chancery.core.actions.tokens import create_token

    if user is None:
        return {"pk": 1}
    created = create_token(user, "sample", ["read:org"], timezone.now() + timedelta(days=30))
    return {"pk": created.token.pk}


def _own_token_id(user: Any) -> dict[str, Any]:
    return {"token_id": _own_token(user)["pk"]}


def _own_security_key(user: Any) -> dict[str, Any]:
    from chancery.core.models import WebAuthnCredential

    if user is None:
        return {"pk": 1}
    key = WebAuthnCredential.objects.create(
        user=user, name="sample", credential_id=f"cred-{user.pk}".encode(), public_key=b"k"
    )
    return {"pk": key.pk}


def _own_delegation(user: Any) -> dict[str, Any]:
    from chancery.core.models import Delegation
    from chancery.core.tests.factories import UserFactory

    if user is None:
        return {"pk": 1}
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        principal=user, delegate=UserFactory(), start=today, end=today + timedelta(days=5)
    )
    return {"pk": delegation.pk}


def _own_job(user: Any) -> dict[str, Any]:
    from chancery.core.models import JobProgress

    job_id = 10_000 + (user.pk if user is not None else 0)
    JobProgress.objects.get_or_create(job_id=job_id, defaults={"owner": user, "label": "sample"})
    return {"job_id": job_id}


def _failed_job(user: Any) -> dict[str, Any]:
    from django.db import connection

    from chancery.core.tasks import send_notification_email

    job_id = send_notification_email.configure(queue="authz_sample").defer(notification_id=0)
    with connection.cursor() as cursor:
        for status in ("doing", "failed"):
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id]
            )
    return {"job_id": job_id}


def _unit_code(user: Any) -> dict[str, Any]:
    from chancery.core.tests.factories import UnitFactory

    return {"code": (user.unit.code if user is not None and user.unit else UnitFactory().code)}


_PKI_HIERARCHY: list[Any] = []


def _internal_pki(user: Any) -> None:
    """Adopt one in-memory PKI (generated once per run: RSA 3072 is slow) into the database."""
    from chancery.signing.actions.pki import initialise_internal_pki
    from chancery.signing.pki.material import Hierarchy

    if not _PKI_HIERARCHY:
        _PKI_HIERARCHY.append(Hierarchy.generate(base_url="http://testserver"))
    initialise_internal_pki(hierarchy=_PKI_HIERARCHY[0])


def _with_pki(user: Any) -> dict[str, Any]:
    _internal_pki(user)
    return {}


def _root_ca(user: Any) -> dict[str, Any]:
    _internal_pki(user)
    return {"name": "root"}


def _ocsp_get(user: Any) -> dict[str, Any]:
    _internal_pki(user)
    return {"encoded": "MAA="}


def _signed_document_row(user: Any) -> Any:
    """A signed document as the workspace stores it (no real signature: routes only read it),
    issued by ``user``'s unit and created by ``user`` (someone else for anonymous visitors)."""
    import hashlib
    import io

    from chancery.blobs import service as blobs
    from chancery.core.tests.factories import UserFactory
    from chancery.lib.pdfgen import sample_letter
    from chancery.signing.codes import new_code
    from chancery.signing.models import SignedDocument, SignedVersion

    creator = user if user is not None else UserFactory()
    data = sample_letter()
    blob = blobs.store(io.BytesIO(data), filename="sample.pdf", actor=None)
    document = SignedDocument.objects.create(
        verification_code=new_code(),
        issuer_unit=creator.unit,
        document_type="cong-van",
        blob=blob,
        created_by=creator,
    )
    SignedVersion.objects.create(
        document=document,
        revision=1,
        blob=blob,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    return document


def _official_document_row(user: Any) -> Any:
    """An unclassified incoming document held by ``user``'s unit (a fresh unit for anonymous
    visitors), registered by ``user``."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.tests.factories import DocumentFactory

    creator = user if user is not None else UserFactory()
    return DocumentFactory(unit=creator.unit, created_by=creator)


def _own_saved_search(user: Any) -> dict[str, Any]:
    """A saved search of ``user`` (of a fresh user for anonymous visitors)."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.models import SavedSearch

    owner = user if user is not None else UserFactory()
    return {"pk": SavedSearch.objects.create(owner=owner, name="sample", query={"q": "x"}).pk}


def _own_saved_search_id(user: Any) -> dict[str, Any]:
    return {"saved_id": _own_saved_search(user)["pk"]}


def _own_cable_saved_search(user: Any) -> dict[str, Any]:
    """A saved cable search of ``user`` (of a fresh user for anonymous visitors)."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.models import SavedSearch

    owner = user if user is not None else UserFactory()
    saved = SavedSearch.objects.create(owner=owner, name="sample", scope="cables", query={})
    return {"pk": saved.pk}


def _own_cable_saved_search_id(user: Any) -> dict[str, Any]:
    return {"saved_id": _own_cable_saved_search(user)["pk"]}


def _addressed_cable(user: Any) -> dict[str, Any]:
    """An unclassified released cable addressed to ``user``'s unit, with its signed PDF."""
    import io

    from chancery.blobs import service as blobs
    from chancery.documents.cables.tests.factories_archive import CableFactory
    from chancery.lib.pdfgen import simple_pdf

    blob = blobs.store(io.BytesIO(simple_pdf([["Cable"]])), filename="cable.pdf", actor=None)
    units = [user.unit] if user is not None and user.unit_id else []
    return {"pk": CableFactory(addressed=units, signed_pdf=blob).pk}


def _addressed_cable_id(user: Any) -> dict[str, Any]:
    return {"cable_id": _addressed_cable(user)["pk"]}


def _own_cable_draft_row(user: Any) -> Any:
    """A draft cable of ``user`` (of a fresh user for anonymous visitors), with one file."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.cables.actions import compose
    from chancery.documents.cables.seeds import seed_all
    from chancery.documents.models import PrecedenceLevel

    seed_all()
    drafter = user if user is not None else UserFactory()
    cable = compose.create_draft(
        drafter, subject="Sample", precedence=PrecedenceLevel.objects.get(code="ROUTINE")
    )
    compose.add_attachment(drafter, cable, b"note\n", filename="note.txt", version=cable.version)
    return cable


def _own_cable_draft(user: Any) -> dict[str, Any]:
    return {"pk": _own_cable_draft_row(user).pk}


def _own_cable_draft_id(user: Any) -> dict[str, Any]:
    return {"cable_id": _own_cable_draft_row(user).pk}


def _own_cable_attachment(user: Any) -> dict[str, Any]:
    cable = _own_cable_draft_row(user)
    return {"pk": cable.pk, "attachment_pk": cable.attachments.get().pk}


def _own_cable_delivery(user: Any) -> dict[str, Any]:
    """A FLASH cable delivered to ``user``'s unit: the delivery they may acknowledge."""
    from chancery.core.tests.factories import UnitFactory
    from chancery.documents.cables.tests.factories_delivery import released_cable

    unit = user.unit if user is not None and user.unit_id else UnitFactory()
    return {"pk": released_cable(action=[unit]).deliveries.get().pk}


def _own_cable_delivery_id(user: Any) -> dict[str, Any]:
    return {"delivery_id": _own_cable_delivery(user)["pk"]}


def _own_cable_deliveries(user: Any) -> dict[str, Any]:
    from chancery.documents.models import CableDelivery

    delivery = CableDelivery.objects.get(pk=_own_cable_delivery(user)["pk"])
    return {"cable_id": delivery.cable_id}


def _own_roster_unit(user: Any) -> dict[str, Any]:
    return {"unit_id": user.unit_id if user is not None and user.unit_id else 1}


def _own_roster_unit_code(user: Any) -> dict[str, Any]:
    return {"unit_code": user.unit.code if user is not None and user.unit_id else "none"}


def _own_roster_shift(user: Any) -> dict[str, Any]:
    """A shift on the roster of ``user``'s unit."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.cables.tests.factories_delivery import on_duty

    person = UserFactory(unit=user.unit) if user is not None and user.unit_id else UserFactory()
    return {"pk": on_duty(person).pk}


def _own_roster_shift_id(user: Any) -> dict[str, Any]:
    return {"shift_id": _own_roster_shift(user)["pk"]}


def _official_document(user: Any) -> dict[str, Any]:
    return {"pk": _official_document_row(user).pk}


def _handling_assignment(user: Any) -> dict[str, Any]:
    """A unit assignment of a document of ``user``'s unit to that unit, made by someone else."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.tests.factories import AssignmentFactory

    document = _official_document_row(user)
    assignment = AssignmentFactory(
        document=document, unit=document.unit, assigned_by=UserFactory(unit=document.unit)
    )
    return {"pk": document.pk, "assignment_pk": assignment.pk}


def _handling_opinion_request(user: Any) -> dict[str, Any]:
    """A request for the opinion of ``user``'s unit on another unit's unclassified document."""
    from chancery.core.tests.factories import UnitFactory
    from chancery.documents.models import Activity
    from chancery.documents.tests.factories import DocumentFactory

    target = user.unit if user is not None else UnitFactory()
    document = DocumentFactory(assigned_units=[target])
    asked = Activity.objects.create(
        document=document, kind="opinion_request", body="?", target_unit=target
    )
    return {"pk": document.pk, "activity_pk": asked.pk}


def _api_handling_document(user: Any) -> dict[str, Any]:
    return {"document_id": _official_document_row(user).pk}


def _api_handling_assignment(user: Any) -> dict[str, Any]:
    return {"assignment_id": _handling_assignment(user)["assignment_pk"]}


def _api_handling_opinion_request(user: Any) -> dict[str, Any]:
    return {"activity_id": _handling_opinion_request(user)["activity_pk"]}


def _official_document_file(user: Any) -> dict[str, Any]:
    """A PDF file of an unclassified document of ``user``'s unit."""
    import io

    from chancery.blobs import service as blobs
    from chancery.documents.models import DocumentFile
    from chancery.lib.pdfgen import sample_letter

    document = _official_document_row(user)
    data = sample_letter()
    blob = blobs.store(io.BytesIO(data), filename="letter.pdf", actor=None)
    row = DocumentFile.objects.create(
        document=document,
        blob=blob,
        role="main",
        filename="letter.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=blob.address,
        uploaded_by=document.created_by,
    )
    return {"pk": document.pk, "file_pk": row.pk}


def _draft_comment(user: Any) -> dict[str, Any]:
    """A review comment by ``user`` on an unclassified outgoing draft of their unit."""
    from chancery.documents.models import DraftVersion, ReviewComment

    sample = _official_document_file(user)
    document = _file_document(sample["file_pk"])
    document.direction, document.status = "out", "drafting"
    document.save(update_fields=["direction", "status"])
    version = DraftVersion.objects.create(
        document=document, number=1, file_id=sample["file_pk"], author=document.created_by
    )
    author = user if user is not None else document.created_by
    comment = ReviewComment.objects.create(version=version, author=author, body="?")
    return {"pk": document.pk, "comment_pk": comment.pk}


def _file_document(file_pk: Any) -> Any:
    from chancery.documents.models import DocumentFile

    return DocumentFile.objects.get(pk=file_pk).document


def _received_document(user: Any) -> dict[str, Any]:
    """A received (not yet registered) document of ``user``'s unit."""
    document = _official_document_row(user)
    document.status = "received"
    document.save(update_fields=["status"])
    return {"pk": document.pk}


def _own_register(user: Any) -> dict[str, Any]:
    """The incoming register of ``user``'s unit (a fresh unit's for anonymous visitors)."""
    from chancery.core.tests.factories import UnitFactory
    from chancery.documents.models import Register

    unit = user.unit if user is not None and user.unit_id else UnitFactory()
    register, _ = Register.objects.get_or_create(unit=unit, direction="in", year=2026)
    return {"pk": register.pk}


def _api_received_document(user: Any) -> dict[str, Any]:
    return {"document_id": _received_document(user)["pk"]}


def _api_own_register(user: Any) -> dict[str, Any]:
    return {"register_id": _own_register(user)["pk"]}


def _signed_document(user: Any) -> dict[str, Any]:
    return {"pk": _signed_document_row(user).pk}


def _signed_revision(user: Any) -> dict[str, Any]:
    return {"pk": _signed_document_row(user).pk, "revision": 1}


def _verification_code(user: Any) -> dict[str, Any]:
    return {"code": _signed_document_row(user).verification_code}


def _own_signing_batch(user: Any) -> dict[str, Any]:
    import uuid

    from chancery.core.tests.factories import UserFactory
    from chancery.signing.models import Certificate, SigningBatch

    signer = user if user is not None else UserFactory()
    now = timezone.now()
    certificate = Certificate.objects.create(
        role="person",
        serial=uuid.uuid4().hex,
        fingerprint=uuid.uuid4().hex * 2,
        subject="CN=sample",
        common_name="sample",
        pem="-",
        not_before=now,
        not_after=now + timedelta(days=1),
        holder=signer,
    )
    batch = SigningBatch.objects.create(signer=signer, certificate=certificate, level="B-B")
    return {"pk": batch.pk}


def _api_document(user: Any) -> dict[str, Any]:
    return {"document_id": _signed_document_row(user).pk}


def _api_document_with_pki(user: Any) -> dict[str, Any]:
    _internal_pki(user)
    return _api_document(user)


def _api_code(user: Any) -> dict[str, Any]:
    return {"code": _signed_document_row(user).verification_code}


def _api_batch(user: Any) -> dict[str, Any]:
    return {"batch_id": _own_signing_batch(user)["pk"]}


# The table ----------------------------------------------------------------------------------


def _records_disposition(user: Any) -> dict[str, Any]:
    """A proposed destruction of a due unclassified record of ``user``'s unit (system-made)."""
    from chancery.documents.actions.records import propose_disposition
    from chancery.documents.tests.factories_records import due_record

    record = due_record(unit=user.unit) if user is not None else due_record()
    return {"pk": propose_disposition(None, [record]).pk}


def _api_records_document(user: Any) -> dict[str, Any]:
    return {"document_id": _official_document_row(user).pk}


def _api_records_disposition(user: Any) -> dict[str, Any]:
    return {"disposition_id": _records_disposition(user)["pk"]}


def _api_records_declassification(user: Any) -> dict[str, Any]:
    return {"request_id": _records_declassification(user)["pk"]}


def _api_official_document_file(user: Any) -> dict[str, Any]:
    sample = _official_document_file(user)
    return {"document_id": sample["pk"], "file_id": sample["file_pk"]}


def _records_transfer(user: Any) -> dict[str, Any]:
    """A carried-out transfer with its archive package."""
    import io

    from chancery.blobs import service as blobs
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.archive.package import build_package
    from chancery.documents.models import Disposition
    from chancery.documents.tests.factories_records import due_record

    record = due_record()
    proposer = UserFactory()
    disposition = Disposition.objects.create(action="transfer", state="done", proposed_by=proposer)
    disposition.documents.set([record])
    disposition.package = blobs.store(
        io.BytesIO(build_package(None, [record])),
        filename="archive.zip",
        actor=None,
        owner=blobs.Owner.of(disposition),
        declared_type="application/zip",
        allowed_types={blobs.FileType.ZIP},
    )
    disposition.save(update_fields=["package"])
    return {"pk": disposition.pk}


def _records_declassification(user: Any) -> dict[str, Any]:
    """An open declassification request on an unclassified document (visible to all)."""
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.models import Declassification

    document = _official_document_row(user)
    request = Declassification.objects.create(
        document=document, from_level=1, to_level=0, reason="Sample", requested_by=UserFactory()
    )
    return {"pk": request.pk}


def _exchange_peer(user: Any) -> dict[str, Any]:
    from chancery.exchange.models import Peer

    peer, _created = Peer.objects.get_or_create(
        code="authz-peer",
        defaults={"name": "Peer", "base_url": "http://127.0.0.1:9", "public_key": "A" * 44},
    )
    return {"code": peer.code}


def _eservices_draft_version(user: Any) -> dict[str, Any]:
    from chancery.eservices.models import Procedure, ProcedureField, ProcedureVersion

    field, _ = ProcedureField.objects.get_or_create(code="authz", defaults={"name_vi": "Thử"})
    procedure, _ = Procedure.objects.get_or_create(
        code="authz.1",
        defaults={"slug": "authz-1", "field": field, "name_vi": "Thử", "short_code": "T"},
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure, number=procedure.versions.count() + 1, level="full"
    )
    return {"pk": version.pk}


def _eservices_catalogue_slug(user: Any) -> dict[str, Any]:
    from chancery.eservices.catalogue.seed import seed_catalogue

    seed_catalogue()  # idempotent: the real catalogue, normally there since migrate
    return {"slug": "hop-phap-hoa-lanh-su-tai-bo-ngoai-giao"}


def _eservices_catalogue_version(user: Any) -> dict[str, Any]:
    return {**_eservices_catalogue_slug(user), "number": 1}


def _eservices_catalogue_procedure(user: Any) -> dict[str, Any]:
    from chancery.eservices.models import Procedure

    slug = _eservices_catalogue_slug(user)["slug"]
    return {"pk": Procedure.objects.get(slug=slug).pk}


def _eservices_tracked_code(user: Any) -> dict[str, Any]:
    from chancery.eservices.models import Dossier
    from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version

    found = Dossier.objects.filter(code="AUTHZ-260101-0001").first()
    if found is None:
        found = dossier(procedure_version(code="authz.track"), ApplicantFactory())
        Dossier.objects.filter(pk=found.pk).update(code="AUTHZ-260101-0001")
    return {"code": "AUTHZ-260101-0001"}


def _eservices_payment_dossier(user: Any) -> dict[str, Any]:
    """A dossier of the user's own unit (any unit for the anonymous try), being processed."""
    from chancery.eservices.tests.factories import ApplicantFactory, dossier, procedure_version

    if user is None or user.unit_id is None:
        return {"pk": 1}
    from chancery.eservices.models import ProcedureVersion

    version = ProcedureVersion.objects.filter(
        procedure__code="authz.pay", status="published"
    ).first() or procedure_version(code="authz.pay", units=[user.unit])
    row = dossier(version, ApplicantFactory(), unit=user.unit, state="processing")
    return {"pk": row.pk}


def _eservices_certificate(user: Any) -> Any:
    """A certificate on the public register, issued for a dossier of ``user``'s unit."""
    from chancery.core.tests.factories import UnitFactory
    from chancery.eservices.models import IssuedCertificate

    unit = user.unit if user is not None and user.unit_id else UnitFactory()
    row = _h.unit_dossier(unit, state="result_issued")
    return IssuedCertificate.objects.create(
        number=f"HPH-T-2026-{row.pk:06d}",
        dossier=row,
        procedure=row.version.procedure,
        unit=unit,
        issued_on=timezone.localdate(),
        signer_name="Sample Signer",
    )


def _eservices_sync_record(user: Any) -> dict[str, Any]:
    """A national-portal sync record given up, on a dossier of the user's own unit."""
    from chancery.eservices.models import SyncRecord

    dossier_pk = _h.sample_dossier(user)["pk"]
    record = SyncRecord.objects.create(
        dossier_id=dossier_pk, sequence=1, operation="dossier", payload={}, status="gave_up"
    )
    return {"pk": record.pk}


def _eservices_payment_transfer(user: Any) -> dict[str, Any]:
    """A bank transfer waiting for confirmation, on a dossier of the user's own unit."""
    from chancery.eservices.models import Dossier, Payment

    if user is None or user.unit_id is None:
        return {"pk": 1}
    found = Dossier.objects.get(pk=_eservices_payment_dossier(user)["pk"])
    Dossier.objects.filter(pk=found.pk).update(state="payment_requested")
    payment = Payment.objects.create(
        dossier=found,
        provider="bank_transfer",
        amount=found.fee,
        state="submitted",
        reference=f"LP260101AUTHZ{found.pk}",
    )
    return {"pk": payment.pk}


ROUTES: dict[str, Route] = {
    "set_language": Route(PUBLIC, method="post", data={"language": "en"}),
    # Sign-in and health
    "core:login": Route(PUBLIC),
    "core:login_totp": Route(PUBLIC, note="sends visitors without a pending sign-in back"),
    "core:login_webauthn": Route(PUBLIC),
    "core:login_enrol_totp": Route(PUBLIC),
    "core:login_enrol_webauthn": Route(PUBLIC),
    "core:login_continue": Route(PUBLIC),
    "core:logout": Route(PUBLIC, method="post"),
    "core:healthz": Route(PUBLIC),
    "core:readyz": Route(PUBLIC),
    "core:metrics": Route(PUBLIC, note="loopback or bearer token; tests come from loopback"),
    # The public PKI (validators anywhere fetch these)
    "signing:pki-ca": Route(PUBLIC, _root_ca),
    "signing:pki-crl": Route(PUBLIC, _root_ca),
    "signing:pki-ocsp": Route(PUBLIC, _with_pki, method="post"),
    "signing:pki-ocsp-get": Route(PUBLIC, _ocsp_get),
    "signing:pki-tsa": Route(PUBLIC, _with_pki, method="post"),
    # The public verification page of issued documents
    "verify:index": Route(PUBLIC),
    "verify:code": Route(PUBLIC, _verification_code),
    # The signing workspace
    "signing_ui:overview": Route(STAFF),
    "signing_ui:sign": Route(STAFF),
    "signing_ui:validate": Route(STAFF),
    "signing_ui:document": Route(
        STAFF, _signed_document, note="unclassified: every member of staff"
    ),
    "signing_ui:revision": Route(STAFF, _signed_revision),
    "signing_ui:view-copy": Route(STAFF, _signed_document, note="watermarked, unsigned copy"),
    "signing_ui:countersign": Route(STAFF, _signed_document, method="post", note="400: empty form"),
    "signing_ui:timestamp": Route(
        STAFF, _signed_document, method="post", note="own document; no TSA here: error message"
    ),
    "signing_ui:revoke": Route(STAFF, _signed_document, method="post", note="400: empty form"),
    "signing_ui:batch-new": Route(STAFF),
    "signing_ui:batch": Route(STAFF, _own_signing_batch, note="the batch's signer only"),
    # The workspace
    "core:home": Route(STAFF),
    "core:calendar": Route(STAFF),
    "core:notifications": Route(STAFF),
    "core:notifications-read-all": Route(STAFF, method="post"),
    "core:notification-read": Route(STAFF, _own_notification, method="post"),
    # The account
    "core:profile": Route(STAFF),
    "core:password": Route(STAFF),
    "core:mfa": Route(STAFF),
    "core:mfa_totp_reset": Route(STAFF),
    "core:mfa_recovery_codes": Route(STAFF, method="post"),
    "core:mfa_key_add": Route(STAFF),
    "core:mfa_key_remove": Route(STAFF, _own_security_key, method="post"),
    "core:delegations": Route(STAFF),
    "core:delegation_revoke": Route(STAFF, _own_delegation, method="post"),
    "core:tokens": Route(STAFF),
    "core:token-revoke": Route(STAFF, _own_token, method="post"),
    # Operations
    "core:audit-log": Route(ADMIN),
    "core:audit-entry": Route(ADMIN, _audit_entry),
    "core:jobs": Route(ADMIN),
    # The exchange between instances: peers' signed pushes, administrators' status page
    "exchange:messages": Route(NOT_A_PAGE, method="post", note="peers only: signed requests"),
    "exchange:status": Route(ADMIN),
    "exchange:push": Route(ADMIN, _exchange_peer, method="post"),
    "core:job-retry": Route(ADMIN, _failed_job, method="post"),
    "core:job-progress": Route(STAFF, _own_job, note="its owner and administrators"),
    # The API (session or bearer token)
    "api-1.0.0:api-root": Route(NOT_A_PAGE),
    "api-1.0.0:openapi-json": Route(PUBLIC, note="the API's description is public"),
    # Official documents
    "documents:inbox": Route(STAFF),
    "documents:dashboard": Route(STAFF),
    "documents:assign": Route(
        (Role.UNIT_HEAD.value, Role.LEADER.value), _official_document, method="post"
    ),
    "documents:comment": Route(STAFF, _official_document, method="post", note="own unit"),
    "documents:request-opinion": Route(
        (Role.UNIT_HEAD.value, Role.LEADER.value), _official_document, method="post"
    ),
    "documents:answer-opinion": Route(
        STAFF, _handling_opinion_request, method="post", note="members of the unit asked"
    ),
    "documents:sub-assign": Route((Role.UNIT_HEAD.value,), _handling_assignment, method="post"),
    "documents:progress": Route((Role.UNIT_HEAD.value,), _handling_assignment, method="post"),
    "documents:complete": Route((Role.UNIT_HEAD.value,), _handling_assignment, method="post"),
    "documents:cancel-assignment": Route(
        (Role.UNIT_HEAD.value, Role.LEADER.value), _handling_assignment, method="post"
    ),
    "api-1.0.0:list_handling_inbox": Route(STAFF),
    "api-1.0.0:assign_official_document": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:comment_on_official_document": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:request_official_document_opinion": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:sub_assign_official_document": Route(
        STAFF, _api_handling_assignment, method="post", note="422: empty body"
    ),
    "api-1.0.0:report_official_document_progress": Route(
        STAFF, _api_handling_assignment, method="post", note="422: empty body"
    ),
    "api-1.0.0:complete_official_document_assignment": Route(
        STAFF, _api_handling_assignment, method="post", note="422: empty body"
    ),
    "api-1.0.0:reassign_official_document_assignment": Route(
        STAFF, _api_handling_assignment, method="post", note="422: empty body"
    ),
    "api-1.0.0:cancel_official_document_assignment": Route(
        STAFF, _api_handling_assignment, method="post", note="422: empty body"
    ),
    "api-1.0.0:answer_official_document_opinion": Route(
        STAFF, _api_handling_opinion_request, method="post", note="422: empty body"
    ),
    "documents:search": Route(STAFF),
    "documents:saved_search_save": Route(STAFF, method="post", note="redirects: empty name"),
    "documents:saved_searches": Route(STAFF),
    "documents:saved_search_run": Route(STAFF, _own_saved_search, note="its owner only"),
    "documents:saved_search_delete": Route(STAFF, _own_saved_search, method="post"),
    "api-1.0.0:search_official_documents": Route(STAFF),
    "api-1.0.0:list_saved_document_searches": Route(STAFF),
    "api-1.0.0:create_saved_document_search": Route(STAFF, method="post", note="422: no body"),
    "api-1.0.0:run_saved_document_search": Route(STAFF, _own_saved_search_id),
    "api-1.0.0:delete_saved_document_search": Route(STAFF, _own_saved_search_id, method="delete"),
    "documents:detail": Route(STAFF, _official_document, note="unclassified: all staff"),
    "documents:file": Route(STAFF, _official_document_file, note="unclassified: all staff"),
    "documents:reports": Route(STAFF, note="counts only what the reader may see"),
    "documents:reports-csv": Route(STAFF),
    "documents:reports-xlsx": Route(STAFF),
    # E-services: the public site (applicants have no staff account) and the staff workspace.
    "services:home": Route(PUBLIC),
    "services:track": Route(PUBLIC),
    "services:my_dossiers": Route(PUBLIC, note="redirects to the applicant sign-in"),
    "services:certificates": Route(PUBLIC),
    "services:certificate": Route(
        PUBLIC, lambda u: {"number": _eservices_certificate(u).number}, note="public fields only"
    ),
    "services:result": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "eservices:issue_result": Route(ESERVICES_HANDLERS, _h.sample_dossier, note="own unit"),
    "eservices:result_preview": Route(ESERVICES_HANDLERS, _h.sample_dossier, note="own unit"),
    "eservices:record_posting": Route(
        ESERVICES_HANDLERS, _h.sample_dossier, method="post", note="redirects: empty form"
    ),
    "eservices:revoke_certificate": Route(
        ESERVICES_HANDLERS,
        lambda u: {"pk": _eservices_certificate(u).pk},
        method="post",
        note="redirects: no reason (unit heads and leaders revoke)",
    ),
    "api-1.0.0:results_certificate": Route(
        PUBLIC, lambda u: {"number": _eservices_certificate(u).number}
    ),
    "api-1.0.0:results_issue": Route(
        STAFF, _h.sample_dossier_id, method="post", note="422: no body"
    ),
    "services:signin": Route(PUBLIC),
    "services:signout": Route(PUBLIC, method="post"),
    "services:account": Route(PUBLIC, note="redirects to the applicant sign-in"),
    "services:signup": Route(PUBLIC),
    "services:verify": Route(PUBLIC, lambda user: {"token": "not-a-token"}),
    "services:resend_verification": Route(PUBLIC),
    "services:password_reset": Route(PUBLIC),
    "services:password_reset_confirm": Route(PUBLIC, lambda user: {"token": "not-a-token"}),
    "services:oidc_start": Route(
        PUBLIC, lambda user: {"provider": "vneid"}, note="unconfigured: back to sign-in"
    ),
    "services:oidc_callback": Route(
        PUBLIC, lambda user: {"provider": "vneid"}, note="400: no sign-in under way"
    ),
    "eservices:counter_applicant": Route(ESERVICES_HANDLERS, note="find or create at the counter"),
    "services:apply": Route(PUBLIC, lambda u: {"slug": "x"}, note="applicant sign-in first"),
    "services:dossier": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "services:dossier_withdraw": Route(PUBLIC, lambda u: {"pk": 1}, method="post"),
    "services:dossier_respond": Route(PUBLIC, lambda u: {"pk": 1}, method="post"),
    "services:draft": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "services:draft_upload": Route(PUBLIC, lambda u: {"pk": 1}, method="post"),
    "services:draft_remove_file": Route(PUBLIC, lambda u: {"pk": 1, "file_pk": 1}, method="post"),
    "services:submit": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "services:receipt": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "services:resume": Route(PUBLIC, lambda u: {"token": "x"}, note="asks to continue"),
    "api-1.0.0:submission_track": Route(PUBLIC, _eservices_tracked_code, note="status only"),
    "api-1.0.0:submission_track_lookup": Route(PUBLIC, method="post", note="422: no body"),
    "eservices:queue": Route(ESERVICES_HANDLERS, note="dossiers of the user's own unit"),
    "eservices:dossier": Route(ESERVICES_HANDLERS, _h.sample_dossier, note="own unit; leaders all"),
    "eservices:dossier_action": Route(
        ESERVICES_HANDLERS, _h.sample_dossier_action, method="post", note="400: empty form"
    ),
    "eservices:dossier_file": Route(ESERVICES_HANDLERS, _h.sample_dossier_file),
    "eservices:dossier_apology_pdf": Route(ESERVICES_HANDLERS, _h.sample_dossier),
    "eservices:counter_start": Route(ESERVICES_HANDLERS, note="asks for the applicant first"),
    "eservices:counter_draft": Route(ESERVICES_HANDLERS, _h.sample_counter_draft),
    "api-1.0.0:handling_list": Route(ESERVICES_HANDLERS, note="own unit; leaders all"),
    "api-1.0.0:handling_detail": Route(ESERVICES_HANDLERS, _h.sample_dossier_id),
    **{
        f"api-1.0.0:handling_{step}": Route(
            STAFF, _h.sample_dossier_id, method="post", note="415: the body is read first"
        )
        for step in ("accept", "supplement", "refuse", "assign", "extend", "decide", "return")
    },
    "services:pay": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "services:payment_return": Route(
        PUBLIC, lambda u: {"provider": "vnpay"}, note="400: unsigned answer"
    ),
    "services:payment_ipn": Route(
        PUBLIC, lambda u: {"provider": "vnpay"}, note="the gateway's server; checksum checked"
    ),
    "services:payment_receipt": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "eservices:request_payment": Route(
        ESERVICES_HANDLERS, _eservices_payment_dossier, method="post", note="own unit"
    ),
    "eservices:national": Route(ESERVICES_OVERSEERS, note="unit heads: own unit; leaders all"),
    "eservices:national_retry": Route(
        ESERVICES_OVERSEERS, _eservices_sync_record, method="post", note="own unit; leaders all"
    ),
    "eservices:sync_log": Route(ESERVICES_HANDLERS, _h.sample_dossier, note="own unit"),
    "eservices:stats": Route(ESERVICES_HANDLERS, note="counts the user's own unit"),
    "eservices:stats_csv": Route(ESERVICES_HANDLERS, note="counts the user's own unit"),
    "api-1.0.0:stats_summary": Route(ESERVICES_HANDLERS, note="own unit; leaders all"),
    "services:rate": Route(PUBLIC, lambda u: {"pk": 1}, note="applicant sign-in first"),
    "eservices:payments": Route(ESERVICES_HANDLERS, note="transfers of the user's own unit"),
    "eservices:payment_confirm": Route(
        ESERVICES_HANDLERS, _eservices_payment_transfer, method="post", note="own unit"
    ),
    "eservices:payment_refund": Route(
        ESERVICES_HANDLERS, _eservices_payment_transfer, method="post", note="no reason: refused"
    ),
    "eservices:form_editor": Route(
        ADMIN, _eservices_draft_version, note="and the consular department's head (catalogue)"
    ),
    "eservices:form_preview": Route(
        ADMIN, _eservices_draft_version, method="post", data={"schema": "{}"}
    ),
    # E-services catalogue: public pages and API; staff read it, editors (admins and the head of
    # the consular department, checked by the action) change it.
    "services:procedure": Route(PUBLIC, _eservices_catalogue_slug),
    "services:procedure_version": Route(PUBLIC, _eservices_catalogue_version),
    "eservices:catalogue": Route((*ESERVICES_HANDLERS, *ADMIN)),
    "eservices:catalogue_version": Route((*ESERVICES_HANDLERS, *ADMIN), _eservices_draft_version),
    "eservices:catalogue_export": Route((*ESERVICES_HANDLERS, *ADMIN), lambda u: {"fmt": "csv"}),
    "eservices:catalogue_version_new": Route(
        ADMIN, _eservices_catalogue_procedure, method="post", note="and the consular head"
    ),
    "eservices:catalogue_version_edit": Route(ADMIN, _eservices_draft_version),
    "eservices:catalogue_version_publish": Route(
        ADMIN, _eservices_draft_version, method="post", note="redirects: no date"
    ),
    "eservices:catalogue_import": Route(ADMIN, note="and the consular department's head"),
    "api-1.0.0:catalogue_list": Route(PUBLIC),
    "api-1.0.0:catalogue_detail": Route(PUBLIC, _eservices_catalogue_slug),
    "api-1.0.0:catalogue_version": Route(PUBLIC, _eservices_catalogue_version),
    "api-1.0.0:catalogue_export": Route(STAFF, note="drafts included: staff only"),
    "api-1.0.0:catalogue_import": Route(
        ADMIN, method="post", note="422: empty body; the consular head too (action checks)"
    ),
    "cables:archive": Route(STAFF, note="results and counts: the cables the reader may see"),
    "cables:saved_search_save": Route(STAFF, method="post", note="redirects: empty name"),
    "cables:saved_searches": Route(STAFF),
    "cables:saved_search_run": Route(STAFF, _own_cable_saved_search, note="its owner only"),
    "cables:saved_search_alert": Route(STAFF, _own_cable_saved_search, method="post"),
    "cables:saved_search_delete": Route(STAFF, _own_cable_saved_search, method="post"),
    "cables:export": Route(STAFF, _addressed_cable, note="readers of the cable only"),
    "api-1.0.0:cables_archive_search": Route(STAFF),
    "api-1.0.0:cables_archive_saved_list": Route(STAFF),
    "api-1.0.0:cables_archive_saved_create": Route(STAFF, method="post", note="422: no body"),
    "api-1.0.0:cables_archive_saved_update": Route(
        STAFF, _own_cable_saved_search_id, method="patch", note="422: no body"
    ),
    "api-1.0.0:cables_archive_saved_run": Route(STAFF, _own_cable_saved_search_id),
    "api-1.0.0:cables_archive_saved_delete": Route(
        STAFF, _own_cable_saved_search_id, method="delete"
    ),
    "api-1.0.0:cables_archive_export": Route(STAFF, _addressed_cable_id),
    "cables:reports": Route(STAFF, note="counts only the cables the reader may see"),
    "cables:inbox": Route(STAFF, note="tabs and counts: the cables the reader may see"),
    "cables:acknowledge": Route(STAFF, _own_cable_delivery, method="post"),
    "cables:roster-units": Route(STAFF, note="lists the rosters the user keeps (maybe none)"),
    "cables:roster": Route(
        (Role.UNIT_HEAD.value, Role.ADMIN.value), _own_roster_unit, note="own unit; admins any"
    ),
    "cables:roster-remove": Route(
        (Role.UNIT_HEAD.value, Role.ADMIN.value), _own_roster_shift, method="post"
    ),
    "api-1.0.0:cables_inbox_list": Route(STAFF),
    "api-1.0.0:cables_inbox_counts": Route(STAFF),
    "api-1.0.0:cables_delivery_acknowledge": Route(STAFF, _own_cable_delivery_id, method="post"),
    "api-1.0.0:cables_deliveries_list": Route(STAFF, _own_cable_deliveries),
    "api-1.0.0:cables_roster_list": Route(
        (Role.UNIT_HEAD.value, Role.ADMIN.value), _own_roster_unit_code
    ),
    "api-1.0.0:cables_roster_add": Route(
        STAFF, _own_roster_unit_code, method="post", note="422: empty body"
    ),
    "api-1.0.0:cables_roster_remove": Route(
        (Role.UNIT_HEAD.value, Role.ADMIN.value), _own_roster_shift_id, method="delete"
    ),
    "cables:compose-new": Route(STAFF),
    "cables:compose-edit": Route(STAFF, _own_cable_draft, note="the drafter; others: 404"),
    "cables:compose-attach": Route(STAFF, _own_cable_draft, method="post", note="400: no file"),
    "cables:compose-detach": Route(
        STAFF, _own_cable_attachment, method="post", note="redirects: no version"
    ),
    "cables:compose-submit": Route(STAFF, _own_cable_draft, method="post", note="400: empty"),
    "cables:compose-clear": Route(STAFF, _own_cable_draft, method="post", note="400: empty"),
    "cables:compose-send-back": Route(
        STAFF, _own_cable_draft, method="post", note="400: empty form"
    ),
    "cables:compose-release": Route(STAFF, _own_cable_draft, method="post", note="400: empty"),
    "cables:compose-cancel": Route(STAFF, _own_cable_draft, method="post", note="400: empty"),
    "cables:work": Route(STAFF, note="the user's own drafts and steps"),
    "cables:detail": Route(STAFF, _own_cable_draft, note="readers of the cable only"),
    "cables:signed-pdf": Route(STAFF, _addressed_cable, note="readers of the cable only"),
    "cables:attachment": Route(STAFF, _own_cable_attachment, note="readers of the cable only"),
    "api-1.0.0:cables_compose_create": Route(STAFF, method="post", note="422: empty body"),
    "api-1.0.0:cables_compose_get": Route(STAFF, _own_cable_draft_id, note="its readers"),
    "api-1.0.0:cables_compose_update": Route(
        STAFF, _own_cable_draft_id, method="patch", note="422: empty body"
    ),
    "api-1.0.0:cables_compose_submit": Route(
        STAFF, _own_cable_draft_id, method="post", note="422: empty body"
    ),
    "api-1.0.0:cables_compose_clear": Route(
        STAFF, _own_cable_draft_id, method="post", note="422: empty body"
    ),
    "api-1.0.0:cables_compose_send_back": Route(
        STAFF, _own_cable_draft_id, method="post", note="422: empty body"
    ),
    "api-1.0.0:cables_compose_release": Route(
        STAFF, _own_cable_draft_id, method="post", note="422: empty body"
    ),
    "cables:reports-csv": Route(STAFF),
    "api-1.0.0:cables_report_figures": Route(STAFF),
    # Drafting, approval and issuing (the actions refuse; an empty form answers 400 first)
    "documents:draft-new": Route(
        (Role.SPECIALIST.value, Role.UNIT_HEAD.value, Role.LEADER.value),
        note="staff with a unit",
    ),
    "documents:draft-version": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:draft-comment": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:draft-comment-resolve": Route(
        STAFF, _draft_comment, method="post", note="its author or the drafter"
    ),
    "documents:draft-consult": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:draft-submit": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:draft-approve": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:draft-send-back": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:draft-issue": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "api-1.0.0:create_outgoing_draft": Route(STAFF, method="post", note="422: empty body"),
    "api-1.0.0:get_outgoing_draft": Route(STAFF, _api_handling_document, note="unclassified: all"),
    "api-1.0.0:upload_draft_version": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:comment_on_draft_version": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:submit_draft_for_approval": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:approve_outgoing_draft": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:send_back_outgoing_draft": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:issue_outgoing_document": Route(
        STAFF, _api_handling_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:list_outgoing_recipients": Route(STAFF, _api_handling_document),
    # Records management
    "documents:records": Route(STAFF, note="file plan and own unit's records"),
    "documents:records-dispositions": Route((Role.ARCHIVIST.value,)),
    "documents:records-propose": Route(
        (Role.ARCHIVIST.value,), method="post", note="400: empty form"
    ),
    "documents:records-disposition": Route((Role.ARCHIVIST.value,), _records_disposition),
    "documents:records-package": Route((Role.ARCHIVIST.value,), _records_transfer),
    "documents:records-declassification": Route((Role.ARCHIVIST.value, Role.LEADER.value)),
    "documents:records-declassification-decide": Route(
        (Role.ARCHIVIST.value, Role.LEADER.value),
        _records_declassification,
        method="post",
        note="400: empty form",
    ),
    "documents:records-review": Route((Role.ARCHIVIST.value, Role.LEADER.value)),
    "documents:records-declare": Route((Role.ARCHIVIST.value,), _official_document, method="post"),
    "documents:records-hold": Route((Role.ARCHIVIST.value,), _official_document, method="post"),
    "documents:records-request-declassification": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "documents:records-copies": Route(
        (Role.UNIT_HEAD.value, Role.ARCHIVIST.value, Role.ADMIN.value),
        _official_document,
        note="own unit's head, archivists, administrators",
    ),
    "documents:records-edxml-export": Route(
        STAFF, _official_document, method="post", note="400: empty form"
    ),
    "api-1.0.0:list_file_plan_categories": Route(STAFF),
    "api-1.0.0:declare_official_record": Route(
        STAFF, _api_records_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:set_official_record_hold": Route(
        STAFF, _api_records_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:list_record_dispositions": Route(STAFF, note="archivists see theirs; others none"),
    "api-1.0.0:decide_record_disposition": Route(
        STAFF, _api_records_disposition, method="post", note="422: empty body"
    ),
    "api-1.0.0:request_document_declassification": Route(
        STAFF, _api_records_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:decide_document_declassification": Route(
        STAFF, _api_records_declassification, method="post", note="422: empty body first"
    ),
    "api-1.0.0:list_document_copies": Route(
        (Role.UNIT_HEAD.value, Role.ARCHIVIST.value, Role.ADMIN.value), _api_records_document
    ),
    "api-1.0.0:import_edxml_envelope": Route(STAFF, method="post", note="422: no file"),
    "api-1.0.0:export_edxml_envelope": Route(
        STAFF, _api_records_document, method="post", note="422: empty body"
    ),
    "documents:intake_upload": Route(STAFF, note="clerks upload; others see why they cannot"),
    "documents:intake_register": Route(STAFF, _received_document, note="others: redirected"),
    "documents:intake_return": Route(STAFF, _received_document, note="others: told they cannot"),
    "documents:intake_panel": Route(STAFF, _official_document, note="unclassified: all staff"),
    "documents:registers": Route(STAFF, note="lists the user's unit's registers"),
    "documents:register_detail": Route(STAFF, _own_register, note="own unit's register"),
    "documents:register_export": Route(STAFF, _own_register, note="own unit's register"),
    "api-1.0.0:receive_incoming_document": Route(STAFF, method="post", note="422: no file"),
    "api-1.0.0:get_received_document": Route(STAFF, _api_received_document),
    "api-1.0.0:get_registration_prefill": Route(STAFF, _api_received_document),
    "api-1.0.0:register_incoming_document": Route(
        STAFF, _api_received_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:return_document_to_sender": Route(
        STAFF, _api_received_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:list_document_registers": Route(STAFF),
    "api-1.0.0:list_register_entries": Route(STAFF, _api_own_register),
    "api-1.0.0:openapi-view": Route(PUBLIC, note="the API's description is public"),
    "api-1.0.0:me": Route(STAFF),
    "api-1.0.0:list_units": Route(STAFF),
    "api-1.0.0:get_unit": Route(STAFF, _unit_code),
    "api-1.0.0:list_staff": Route(STAFF),
    "api-1.0.0:list_tokens": Route(STAFF),
    "api-1.0.0:create_api_token": Route(STAFF, method="post", note="400/422 for an empty body"),
    "api-1.0.0:delete_api_token": Route(STAFF, _own_token_id, method="delete"),
    "api-1.0.0:my_certificates": Route(STAFF),
    "api-1.0.0:list_documents": Route(STAFF),
    "api-1.0.0:sign": Route(STAFF, method="post", note="422: empty form"),
    "api-1.0.0:get_document": Route(STAFF, _api_document, note="unclassified: all staff"),
    "api-1.0.0:download": Route(STAFF, _api_document),
    "api-1.0.0:countersign_document": Route(
        STAFF, _api_document, method="post", note="422: empty body"
    ),
    "api-1.0.0:timestamp": Route(
        STAFF, _api_document_with_pki, method="post", note="own document, internal TSA"
    ),
    "api-1.0.0:revoke": Route(STAFF, _api_document, method="post", note="422: empty body"),
    "api-1.0.0:validate_file": Route(STAFF, method="post", note="422: no file"),
    "api-1.0.0:verify_code": Route(PUBLIC, _api_code, note="the public record of a code"),
    "api-1.0.0:create_batch": Route(STAFF, method="post", note="422: empty form"),
    "api-1.0.0:get_batch": Route(STAFF, _api_batch, note="the batch's signer only"),
    "api-1.0.0:list_official_documents": Route(STAFF),
    "api-1.0.0:get_official_document": Route(
        STAFF, _api_records_document, note="unclassified: all staff"
    ),
    "api-1.0.0:list_official_document_files": Route(STAFF, _api_records_document),
    "api-1.0.0:download_official_document_file": Route(STAFF, _api_official_document_file),
    "api-1.0.0:official_documents_report": Route(STAFF),
    # The public portal: Wagtail's pages and files, and the portal's own routes.
    "wagtail_serve": Route(PUBLIC, _portal_page),
    "wagtailcore_login": Route(PUBLIC, note="Wagtail's sign-in for private pages"),
    "wagtailcore_authenticate_with_password": Route(PUBLIC, _page_restriction),
    "wagtaildocs_serve": Route(PUBLIC, _portal_document),
    "wagtaildocs_authenticate_with_password": Route(PUBLIC, _document_restriction),
    "media": Route(PUBLIC, _media_file),
    "portal-sitemap": Route(PUBLIC),
    "portal:search": Route(PUBLIC),
    "portal:feed": Route(PUBLIC, lambda user: {"section": "news"}),
    "portal:advisory_feed": Route(PUBLIC, _portal_advisory),
    "portal:activities_ical": Route(PUBLIC),
    "portal:ask": Route(PUBLIC),
    "portal:ask_sent": Route(PUBLIC),
    "portal:subscribe": Route(PUBLIC),
    "portal:subscribe_sent": Route(PUBLIC),
    "portal:subscription_confirm": Route(PUBLIC, _portal_subscription),
    "portal:subscription_unsubscribe": Route(PUBLIC, _portal_subscription),
    # The public's questions: handlers of the question's unit, leaders and administrators;
    # editors see every question and publish answered ones.
    "portal_staff:questions": Route(PORTAL_QUESTION_READERS),
    "portal_staff:question": Route(PORTAL_QUESTION_READERS, _portal_question),
    "portal_staff:question_answer": Route(
        PORTAL_QUESTION_HANDLERS, _portal_question, method="post", note="400: empty answer"
    ),
    "portal_staff:question_publish": Route(
        PORTAL_QUESTION_READERS, _portal_question, method="post", note="withdraw: no change"
    ),
    "portal_staff:question_close": Route(PORTAL_QUESTION_HANDLERS, _portal_question, method="post"),
    "portal_staff:question_spam": Route(PORTAL_QUESTION_HANDLERS, _portal_question, method="post"),
}


# Namespaces (or path prefixes) covered as a whole, checked through one representative route.
GROUPS: dict[str, tuple[str, Route]] = {
    "admin": ("admin:index", Route(ADMIN_SITE)),
    # The portal's CMS (Wagtail's admin): editors and administrators; inside it, Wagtail's own
    # page permissions (tested in the portal's tests).
    "cms": ("wagtailadmin_home", Route(PORTAL_EDITORS)),
}
