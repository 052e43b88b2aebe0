"""Choices and fixed values of cables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.service import register_scope

SCOPE_READ = register_scope("read:cables", _("Read the cables you may see"))
SCOPE_WRITE = register_scope("write:cables", _("Draft, clear, release and acknowledge cables"))

# Message kinds carried by the exchange transport between instances.
KIND_CABLE = "cables.cable"
KIND_ACK = "cables.ack"


class CableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CLEARING = "clearing", _("In clearance")
    AWAITING_RELEASE = "awaiting_release", _("Awaiting release")
    RELEASED = "released", _("Released")
    CANCELLED = "cancelled", _("Cancelled")


class AddresseeRole(models.TextChoices):
    ACTION = "action", _("Action")
    INFO = "info", _("Information")


class TagKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    SUBJECT = "subject", _("Subject")


class ClearanceStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting clearance")
    CLEARED = "cleared", _("Cleared")
    RETURNED = "returned", _("Sent back")


class DutyLevel(models.IntegerChoices):
    DUTY_OFFICER = 1, _("Duty officer")
    ESCALATION = 2, _("Escalation")


# Precedence levels seeded on migrate (administrators change them in the admin). Minutes to
# acknowledge (None: no acknowledgement required), then minutes from the alert to escalation.
DEFAULT_PRECEDENCES = (
    # code, rank, ack, escalate, vi, en, fr
    ("FLASH", 1, 10, 10, "Hỏa tốc", "Flash", "Flash"),
    ("IMMEDIATE", 2, 60, 60, "Khẩn", "Immediate", "Immédiat"),
    ("PRIORITY", 3, None, None, "Ưu tiên", "Priority", "Prioritaire"),
    ("ROUTINE", 4, None, None, "Thường", "Routine", "Routine"),
)

# Highest classification a paragraph marking may show, by level (portion marks as printed).
PORTION_MARKS = {0: "(U)", 1: "(C)", 2: "(S)", 3: "(TS)"}


# How each step of a cable's history reads on the reading view (CableEvent.kind).
EVENT_LABELS = {
    "drafted": _("Drafted"),
    "edited": _("Edited"),
    "attached": _("File attached"),
    "detached": _("File removed"),
    "submitted": _("Submitted for clearance"),
    "cleared": _("Cleared"),
    "sent_back": _("Sent back"),
    "cancelled": _("Cancelled"),
    "released": _("Released, signed and numbered"),
    "delivered": _("Delivered"),
    "received": _("Received from another instance"),
    "acknowledged": _("Acknowledged"),
    "alerted": _("Duty roster alerted"),
    "escalated": _("Escalated"),
    "exported": _("Exported to PDF"),
    "imported": _("Imported from the previous system (not signed)"),
}
