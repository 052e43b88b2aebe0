"""Admin registrations, one module per area; each is imported here."""

from chancery.core.admin import audit, calendars, org, staff

__all__ = ["audit", "calendars", "org", "staff"]
