"""Vocabularies shared by every app: clearance levels, roles, kinds of unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Clearance(models.IntegerChoices):
    """Classification of an object and clearance of a person, lowest to highest."""

    UNCLASSIFIED = 0, _("Unclassified")
    CONFIDENTIAL = 1, _("Confidential (Mật)")
    SECRET = 2, _("Secret (Tối mật)")
    TOP_SECRET = 3, _("Top secret (Tuyệt mật)")


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_HEAD = "unit_head", _("Unit head")
    LEADER = "leader", _("Ministry leader")
    CONSULAR_OFFICER = "consular_officer", _("Consular officer")
    EDITOR = "editor", _("Editor")
    DATA_STEWARD = "data_steward", _("Data steward")
    TRAINER = "trainer", _("Trainer")
    ADMIN = "admin", _("Administrator")


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    DIVISION = "division", _("Division")
    EMBASSY = "embassy", _("Embassy")
    CONSULATE_GENERAL = "consulate_general", _("Consulate-general")
    PERMANENT_MISSION = "permanent_mission", _("Permanent mission")


# A tuple, not a set: migrations serialise it and must see the same order every time.
MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL, UnitKind.PERMANENT_MISSION)


class AppointmentKind(models.TextChoices):
    SUBSTANTIVE = "substantive", _("Holds the position")
    ACTING = "acting", _("Acting in the position")
    POSTING = "posting", _("Posted abroad for a term")
