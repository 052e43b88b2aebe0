"""Who may reach each route: the table the authorization matrix test checks.

Every named route of the URLconf must be listed here (the admin site is covered as a group).
When you add a route, add a line: the test fails on any route it does not know.

``access`` is one of:
- ``PUBLIC``: anyone, signed in or not (sign-in steps, health checks, the language switch);
- ``STAFF``: any signed-in member of staff;
- a tuple of roles: staff holding one of them (or acting for someone who does);
- ``ADMIN_SITE``: Django's admin site, for ``is_staff`` accounts with the admin role;
- ``NOT_A_PAGE``: a name kept for reversing only, which answers 401 or 404 to everyone.

``sample`` builds the URL's kwargs (and any object they point to) for the user making the
request, so an "own object" route is tried on the user's own object: denial then means the
route itself refused them, not that the object was somebody else's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from chancery.core.constants import Role

PUBLIC = "public"
STAFF = "staff"
ADMIN_SITE = "admin-site"
# A name that exists only to be reversed (Ninja's API root): everyone gets 401 or 404.
NOT_A_PAGE = "not-a-page"
ADMIN = (Role.ADMIN.value,)

Sample = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    access: str | tuple[str, ...]
    sample: Sample | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    note: str = ""


# Sample objects -----------------------------------------------------------------------------


def _audit_entry(user: Any) -> dict[str, Any]:
    from chancery.core.audit import record

    return {"seq": record(None, "test.sample").seq}


def _own_notification(user: Any) -> dict[str, Any]:
    from chancery.core.actions.notifications import notify

    if user is None:
        return {"pk": 1}
    return {"pk": notify(user, "test.sample", "Sample", email=False).pk}


def _own_token(user: Any) -> dict[str, Any]:
    from chancery.core.actions.tokens import create_token

    if user is None:
        return {"pk": 1}
    created = create_token(user, "sample", ["read:org"], timezone.now() + timedelta(days=30))
    return {"pk": created.token.pk}


def _own_token_id(user: Any) -> dict[str, Any]:
    return {"token_id": _own_token(user)["pk"]}


def _own_security_key(user: Any) -> dict[str, Any]:
    from chancery.core.models import WebAuthnCredential

    if user is None:
        return {"pk": 1}
    key = WebAuthnCredential.objects.create(
        user=user, name="sample", credential_id=f"cred-{user.pk}".encode(), public_key=b"k"
    )
    return {"pk": key.pk}


def _own_delegation(user: Any) -> dict[str, Any]:
    from chancery.core.models import Delegation
    from chancery.core.tests.factories import UserFactory

    if user is None:
        return {"pk": 1}
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        principal=user, delegate=UserFactory(), start=today, end=today + timedelta(days=5)
    )
    return {"pk": delegation.pk}


def _own_job(user: Any) -> dict[str, Any]:
    from chancery.core.models import JobProgress

    job_id = 10_000 + (user.pk if user is not None else 0)
    JobProgress.objects.get_or_create(job_id=job_id, defaults={"owner": user, "label": "sample"})
    return {"job_id": job_id}


def _failed_job(user: Any) -> dict[str, Any]:
    from django.db import connection

    from chancery.core.tasks import send_notification_email

    job_id = send_notification_email.configure(queue="authz_sample").defer(notification_id=0)
    with connection.cursor() as cursor:
        for status in ("doing", "failed"):
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id]
            )
    return {"job_id": job_id}


def _unit_code(user: Any) -> dict[str, Any]:
    from chancery.core.tests.factories import UnitFactory

    return {"code": (user.unit.code if user is not None and user.unit else UnitFactory().code)}


# The table ----------------------------------------------------------------------------------

ROUTES: dict[str, Route] = {
    "set_language": Route(PUBLIC, method="post", data={"language": "en"}),
    # Sign-in and health
    "core:login": Route(PUBLIC),
    "core:login_totp": Route(PUBLIC, note="sends visitors without a pending sign-in back"),
    "core:login_webauthn": Route(PUBLIC),
    "core:login_enrol_totp": Route(PUBLIC),
    "core:login_enrol_webauthn": Route(PUBLIC),
    "core:login_continue": Route(PUBLIC),
    "core:logout": Route(PUBLIC, method="post"),
    "core:healthz": Route(PUBLIC),
    "core:readyz": Route(PUBLIC),
    "core:metrics": Route(PUBLIC, note="loopback or bearer token; tests come from loopback"),
    # The workspace
    "core:home": Route(STAFF),
    "core:calendar": Route(STAFF),
    "core:notifications": Route(STAFF),
    "core:notifications-read-all": Route(STAFF, method="post"),
    "core:notification-read": Route(STAFF, _own_notification, method="post"),
    # The account
    "core:profile": Route(STAFF),
    "core:password": Route(STAFF),
    "core:mfa": Route(STAFF),
    "core:mfa_totp_reset": Route(STAFF),
    "core:mfa_recovery_codes": Route(STAFF, method="post"),
    "core:mfa_key_add": Route(STAFF),
    "core:mfa_key_remove": Route(STAFF, _own_security_key, method="post"),
    "core:delegations": Route(STAFF),
    "core:delegation_revoke": Route(STAFF, _own_delegation, method="post"),
    "core:tokens": Route(STAFF),
    "core:token-revoke": Route(STAFF, _own_token, method="post"),
    # Operations
    "core:audit-log": Route(ADMIN),
    "core:audit-entry": Route(ADMIN, _audit_entry),
    "core:jobs": Route(ADMIN),
    "core:job-retry": Route(ADMIN, _failed_job, method="post"),
    "core:job-progress": Route(STAFF, _own_job, note="its owner and administrators"),
    # The API (session or bearer token)
    "api-1.0.0:api-root": Route(NOT_A_PAGE),
    "api-1.0.0:openapi-json": Route(PUBLIC, note="the API's description is public"),
    "api-1.0.0:openapi-view": Route(PUBLIC, note="the API's description is public"),
    "api-1.0.0:me": Route(STAFF),
    "api-1.0.0:list_units": Route(STAFF),
    "api-1.0.0:get_unit": Route(STAFF, _unit_code),
    "api-1.0.0:list_staff": Route(STAFF),
    "api-1.0.0:list_tokens": Route(STAFF),
    "api-1.0.0:create_api_token": Route(STAFF, method="post", note="400/422 for an empty body"),
    "api-1.0.0:delete_api_token": Route(STAFF, _own_token_id, method="delete"),
}

# Namespaces covered as a whole, checked through one representative route each.
GROUPS: dict[str, tuple[str, Route]] = {
    "admin": ("admin:index", Route(ADMIN_SITE)),
}
