"""Staff identity: the user account with unit, roles, clearance and compartments."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import Clearance, Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices),
        verbose_name=_("roles"),
        default=list,
        blank=True,
    )
    clearance = models.PositiveSmallIntegerField(
        _("clearance"), choices=Clearance.choices, default=Clearance.UNCLASSIFIED
    )
    compartments = models.ManyToManyField(
        "core.Compartment", verbose_name=_("compartments"), blank=True, related_name="members"
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="vi",
        choices=[("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")],
    )

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clearance__gte=0) & models.Q(clearance__lte=3),
                name="core_user_clearance_range",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def has_role(self, role: str) -> bool:
        return role in self.roles or self.is_superuser
