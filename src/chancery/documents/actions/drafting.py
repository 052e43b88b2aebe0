"""Drafting outgoing documents: drafts, versions, tracked review comments, consultation of other
units and the approval chain (drafter → unit head → ministry leader).

Issuing (number, signature, dispatch) is in ``actions.issuing``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Role, Unit, User, can, notify, record_audit
from chancery.documents.actions.common import add_file, document_url, lock_document, unit_heads
from chancery.documents.constants import (
    ActivityKind,
    ApprovalStage,
    Decision,
    Direction,
    FileRole,
    RecipientKind,
    Status,
    Urgency,
)
from chancery.documents.exceptions import (
    BadFile,
    DocumentError,
    NotAllowed,
    WrongState,
)
from chancery.documents.models import (
    Activity,
    ApprovalStep,
    Document,
    DocumentFile,
    DocumentType,
    DraftVersion,
    Recipient,
    ReviewComment,
)

DRAFT_TYPES = (blobs.FileType.DOCX, blobs.FileType.ODT, blobs.FileType.PDF)
CONVERT_SECONDS = 120


class InvalidDraft(DocumentError):
    code = "invalid-draft"
    status = 422
    message = _("The draft is not complete.")


@dataclass(frozen=True)
class RecipientSpec:
    """Where the document goes: a unit or mission (``unit``), another agency (``agency_name``,
    ``agency_code``), or a printed copy (``agency_name``: the addressee on the cover sheet)."""

    kind: str
    unit: Unit | None = None
    agency_name: str = ""
    agency_code: str = ""


def _bump(document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(version=F("version") + 1)
    document.refresh_from_db(fields=["version", "status"])


def _check(user: User, action: str, document: Document, *states: str) -> None:
    if not can(user, action, document):
        raise NotAllowed()
    if states and document.status not in states:
        raise WrongState()


def _recipients(document: Document, specs: Sequence[RecipientSpec]) -> None:
    for spec in specs:
        if spec.kind == RecipientKind.UNIT and spec.unit is None:
            raise InvalidDraft(_("Choose the unit or mission that receives the document."))
        if spec.kind in (RecipientKind.AGENCY, RecipientKind.PRINT) and not spec.agency_name:
            raise InvalidDraft(_("Give the name of the agency or addressee."))
        if spec.kind not in RecipientKind.values:
            raise InvalidDraft(_("Unknown kind of recipient."))
        Recipient.objects.create(
            document=document,
            kind=spec.kind,
            unit=spec.unit if spec.kind == RecipientKind.UNIT else None,
            agency_name=spec.agency_name.strip(),
            agency_code=spec.agency_code.strip(),
        )


def may_start_draft(user: User) -> bool:
    """Specialists, unit heads and leaders who belong to a unit draft outgoing documents."""
    return user.unit_id is not None and any(
        user.has_role(role) for role in (Role.SPECIALIST, Role.UNIT_HEAD, Role.LEADER)
    )


def create_draft(
    user: User,
    *,
    document_type: DocumentType,
    subject: str,
    urgency: int = Urgency.NORMAL,
    classification: int = 0,
    recipients: Sequence[RecipientSpec] = (),
    in_reply_to: Document | None = None,
) -> Document:
    """Start an outgoing document in the drafter's unit (status drafting, no number yet).

    Who may: specialists, unit heads and leaders with a unit. Refuses an empty abstract, a
    classification above the drafter's clearance, and a reply to a document they cannot see
    or that is not incoming.
    """
    if not may_start_draft(user) or user.unit_id is None:
        raise NotAllowed(_("Only specialists, unit heads and leaders draft documents."))
    unit_id: int = user.unit_id
    if not subject.strip():
        raise InvalidDraft(_("Write the abstract of the document."))
    if classification > user.clearance:
        raise NotAllowed(_("You cannot draft above your own clearance."))
    if in_reply_to is not None and (
        in_reply_to.direction != Direction.INCOMING or not can(user, "view", in_reply_to)
    ):
        raise InvalidDraft(_("A reply answers an incoming document you can see."))
    with transaction.atomic():
        document = Document.objects.create(
            direction=Direction.OUTGOING,
            status=Status.DRAFTING,
            unit_id=unit_id,
            document_type=document_type,
            subject=subject.strip(),
            urgency=urgency,
            classification=classification,
            in_reply_to=in_reply_to,
            created_by=user,
        )
        document.distribution.add(user)
        # The drafting unit holds the draft (its head reviews it before it is submitted).
        document.assigned_units.add(unit_id)
        _recipients(document, recipients)
        record_audit(
            user,
            "documents.draft_created",
            document,
            data={"type": document_type.code, "recipients": len(recipients)},
        )
    return document


def set_recipients(
    user: User, document: Document, recipients: Sequence[RecipientSpec], *, version: int
) -> Document:
    """Replace the recipients of a draft. Who may: the drafter (or their unit head), while
    drafting."""
    _check(user, "draft", document, Status.DRAFTING)
    with transaction.atomic():
        locked = lock_document(document, version)
        _check(user, "draft", locked, Status.DRAFTING)
        locked.recipients.all().delete()
        _recipients(locked, recipients)
        _bump(locked)
        record_audit(user, "documents.recipients_set", locked, data={"count": len(recipients)})
    return locked


def render_pdf(data: bytes, suffix: str) -> bytes | None:
    """The PDF rendering of a DOCX or ODT file by LibreOffice, or ``None`` when LibreOffice is
    not installed. Raises ``BadFile`` when LibreOffice cannot read the file."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="chancery-draft-") as work:
        source = Path(work) / f"draft{suffix}"
        source.write_bytes(data)
        # One profile per conversion: concurrent conversions must not share LibreOffice's lock.
        profile = (Path(work) / "profile").as_uri()
        try:
            subprocess.run(  # noqa: S603 (a fixed binary, no shell, our own arguments)
                [
                    binary,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    work,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=CONVERT_SECONDS,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise BadFile(_("The draft could not be converted to PDF.")) from exc
        target = Path(work) / "draft.pdf"
        if not target.exists():
            raise BadFile(_("The draft could not be converted to PDF."))
        return target.read_bytes()


def _store_file(
    user: User, document: Document, data: bytes, filename: str, declared: str | None
) -> DocumentFile:
    return add_file(
        user,
        document,
        data,
        filename=filename,
        role=FileRole.DRAFT,
        declared_type=declared,
        allowed_types=DRAFT_TYPES,
        bind_to_file=True,
    )


def upload_version(
    user: User,
    document: Document,
    *,
    data: bytes,
    filename: str,
    content_type: str | None = None,
    note: str = "",
    version: int,
) -> DraftVersion:
    """Add a version of the draft (DOCX, ODT or PDF). DOCX and ODT are rendered to the PDF
    that will be signed, when LibreOffice is installed.

    Who may: the drafter (or their unit head), while drafting. Refuses other file types and
    files that do not match their name (``BadFile`` or the blob store's refusals).
    """
    _check(user, "draft", document, Status.DRAFTING)
    suffix = Path(filename).suffix.lower()
    if suffix not in (".docx", ".odt", ".pdf"):
        raise BadFile(_("Upload a DOCX, ODT or PDF file."))
    pdf_data = data if suffix == ".pdf" else render_pdf(data, suffix)
    with transaction.atomic():
        locked = lock_document(document, version)
        _check(user, "draft", locked, Status.DRAFTING)
        try:
            original = _store_file(user, locked, data, filename, content_type)
        except blobs.UploadRefused as exc:
            raise BadFile(getattr(exc, "message", None) or BadFile.message) from exc
        pdf = original
        if suffix != ".pdf":
            pdf = (
                _store_file(user, locked, pdf_data, f"{Path(filename).stem}.pdf", None)
                if pdf_data is not None
                else None  # type: ignore[assignment]
            )
        number = (locked.draft_versions.aggregate(top=Max("number"))["top"] or 0) + 1
        draft = DraftVersion.objects.create(
            document=locked, number=number, file=original, pdf=pdf, note=note.strip(), author=user
        )
        _bump(locked)
        record_audit(
            user,
            "documents.version_uploaded",
            locked,
            data={"version": number, "sha256": original.sha256, "pdf": pdf is not None},
        )
    return draft


def latest_version(document: Document) -> DraftVersion | None:
    return document.draft_versions.select_related("pdf", "file").order_by("-number").first()


def add_comment(
    user: User, document: Document, *, body: str, quote: str = "", version: DraftVersion | None
) -> ReviewComment:
    """Comment on a version (the latest by default), quoting the passage it is about.

    Who may: whoever can see the draft (drafter, approvers, units consulted), while drafting or
    in approval. Refuses an empty comment and a draft without versions.
    """
    _check(user, "review_draft", document, Status.DRAFTING, Status.IN_REVIEW)
    if not body.strip():
        raise InvalidDraft(_("Write the comment."))
    target = version or latest_version(document)
    if target is None or target.document_id != document.pk:
        raise InvalidDraft(_("Upload a version before commenting."))
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            version=target, author=user, quote=quote.strip(), body=body.strip()
        )
        record_audit(user, "documents.comment_added", document, data={"version": target.number})
    if document.created_by_id != user.pk:
        notify(
            document.created_by,
            "documents.comment",
            _("New comment on your draft"),
            url=document_url(document),
        )
    return comment


def resolve_comment(user: User, comment: ReviewComment) -> ReviewComment:
    """Mark a comment resolved. Who may: its author or the drafter; refuses twice."""
    document = comment.version.document
    if not (comment.author_id == user.pk or can(user, "draft", document)):
        raise NotAllowed()
    with transaction.atomic():
        locked = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        if locked.resolved_at is not None:
            raise WrongState(_("This comment is already resolved."))
        locked.resolved_at = timezone.now()
        locked.resolved_by = user
        locked.save(update_fields=["resolved_at", "resolved_by"])
        record_audit(user, "documents.comment_resolved", document, data={"comment": locked.pk})
    return locked


def request_opinion(user: User, document: Document, *, unit: Unit, body: str) -> Activity:
    """Ask another unit for its opinion on the draft; the unit can then see the draft and its
    heads are notified. Who may: the drafter while drafting; refuses the drafting unit itself
    and an empty question."""
    _check(user, "draft", document, Status.DRAFTING, Status.IN_REVIEW)
    if unit.pk == document.unit_id:
        raise InvalidDraft(_("Ask a unit other than your own."))
    if not body.strip():
        raise InvalidDraft(_("Write what you ask the unit."))
    with transaction.atomic():
        activity = Activity.objects.create(
            document=document,
            kind=ActivityKind.OPINION_REQUEST,
            author=user,
            body=body.strip(),
            target_unit=unit,
        )
        document.assigned_units.add(unit)
        record_audit(user, "documents.opinion_requested", document, data={"unit": unit.pk})
        for head in unit_heads(unit.pk):
            notify(
                head,
                "documents.opinion_request",
                _("Your opinion is requested on a draft"),
                url=document_url(document),
            )
    return activity


def eligible_approvers(document: Document) -> dict[str, QuerySet[User]]:
    """Who may be chosen at each stage: heads of the drafting unit, and ministry leaders."""
    leaders = User.objects.filter(is_active=True, roles__contains=[Role.LEADER])
    return {
        ApprovalStage.UNIT_HEAD: unit_heads(document.unit_id).order_by("full_name"),
        ApprovalStage.LEADER: leaders.order_by("full_name"),
    }


def current_round(document: Document) -> int:
    return int(document.approval_steps.aggregate(top=Max("round"))["top"] or 0)


def chain(document: Document) -> list[ApprovalStep]:
    """The steps of the latest round, in order."""
    return list(
        document.approval_steps.filter(round=current_round(document))
        .select_related("approver", "version")
        .order_by("order")
    )


def pending_step(document: Document) -> ApprovalStep | None:
    return next((s for s in chain(document) if s.decision == Decision.PENDING), None)


def final_signer(document: Document) -> User | None:
    """Who signs: the approver of the last step of the latest round."""
    steps = chain(document)
    return steps[-1].approver if steps else None


def submit_for_approval(
    user: User, document: Document, *, unit_head: User, leader: User | None = None, version: int
) -> list[ApprovalStep]:
    """Send the latest version for approval: the drafter's own step, then the chosen head of
    the drafting unit, then (optionally) the chosen ministry leader, who then signs; without a
    leader the unit head signs. Starts a new round after a draft was sent back.

    Who may: the drafter, while drafting. Refuses a draft without versions or recipients, and
    approvers who are not eligible for their stage.
    """
    if document.created_by_id != user.pk:
        raise NotAllowed(_("Only the drafter submits the draft."))
    _check(user, "draft", document, Status.DRAFTING)
    eligible = eligible_approvers(document)
    if not eligible[ApprovalStage.UNIT_HEAD].filter(pk=unit_head.pk).exists():
        raise InvalidDraft(_("Choose a head of the drafting unit."))
    if leader is not None and not eligible[ApprovalStage.LEADER].filter(pk=leader.pk).exists():
        raise InvalidDraft(_("Choose a ministry leader."))
    with transaction.atomic():
        locked = lock_document(document, version)
        _check(user, "draft", locked, Status.DRAFTING)
        draft = latest_version(locked)
        if draft is None:
            raise InvalidDraft(_("Upload a version before submitting."))
        if draft.pdf_id is None:
            raise InvalidDraft(_("The latest version has no PDF to sign: upload a PDF."))
        if not locked.recipients.exists():
            raise InvalidDraft(_("Add at least one recipient before submitting."))
        number = current_round(locked) + 1
        now = timezone.now()
        stages = [(ApprovalStage.DRAFTER, user), (ApprovalStage.UNIT_HEAD, unit_head)]
        if leader is not None:
            stages.append((ApprovalStage.LEADER, leader))
        steps = [
            ApprovalStep.objects.create(
                document=locked,
                round=number,
                order=order,
                stage=stage,
                approver=approver,
                decision=Decision.APPROVED if order == 1 else Decision.PENDING,
                version=draft if order == 1 else None,
                decided_at=now if order == 1 else None,
            )
            for order, (stage, approver) in enumerate(stages, start=1)
        ]
        locked.distribution.add(*(approver for _stage, approver in stages))
        locked.status = Status.IN_REVIEW
        locked.save(update_fields=["status", "updated_at"])
        _bump(locked)
        record_audit(
            user,
            "documents.submitted",
            locked,
            data={"round": number, "version": draft.number, "chain": [a.pk for _s, a in stages]},
        )
        _notify_approver(steps[1].approver, locked)
    return steps


def _notify_approver(approver: User, document: Document) -> None:
    notify(
        approver,
        "documents.approval",
        _("A draft waits for your approval"),
        url=document_url(document),
    )


def _decide(user: User, document: Document, version: int) -> tuple[Document, ApprovalStep]:
    _check(user, "view", document, Status.IN_REVIEW)
    locked = lock_document(document, version)
    if locked.status != Status.IN_REVIEW:
        raise WrongState()
    step = pending_step(locked)
    if step is None or step.approver_id != user.pk:
        raise NotAllowed(_("The draft is not waiting for your decision."))
    return locked, step


def approve(user: User, document: Document, *, version: int) -> ApprovalStep:
    """Approve the latest version at the user's step; the next approver is notified, and after
    the last step the document is approved, to be issued by that last approver.

    Who may: the approver whose step is next. Refuses anyone else and other states.
    """
    with transaction.atomic():
        locked, step = _decide(user, document, version)
        step.decision = Decision.APPROVED
        step.decided_at = timezone.now()
        step.version = latest_version(locked)
        step.save(update_fields=["decision", "decided_at", "version"])
        following = pending_step(locked)
        if following is None:
            locked.status = Status.APPROVED
            locked.save(update_fields=["status", "updated_at"])
            notify(
                locked.created_by,
                "documents.approved",
                _("Your draft was approved"),
                url=document_url(locked),
            )
        else:
            _notify_approver(following.approver, locked)
        _bump(locked)
        record_audit(
            user,
            "documents.approved",
            locked,
            data={"round": step.round, "stage": step.stage, "final": following is None},
        )
    return step


def send_back(user: User, document: Document, *, reason: str, version: int) -> ApprovalStep:
    """Return the draft to its drafter with a reason; the later steps of the round are dropped
    and the drafter starts a new round by submitting again (the decided steps stay).

    Who may: the approver whose step is next. Refuses an empty reason.
    """
    if not reason.strip():
        raise InvalidDraft(_("Say why you send the draft back."))
    with transaction.atomic():
        locked, step = _decide(user, document, version)
        step.decision = Decision.RETURNED
        step.reason = reason.strip()
        step.decided_at = timezone.now()
        step.version = latest_version(locked)
        step.save(update_fields=["decision", "reason", "decided_at", "version"])
        locked.approval_steps.filter(
            round=step.round, order__gt=step.order, decision=Decision.PENDING
        ).delete()
        locked.status = Status.DRAFTING
        locked.save(update_fields=["status", "updated_at"])
        _bump(locked)
        record_audit(
            user,
            "documents.sent_back",
            locked,
            data={"round": step.round, "stage": step.stage, "reason": step.reason},
        )
        notify(
            locked.created_by,
            "documents.sent_back",
            _("Your draft was sent back"),
            url=document_url(locked),
        )
    return step
