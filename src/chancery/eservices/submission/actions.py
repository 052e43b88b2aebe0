"""The applicant's side of a dossier: draft, answers, files, resume link, withdrawal.

Submitting and answering a supplement live in ``submission.filing`` (re-exported here), so that
this module stays about the draft. Every function takes the acting applicant explicitly, owns
its transaction and the dossier row lock, and refuses a dossier that is not the applicant's with
``NotAllowed`` (404: its existence does not leak).

An interrupted upload never leaves a half dossier: the draft exists before any file is sent,
each file is attached in its own transaction (refused files leave nothing behind), and
``submit`` is a separate step that checks everything again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Role, Unit, User
from chancery.eservices.actions.lifecycle import record_event, transition
from chancery.eservices.constants import (
    MAX_DOSSIER_BYTES,
    MAX_FILE_BYTES,
    TRANSITIONS,
    Channel,
    DeliveryMethod,
    ServiceLevel,
    State,
    VersionStatus,
)
from chancery.eservices.exceptions import InvalidSubmission, NotAllowed
from chancery.eservices.models import (
    Applicant,
    ApplicantToken,
    Dossier,
    DossierFile,
    ProcedureVersion,
)
from chancery.eservices.queries import is_handler, scope_unit_ids
from chancery.eservices.submission.common import EDITABLE_STATES, current_round, own_locked
from chancery.eservices.submission.errors import (
    DossierTooLarge,
    FileRefused,
    NotAllowedToFile,
    NotEditable,
    NotOfferedHere,
    NotOpenForApplications,
    OtherApplicantSignedIn,
    ReasonRequired,
    ResumeLinkInvalid,
    TooManyFiles,
)
from chancery.eservices.submission.filing import (
    allocate_code,
    respond_to_supplement,
    submit,
)

__all__ = [
    "EDITABLE_STATES",
    "allocate_code",
    "attach_file",
    "remove_file",
    "respond_to_supplement",
    "resume",
    "save_answers",
    "send_resume_link",
    "start_draft",
    "submit",
    "withdraw",
]

# A resume link stays valid this long.
RESUME_TTL = timedelta(days=14)
# Types accepted in a file slot that does not say (scans and photographs of documents).
DEFAULT_SLOT_TYPES = frozenset({blobs.FileType.PDF, blobs.FileType.JPEG, blobs.FileType.PNG})
MAX_REASON_LENGTH = 2000


def _editable(applicant: Applicant, dossier_id: int) -> Dossier:
    dossier = own_locked(applicant, dossier_id)
    if dossier.state not in EDITABLE_STATES:
        raise NotEditable()
    return dossier


def start_draft(
    applicant: Applicant,
    version: ProcedureVersion,
    *,
    unit: Unit,
    channel: str,
    delivery: str = DeliveryMethod.ACCOUNT,
    postal_address: str = "",
    filed_by: User | None = None,
) -> Dossier:
    """Open a draft dossier of ``applicant`` for ``version`` at ``unit`` on ``channel``.

    Who may call: the applicant for themselves, or a member of staff of ``unit`` who handles
    dossiers (``filed_by``) at the counter on the applicant's behalf.
    Refuses a version that is not published or is information only, a unit that is not one of
    the version's agencies, a channel the version does not offer (in person only at a counter),
    delivery by post without an address, and staff of another unit.
    """
    if version.status != VersionStatus.PUBLISHED or version.level == ServiceLevel.INFORMATION:
        raise NotOpenForApplications()
    if filed_by is not None and (
        not is_handler(filed_by)
        or (unit.pk not in scope_unit_ids(filed_by) and not filed_by.has_role(Role.LEADER))
    ):
        raise NotAllowedToFile()
    if version.channel(channel) is None or (channel == Channel.IN_PERSON and filed_by is None):
        raise NotOfferedHere()
    if delivery not in DeliveryMethod.values:
        raise NotOfferedHere()
    postal_address = postal_address.strip()
    if delivery == DeliveryMethod.POST and not postal_address:
        raise InvalidSubmission(
            {"postal_address": [str(_("Give the address where we should post the result."))]}
        )
    with transaction.atomic():
        if not version.agencies.filter(pk=unit.pk).exists():
            raise NotOfferedHere()
        dossier = Dossier.objects.create(
            version=version,
            applicant=applicant,
            unit=unit,
            channel=channel,
            language=applicant.language,
            delivery=delivery,
            postal_address=postal_address[:2000],
            filed_by=filed_by,
        )
        record_event(
            dossier,
            "draft_started",
            actor=filed_by,
            by_applicant=filed_by is None,
            data={"channel": channel, "unit": unit.code},
            public=False,
        )
    return dossier


def save_answers(
    applicant: Applicant, dossier_id: int, data: dict[str, Any]
) -> dict[str, list[str]]:
    """Store the answers the applicant has given so far (checked, but incomplete is fine).

    Who may call: the dossier's applicant, while it is a draft or a supplement is requested.
    Fields that are not in the form are ignored; text is stored as typed (templates escape it).
    Returns the problems found so far, by field, for the page to show.
    """
    from chancery.eservices.forms import engine

    with transaction.atomic():
        dossier = _editable(applicant, dossier_id)
        answers, errors = engine.clean(dossier.version.form_schema, data, partial=True)
        dossier.form_data = dict(answers)
        dossier.save(update_fields=["form_data", "updated_at"])
    return {str(name): [str(message) for message in messages] for name, messages in errors.items()}


def _slot(dossier: Dossier, component: str) -> Any:
    from chancery.eservices.forms import engine

    for slot in engine.file_slots(dossier.version.form_schema, dossier.form_data):
        if slot.component == component:
            return slot
    raise FileRefused(_("This dossier has no place for that file."))


def allowed_types(accept: Iterable[str] | None) -> frozenset[blobs.FileType]:
    """The blob store's types for a slot's ``accept`` (type names, MIME types or extensions)."""
    if not accept:
        return DEFAULT_SLOT_TYPES
    by_mime = {mime: kind for kind, mime in blobs.MIME_TYPES.items()}
    found: set[blobs.FileType] = set()
    for raw in accept:
        value = str(raw).strip().lower().lstrip(".")
        if value in blobs.FileType.values:
            found.add(blobs.FileType(value))
        elif value in by_mime:
            found.add(by_mime[value])
        elif value in {"jpg", "jpe"}:
            found.add(blobs.FileType.JPEG)
        elif value in {"tif"}:
            found.add(blobs.FileType.TIFF)
    return frozenset(found) or DEFAULT_SLOT_TYPES


def _upload_size(upload: IO[bytes]) -> int | None:
    size = getattr(upload, "size", None)
    return int(size) if size is not None else None


def attach_file(
    applicant: Applicant, dossier_id: int, component: str, upload: IO[bytes]
) -> DossierFile:
    """Add one file to the slot ``component`` of the applicant's dossier.

    Who may call: the dossier's applicant, while it is a draft or a supplement is requested.
    Refuses (and stores nothing) a slot the form does not have, a slot already full, a file
    larger than ``MAX_FILE_BYTES``, a dossier that would pass ``MAX_DOSSIER_BYTES``, and
    whatever the blob store refuses (programs, disguised files, types the slot does not take),
    with the store's reason in the applicant's language (``FileRefused``).
    """
    filename = str(getattr(upload, "name", "") or "file")[:255]
    declared = getattr(upload, "content_type", None)
    with transaction.atomic():
        dossier = _editable(applicant, dossier_id)
        slot = _slot(dossier, component)
        live = dossier.files.filter(superseded=False)
        if slot.max_files and live.filter(component=component).count() >= slot.max_files:
            raise TooManyFiles()
        used = int(live.aggregate(total=Sum("size"))["total"] or 0)
        size = _upload_size(upload)
        if size is not None and used + size > MAX_DOSSIER_BYTES:
            raise DossierTooLarge()
        try:
            # A savepoint: a refusal after the blob row was written leaves nothing behind.
            with transaction.atomic():
                blob = blobs.store(
                    upload,
                    filename=filename,
                    actor=None,
                    owner=blobs.Owner.of(dossier),
                    label=f"{component}/{filename}"[:255],
                    allowed_types=allowed_types(getattr(slot, "accept", None)),
                    declared_type=declared,
                    max_bytes=min(MAX_FILE_BYTES, MAX_DOSSIER_BYTES - used),
                )
        except blobs.UploadRefused as exc:
            raise FileRefused(str(exc)) from None
        stored = DossierFile.objects.create(
            dossier=dossier,
            component=component,
            blob=blob,
            filename=filename,
            size=blob.size,
            content_type=blob.content_type,
            round=current_round(dossier),
        )
        if dossier.state != State.DRAFT:
            record_event(
                dossier,
                "file_added",
                by_applicant=True,
                data={"component": component, "file": stored.pk, "round": stored.round},
            )
    return stored


def remove_file(applicant: Applicant, dossier_id: int, file_id: int) -> None:
    """Take a file out of the applicant's dossier.

    Who may call: the dossier's applicant, while it is a draft or a supplement is requested.
    A file sent before (an earlier round) is kept and marked ``superseded``, so the history
    keeps what was first sent; a file added in this round is deleted. Refuses a file of another
    dossier (``NotAllowed``).
    """
    with transaction.atomic():
        dossier = _editable(applicant, dossier_id)
        stored = dossier.files.filter(pk=file_id, superseded=False).first()
        if stored is None:
            raise NotAllowed()
        if stored.round < current_round(dossier) or (
            dossier.state != State.DRAFT and stored.round == 0
        ):
            stored.superseded = True
            stored.save(update_fields=["superseded"])
        else:
            address = stored.blob.address
            stored.delete()
            if not dossier.files.filter(blob__address=address).exists():
                blobs.detach(blobs.Owner.of(dossier), actor=None, address=address)
        if dossier.state != State.DRAFT:
            record_event(
                dossier,
                "file_removed",
                by_applicant=True,
                data={"component": stored.component, "file": file_id},
            )


def resume_url(raw_token: str) -> str:
    return str(settings.CHANCERY_SITE_URL or "").rstrip("/") + reverse(
        "services:resume", kwargs={"token": raw_token}
    )


def send_resume_link(applicant: Applicant, dossier_id: int) -> None:
    """E-mail the applicant a one-use link back to their draft (valid ``RESUME_TTL``).

    Who may call: the dossier's applicant, while it can still be changed.
    """
    from chancery.eservices.applicants import tokens
    from chancery.eservices.notify import send_to_applicant

    with transaction.atomic():
        dossier = _editable(applicant, dossier_id)
        raw = tokens.issue(applicant, "resume", dossier=dossier, ttl=RESUME_TTL)
        send_to_applicant(
            applicant,
            "resume_link",
            {
                "link": resume_url(raw),
                "procedure": dossier.version.procedure.name,
                "hours": int(RESUME_TTL.total_seconds() // 3600),
            },
            dossier=dossier,
        )


def resume(raw_token: str, *, signed_in: Applicant | None = None) -> Dossier:
    """The draft a resume link points to; the caller then asks the applicant to sign in.

    Who may call: anyone holding the link. It signs nobody in. Refuses an unknown, used or
    expired link (``ResumeLinkInvalid``) and a link of another applicant than the one signed
    in on this browser (``OtherApplicantSignedIn``).
    """
    from chancery.eservices.applicants import tokens

    try:
        with transaction.atomic():
            token = tokens.consume(raw_token, "resume")
            # Refused inside the transaction: the link stays usable by its owner.
            if signed_in is not None and signed_in.pk != token.applicant_id:
                raise OtherApplicantSignedIn()
    except (tokens.InvalidToken, ApplicantToken.DoesNotExist, ValueError):
        raise ResumeLinkInvalid() from None
    if token.dossier_id is None:
        raise ResumeLinkInvalid()
    dossier = Dossier.objects.select_related("version__procedure").get(pk=token.dossier_id)
    return dossier


def withdraw(applicant: Applicant, dossier_id: int, reason: str) -> Dossier:
    """Withdraw the applicant's dossier (a draft is simply abandoned).

    Who may call: the dossier's applicant. Refuses a dossier whose state does not allow it
    (``InvalidTransition``: once approved, it can no longer be withdrawn) and a filed dossier
    without a reason.
    """
    reason = (reason or "").strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        dossier = own_locked(applicant, dossier_id)
        if State.WITHDRAWN not in TRANSITIONS.get(dossier.state, frozenset()):
            raise NotEditable()
        if dossier.state != State.DRAFT and not reason:
            raise ReasonRequired()
        transition(dossier, State.WITHDRAWN, by_applicant=True, note=reason)
    return dossier
