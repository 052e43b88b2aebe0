"""The organisation: the ministry's units and missions, positions, appointments, delegations."""

from __future__ import annotations

import zoneinfo
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import MISSION_KINDS, AppointmentKind, UnitKind

if TYPE_CHECKING:
    from chancery.core.models.identity import User


class Translated(models.Model):
    """Name in the three working languages; ``name`` picks the active one."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        language = (get_language() or "vi")[:2]
        value: str = getattr(self, f"name_{language}", "") or ""
        return value or self.name_vi


def _valid_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(active=True)

    def missions(self) -> UnitQuerySet:
        return self.filter(kind__in=[kind.value for kind in MISSION_KINDS])

    def headquarters(self) -> UnitQuerySet:
        return self.exclude(kind__in=[kind.value for kind in MISSION_KINDS])


class Unit(Translated):
    """A headquarters department/office or a mission abroad, in one tree under the ministry."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Missions only: where they are and what they work in.
    host_country = models.CharField(
        _("host country (ISO 3166-1 alpha-2)"), max_length=2, blank=True
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Ho_Chi_Minh", validators=[_valid_time_zone]
    )
    languages = ArrayField(
        models.CharField(max_length=8),
        verbose_name=_("working languages"),
        default=list,
        blank=True,
    )
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in MISSION_KINDS]) | ~Q(host_country=""),
                name="core_unit_mission_has_host_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_mission(self) -> bool:
        return self.kind in MISSION_KINDS

    def ancestors(self) -> list[Unit]:
        chain: list[Unit] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Position(Translated):
    """A post in a unit (Director-General, Counsellor, Consul, Clerk...)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    is_head = models.BooleanField(_("heads the unit"), default=False)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=50, help_text=_("Lower ranks sort first.")
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__code", "rank"]

    def __str__(self) -> str:
        return f"{self.name} – {self.unit}"


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def current(self, on: date | None = None) -> AppointmentQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Appointment(models.Model):
    """A person holding (or acting in) a position, possibly posted abroad for a term."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=AppointmentKind.choices,
        default=AppointmentKind.SUBSTANTIVE,
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="core_appointment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.position}"


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def active(self, at: date | None = None) -> DelegationQuerySet:
        day = at or timezone.localdate()
        return self.filter(start__lte=day, end__gte=day, revoked_at__isnull=True)


class Delegation(models.Model):
    """``delegate`` acts for ``principal`` (their roles and units) until ``end``.

    Clearance is never delegated: a delegate reads classified material only up to their own
    clearance, whatever the principal holds.
    """

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting for"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="core_delegation_end_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(principal=models.F("delegate")), name="core_delegation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate} → {self.principal} ({self.start}–{self.end})"


class Compartment(Translated):
    """A need-to-know group; a classified object may require several."""

    code = models.SlugField(_("code"), max_length=32, unique=True)

    class Meta:
        verbose_name = _("compartment")
        verbose_name_plural = _("compartments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


def principal_users(user: User) -> list[User]:
    """The user plus everyone they currently act for."""
    # A principal who has left (inactive account) passes nothing on.
    active = user.delegations_received.active().filter(principal__is_active=True)
    principals = [d.principal for d in active.select_related("principal")]
    return [user, *principals]
