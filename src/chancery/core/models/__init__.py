"""Core models, one module per concern; import them from here."""

from chancery.core.models.audit import AuditCheckpoint, AuditEntry
from chancery.core.models.calendars import CalendarDay, CalendarDayKind, WorkCalendar
from chancery.core.models.identity import User
from chancery.core.models.jobs import JobError, JobProgress
from chancery.core.models.login import LoginAttempt, LoginLock, LoginOutcome
from chancery.core.models.mfa import RecoveryCode, TotpDevice, WebAuthnCredential
from chancery.core.models.notifications import Notification
from chancery.core.models.org import Appointment, Compartment, Delegation, Position, Unit
from chancery.core.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "Appointment",
    "AuditCheckpoint",
    "AuditEntry",
    "CalendarDay",
    "CalendarDayKind",
    "Compartment",
    "Delegation",
    "JobError",
    "JobProgress",
    "LoginAttempt",
    "LoginLock",
    "LoginOutcome",
    "Notification",
    "Position",
    "RecoveryCode",
    "TotpDevice",
    "Unit",
    "User",
    "WebAuthnCredential",
    "WorkCalendar",
]
