"""The only module of ``core`` that other apps import.

Organisation, identity, access, audit, calendars and notifications are reached from here so
that other apps never depend on core's internals.
"""

from chancery.core.access import Guarded, GuardedQuerySet, can, get_visible_or_404, policy, require
from chancery.core.actions.jobs import report_progress, track_progress
from chancery.core.actions.notifications import (
    ClassifiedPayloadRefused,
    ExternalLinkRefused,
    notify,
)
from chancery.core.apikit import (
    Principal,
    api_auth,
    enforce_csrf,
    rate_limit_class,
    redact_on_replay,
    require_scope,
)
from chancery.core.apikit import identify as identify_caller
from chancery.core.audit import hold_chain_lock as hold_audit_lock
from chancery.core.audit import record as record_audit
from chancery.core.calendars import (
    WorkingCalendar,
    add_working_days,
    calendar_for_unit,
    country_calendar,
    is_working_day,
    ministry_calendar,
    next_working_day,
    previous_working_day,
    working_days_between,
)
from chancery.core.calendars import invalidate as invalidate_calendars
from chancery.core.constants import ApiScope, Clearance, Role, UnitKind, register_scope
from chancery.core.demo import register_demo
from chancery.core.jobs import QUEUES, current_job_id, default_retry, job_task
from chancery.core.models import Unit, User
from chancery.core.models.org import Translated
from chancery.core.navigation import NavEntry
from chancery.core.navigation import register as register_navigation
from chancery.core.queries.jobs import JobWatch
from chancery.core.queries.jobs import progress_for as job_progress_for
from chancery.core.sealing import seal as seal_secret
from chancery.core.sealing import unseal as unseal_secret
from chancery.core.shell import classify

__all__ = [
    "QUEUES",
    "ApiScope",
    "ClassifiedPayloadRefused",
    "Clearance",
    "ExternalLinkRefused",
    "Guarded",
    "GuardedQuerySet",
    "JobWatch",
    "NavEntry",
    "Principal",
    "Role",
    "Translated",
    "Unit",
    "UnitKind",
    "User",
    "WorkingCalendar",
    "add_working_days",
    "api_auth",
    "calendar_for_unit",
    "can",
    "classify",
    "country_calendar",
    "current_job_id",
    "default_retry",
    "enforce_csrf",
    "get_visible_or_404",
    "hold_audit_lock",
    "identify_caller",
    "invalidate_calendars",
    "is_working_day",
    "job_progress_for",
    "job_task",
    "ministry_calendar",
    "next_working_day",
    "notify",
    "policy",
    "previous_working_day",
    "rate_limit_class",
    "record_audit",
    "redact_on_replay",
    "register_demo",
    "register_navigation",
    "register_scope",
    "report_progress",
    "require",
    "require_scope",
    "seal_secret",
    "track_progress",
    "unseal_secret",
    "working_days_between",
]
