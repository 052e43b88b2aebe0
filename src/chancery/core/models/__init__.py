"""Core models, one module per concern; import them from here."""

from chancery.core.models.audit import AuditEntry
from chancery.core.models.identity import User
from chancery.core.models.org import Appointment, Compartment, Delegation, Position, Unit

__all__ = ["Appointment", "AuditEntry", "Compartment", "Delegation", "Position", "Unit", "User"]
