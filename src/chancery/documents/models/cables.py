"""Diplomatic cables: composing, clearing, release, delivery, acknowledgement and archive.

A cable's id is its end-to-end message id: the copy another Chancery instance receives has the
same id, so a cable is never delivered twice and an acknowledgement finds its way back.

Access is the architecture's model with two narrowings (``CableQuerySet.visible_to``): a cable
is read only by its distribution and its assigned units at every level, unclassified included
(drafts: the drafter, clearers and approver; released: the addressees, named people and the
drafting unit, all kept by the actions), and a reader must satisfy every caption of the cable.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance, Guarded, GuardedQuerySet, Translated
from chancery.documents.cables.constants import (
    AddresseeRole,
    CableStatus,
    ClearanceStatus,
    DutyLevel,
    TagKind,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User


class PrecedenceLevel(Translated):
    """FLASH, IMMEDIATE, PRIORITY, ROUTINE (configurable): how fast a cable must be handled.

    ``ack_minutes``: the action addressee must acknowledge within this time, or the duty
    roster of their unit is alerted (None: no acknowledgement required). ``escalate_minutes``:
    from the alert until escalation to the unit head and the second level of the roster.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank (1 is the most urgent)"), unique=True)
    ack_minutes = models.PositiveIntegerField(_("minutes to acknowledge"), null=True, blank=True)
    escalate_minutes = models.PositiveIntegerField(
        _("minutes from alert to escalation"), null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("precedence level")
        verbose_name_plural = _("precedence levels")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.code

    @property
    def requires_ack(self) -> bool:
        return self.ack_minutes is not None


class CableTag(Translated):
    """A subject tag from the managed taxonomy: a country code (ISO 3166 alpha-2) or a subject
    code (``PREL`` political relations, ``ECON``...). Administrators edit it in the admin."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TagKind.choices)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("cable tag")
        verbose_name_plural = _("cable tags")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.code


class CaptionQuerySet(models.QuerySet["Caption"]):
    def satisfied_by(self, user: User) -> CaptionQuerySet:
        """Captions ``user`` satisfies: a role, their unit or themselves named by it."""
        held = Q(roles__overlap=list(user.roles)) | Q(people=user.pk)
        if user.unit_id is not None:
            held |= Q(units=user.unit_id)
        return self.filter(held)


class Caption(Translated):
    """A distribution caption that narrows who may read a cable (for example, leaders only).

    A reader satisfies it by holding one of ``roles``, belonging to one of ``units`` or being
    one of ``people``; a cable with several captions needs every one of them satisfied.
    Captions are personal, like clearance: a delegation never lends one.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    roles = ArrayField(
        models.CharField(max_length=32), verbose_name=_("roles"), default=list, blank=True
    )
    units = models.ManyToManyField(
        "core.Unit", verbose_name=_("units"), blank=True, related_name="+"
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people"), blank=True, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[CaptionQuerySet] = CaptionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("distribution caption")
        verbose_name_plural = _("distribution captions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class CableQuerySet(GuardedQuerySet["Cable"]):
    addressed_only = True

    def visible_to(self, user: User | AnonymousUser) -> CableQuerySet:
        """Cables ``user`` may read: the access model at every level (addressed only), and every
        caption of the cable satisfied by the user. One SQL query."""
        visible: Any = super().visible_to(user)
        if not user.is_authenticated or not user.is_active:
            return visible  # type: ignore[no-any-return]
        through: Any = Cable.captions.through
        unmet = through.objects.filter(cable_id=OuterRef("pk")).exclude(
            caption__in=Caption.objects.satisfied_by(user).values("pk")
        )
        return visible.filter(~Exists(unmet))  # type: ignore[no-any-return]

    def released(self) -> CableQuerySet:
        return self.filter(status=CableStatus.RELEASED)


class CableSeries(models.Model):
    """The numbering of one originating post for one year: released cables take the next
    number under this row's lock, so numbers run from 1 each year with no gap."""

    post = models.ForeignKey(
        "core.Unit", verbose_name=_("originating post"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("cable series")
        verbose_name_plural = _("cable series")
        constraints = [
            models.UniqueConstraint(fields=["post", "year"], name="cables_series_post_year")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}/{self.year}"


class Cable(Guarded):
    """A diplomatic cable. ``classification`` is the overall level: at least the highest
    paragraph marking (checked on every save by the actions and again at release)."""

    id = models.UUIDField(_("message id"), primary_key=True, default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CableStatus.choices, default=CableStatus.DRAFT
    )
    post = models.ForeignKey(
        "core.Unit",
        verbose_name=_("originating post"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Headquarters or the mission that sends the cable; it numbers it."),
    )
    drafting_unit = models.ForeignKey(
        "core.Unit", verbose_name=_("drafting unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    reference = models.CharField(_("cable number"), max_length=60, blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    precedence = models.ForeignKey(
        PrecedenceLevel, verbose_name=_("precedence"), on_delete=models.PROTECT, related_name="+"
    )
    tags = ArrayField(
        models.CharField(max_length=12), verbose_name=_("tags"), default=list, blank=True
    )
    captions = models.ManyToManyField(
        Caption, verbose_name=_("captions"), blank=True, related_name="+"
    )
    references = models.ManyToManyField(
        "self",
        verbose_name=_("references"),
        symmetrical=False,
        blank=True,
        related_name="referenced_by",
    )
    document_references = models.ManyToManyField(
        "documents.Document", verbose_name=_("referenced documents"), blank=True, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who releases the cable once every clearer has cleared it."),
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_by_name = models.CharField(_("released by"), max_length=255, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, db_index=True)
    signed_document = models.ForeignKey(
        "signing.SignedDocument",
        verbose_name=_("signed cable"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The signed PDF as a blob of this instance (a received cable has no SignedDocument here).
    signed_pdf = models.ForeignKey(
        "blobs.Blob",
        verbose_name=_("signed PDF"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Received from another instance: its code, when, and the signature check on receipt
    # ("valid", "invalid", "indeterminate"); empty for cables released here.
    origin_instance = models.CharField(_("received from"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    signature_verdict = models.CharField(_("signature check"), max_length=16, blank=True)
    # Search: paragraphs and subject, maintained by the cables search module.
    body_text = models.TextField(_("text"), blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drafted_by_name = models.CharField(_("drafted by"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects: ClassVar[CableQuerySet] = CableQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("cable")
        verbose_name_plural = _("cables")
        ordering = ["-released_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "year", "number"],
                condition=Q(number__isnull=False),
                name="cables_number_unique_per_post_year",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="cables_search_gin"),
            GinIndex(fields=["tags"], name="cables_tags_gin"),
            models.Index(fields=["status", "-released_at"], name="cables_status_released"),
        ]

    def __str__(self) -> str:
        return self.reference or self.subject[:80]

    @property
    def is_released(self) -> bool:
        return self.status == CableStatus.RELEASED

    @property
    def is_remote(self) -> bool:
        return bool(self.origin_instance)


class CableParagraph(models.Model):
    """A numbered paragraph with its own classification marking (portion marking)."""

    cable = models.ForeignKey(
        Cable, verbose_name=_("cable"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    classification = models.PositiveSmallIntegerField(
        _("marking"), choices=Clearance.choices, default=Clearance.UNCLASSIFIED
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "number"], name="cables_paragraph_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}."


class CableAddressee(models.Model):
    """An action or information addressee: a unit (headquarters unit or mission) or a person."""

    cable = models.ForeignKey(
        Cable, verbose_name=_("cable"), on_delete=models.CASCADE, related_name="addressees"
    )
    role = models.CharField(_("role"), max_length=8, choices=AddresseeRole.choices)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="cables_addressee_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["cable", "unit"],
                condition=Q(unit__isnull=False),
                name="cables_addressee_unit_once",
            ),
            models.UniqueConstraint(
                fields=["cable", "person"],
                condition=Q(person__isnull=False),
                name="cables_addressee_person_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.unit_id or self.person_id}"


class CableClearer(models.Model):
    """One clearer of a draft, in order; ``round`` counts send-backs."""

    cable = models.ForeignKey(
        Cable, verbose_name=_("cable"), on_delete=models.CASCADE, related_name="clearers"
    )
    clearer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clearer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ClearanceStatus.choices, default=ClearanceStatus.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clearer")
        verbose_name_plural = _("clearers")
        ordering = ["round", "position"]

    def __str__(self) -> str:
        return f"{self.cable_id}: {self.clearer_id}"


class CableAttachment(models.Model):
    """A file attached to a cable (encrypted at rest at the cable's level when classified)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cable = models.ForeignKey(
        Cable, verbose_name=_("cable"), on_delete=models.CASCADE, related_name="attachments"
    )
    blob = models.ForeignKey(
        "blobs.Blob", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cable attachment")
        verbose_name_plural = _("cable attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.filename


class CableDelivery(models.Model):
    """Delivery of a released cable to one addressee, and its acknowledgement.

    ``route``: empty when the addressee works on this instance, else the code of the peer
    instance the cable travels to (``delivered_at`` is then set from that instance's signed
    receipt). ``ack_due_at`` is set for action addressees when the precedence requires an
    acknowledgement; the alert and the escalation are each sent once.
    """

    cable = models.ForeignKey(
        Cable, verbose_name=_("cable"), on_delete=models.CASCADE, related_name="deliveries"
    )
    addressee = models.OneToOneField(
        CableAddressee,
        verbose_name=_("addressee"),
        on_delete=models.CASCADE,
        related_name="delivery",
    )
    role = models.CharField(_("role"), max_length=8, choices=AddresseeRole.choices)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    route = models.CharField(_("delivered through"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("first read at"), null=True, blank=True)
    ack_due_at = models.DateTimeField(
        _("acknowledgement due at"), null=True, blank=True, db_index=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_by_name = models.CharField(_("acknowledged by"), max_length=255, blank=True)
    alerted_at = models.DateTimeField(_("duty roster alerted at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cable delivery")
        verbose_name_plural = _("cable deliveries")
        indexes = [
            models.Index(
                fields=["ack_due_at"],
                condition=Q(acknowledged_at__isnull=True, ack_due_at__isnull=False),
                name="cables_delivery_ack_pending",
            ),
            models.Index(fields=["unit", "delivered_at"], name="cables_delivery_unit"),
            models.Index(fields=["person", "delivered_at"], name="cables_delivery_person"),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} → {self.unit_id or self.person_id}"


class CableEvent(models.Model):
    """The cable's history as its readers see it (the audit chain keeps the proof)."""

    cable = models.ForeignKey(
        Cable, verbose_name=_("cable"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=255, blank=True)
    kind = models.CharField(_("event"), max_length=40)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cable event")
        verbose_name_plural = _("cable events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.cable_id}: {self.kind}"


class DutyShiftQuerySet(models.QuerySet["DutyShift"]):
    def on_duty(self, unit_id: int, at: Any, level: int) -> DutyShiftQuerySet:
        return self.filter(unit_id=unit_id, level=level, starts_at__lte=at, ends_at__gt=at)


class DutyShift(models.Model):
    """Who is on duty for a unit, when: level 1 is alerted when an urgent cable is not
    acknowledged in time, level 2 when the alert is not answered either (escalation)."""

    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=DutyLevel.choices, default=DutyLevel.DUTY_OFFICER
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[DutyShiftQuerySet] = DutyShiftQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["unit", "starts_at", "level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="cables_duty_shift_order"
            )
        ]
        indexes = [models.Index(fields=["unit", "level", "starts_at"], name="cables_duty_on")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.person_id}"
