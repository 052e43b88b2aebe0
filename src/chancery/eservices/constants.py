"""Vocabularies of the e-services: dossier states and their public and national mappings,
channels, levels of online service, kinds of dossier component, payment states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, register_scope

register_scope("read:eservices", _("Read e-service dossiers of your unit"))
register_scope(
    "write:eservices",
    _("Handle e-service dossiers of your unit"),
    roles=(Role.CONSULAR_OFFICER, Role.UNIT_HEAD, Role.LEADER, Role.ADMIN),
)


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    POST = "post", _("By post")


class ServiceLevel(models.TextChoices):
    """Level of online public service (Decree 42/2022): fully or partly online."""

    FULL = "full", _("Fully online")
    PARTIAL = "partial", _("Partly online")
    INFORMATION = "information", _("Information only")


class ComponentKind(models.TextChoices):
    ORIGINAL = "original", _("Original")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    PHOTOCOPY = "photocopy", _("Photocopy")
    ORIGINAL_OR_CERTIFIED = "original_or_certified", _("Original or certified copy")
    FORM = "form", _("Declaration form")
    PHOTO = "photo", _("Photograph")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    BUSINESS = "business", _("Business or organisation")


class DeliveryMethod(models.TextChoices):
    ACCOUNT = "account", _("In my account")
    POST = "post", _("By post")
    COUNTER = "counter", _("Collect at the counter")


class State(models.TextChoices):
    """The internal life of a dossier, richer than what the applicant or the portal see."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    REFUSED = "refused", _("Refused at intake")
    PROCESSING = "processing", _("Processing")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    PAYMENT_REQUESTED = "payment_requested", _("Payment requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RESULT_ISSUED = "result_issued", _("Result issued")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicStatus(models.TextChoices):
    """What the applicant sees: a few plain statuses."""

    DRAFT = "draft", _("Not sent yet")
    RECEIVED = "received", _("Received")
    ACTION_NEEDED = "action_needed", _("Action needed from you")
    IN_PROGRESS = "in_progress", _("Being processed")
    READY = "ready", _("Result ready")
    DONE = "done", _("Completed")
    CLOSED = "closed", _("Closed")


class NationalStatus(models.TextChoices):
    """The national public-service portal's ten dossier status codes (TrangThaiHoSo)."""

    NEW = "1", _("1 · Newly received")
    ACCEPTED = "2", _("2 · Accepted")
    PROCESSING = "3", _("3 · Processing")
    SUPPLEMENT = "4", _("4 · Supplement requested")
    DONE_EARLY_ON_TIME = "5", _("5 · Completed, result available")
    RETURNED = "6", _("6 · Result returned")
    REFUSED = "7", _("7 · Refused")
    WITHDRAWN = "8", _("8 · Withdrawn by the applicant")
    PAYMENT = "9", _("9 · Awaiting fee payment")
    SUSPENDED = "10", _("10 · Suspended")


# Each internal state: (public status, national status code or None while a draft).
STATE_MAP: dict[str, tuple[str, str | None]] = {
    State.DRAFT: (PublicStatus.DRAFT, None),
    State.SUBMITTED: (PublicStatus.RECEIVED, NationalStatus.NEW),
    State.ACCEPTED: (PublicStatus.IN_PROGRESS, NationalStatus.ACCEPTED),
    State.SUPPLEMENT_REQUESTED: (PublicStatus.ACTION_NEEDED, NationalStatus.SUPPLEMENT),
    State.REFUSED: (PublicStatus.CLOSED, NationalStatus.REFUSED),
    State.PROCESSING: (PublicStatus.IN_PROGRESS, NationalStatus.PROCESSING),
    State.AWAITING_APPROVAL: (PublicStatus.IN_PROGRESS, NationalStatus.PROCESSING),
    State.PAYMENT_REQUESTED: (PublicStatus.ACTION_NEEDED, NationalStatus.PAYMENT),
    State.APPROVED: (PublicStatus.IN_PROGRESS, NationalStatus.PROCESSING),
    State.REJECTED: (PublicStatus.CLOSED, NationalStatus.REFUSED),
    State.RESULT_ISSUED: (PublicStatus.READY, NationalStatus.DONE_EARLY_ON_TIME),
    State.RETURNED: (PublicStatus.DONE, NationalStatus.RETURNED),
    State.WITHDRAWN: (PublicStatus.CLOSED, NationalStatus.WITHDRAWN),
}

# Allowed transitions of the state machine (``actions.lifecycle.transition`` enforces them).
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.SUBMITTED: frozenset(
        {State.ACCEPTED, State.SUPPLEMENT_REQUESTED, State.REFUSED, State.WITHDRAWN}
    ),
    State.SUPPLEMENT_REQUESTED: frozenset({State.SUBMITTED, State.REFUSED, State.WITHDRAWN}),
    State.ACCEPTED: frozenset(
        {State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.PAYMENT_REQUESTED, State.WITHDRAWN}
    ),
    State.PROCESSING: frozenset(
        {
            State.AWAITING_APPROVAL,
            State.SUPPLEMENT_REQUESTED,
            State.PAYMENT_REQUESTED,
            State.APPROVED,
            State.REJECTED,
            State.WITHDRAWN,
        }
    ),
    State.AWAITING_APPROVAL: frozenset(
        {State.PROCESSING, State.APPROVED, State.REJECTED, State.PAYMENT_REQUESTED}
    ),
    State.PAYMENT_REQUESTED: frozenset(
        {State.ACCEPTED, State.PROCESSING, State.APPROVED, State.WITHDRAWN}
    ),
    State.APPROVED: frozenset({State.RESULT_ISSUED, State.PAYMENT_REQUESTED}),
    State.RESULT_ISSUED: frozenset({State.RETURNED}),
    State.REJECTED: frozenset(),
    State.REFUSED: frozenset(),
    State.RETURNED: frozenset(),
    State.WITHDRAWN: frozenset(),
}

# The deadline clock stops while the ministry waits for the applicant.
PAUSED_STATES = frozenset({State.SUPPLEMENT_REQUESTED, State.PAYMENT_REQUESTED})
# The dossier is finished: timeliness is judged when it enters one of these.
COMPLETED_STATES = frozenset({State.RESULT_ISSUED, State.REJECTED})
CLOSED_STATES = frozenset(
    {State.REFUSED, State.REJECTED, State.RETURNED, State.WITHDRAWN, State.RESULT_ISSUED}
)
OPEN_STATES = frozenset(set(State.values) - CLOSED_STATES - {State.DRAFT})


class Timeliness(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class PaymentState(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted")
    SUCCESS = "success", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class NoticeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SyncStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Accepted by the portal")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Failed, gave up")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")


# Largest single upload per file slot, and per dossier (bytes).
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOSSIER_BYTES = 50 * 1024 * 1024
