"""Demo data: a ministry of foreign affairs of Viet Nam, its missions, staff and calendars.

Loading is idempotent: every object is looked up by its natural key (unit code, position name
within its unit, username, ...) and only what is missing is created, in bulk, so a second run
neither duplicates nor fails and the whole load takes a few seconds. The data come from a
fixed seed and are the same on every run.

This is seed data written directly, not a person's action: it does not go through the actions
one object at a time. One audit entry records each load that created something.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from chancery.core import calendars
from chancery.core.audit import record
from chancery.core.constants import Clearance, Role
from chancery.core.demo import loader
from chancery.core.demo.people import DEMO_ACCOUNTS
from chancery.core.models import Unit, User

DEMO_PASSWORD = "chancery-demo-2026"  # noqa: S105 - documented demo accounts only

__all__ = ["DEMO_PASSWORD", "load", "register_demo"]

# Demo data of other apps, loaded after the organisation (core cannot import them): each
# loader creates what is missing and returns how many objects it created.
EXTENSIONS: dict[str, Callable[[], int]] = {}


def register_demo(name: str, loader: Callable[[], int]) -> None:
    """Have ``chancery demo`` run ``loader`` after core's steps (apps call it in ``ready``)."""
    EXTENSIONS[name] = loader


def _ensure_admin(ministry: Unit) -> bool:
    if User.objects.filter(username="admin").exists():
        return False
    admin = User.objects.create_superuser(
        "admin", "admin@chancery.invalid", DEMO_PASSWORD, full_name="Quản trị hệ thống"
    )
    admin.unit = ministry
    admin.roles = [Role.ADMIN]
    admin.clearance = Clearance.TOP_SECRET
    admin.save(update_fields=["unit", "roles", "clearance"])
    return True


def accounts_table() -> list[str]:
    """The demo accounts to print: one per main role, with the shared password."""
    labels, levels = dict(Role.choices), dict(Clearance.choices)
    rows = [("admin", str(labels[Role.ADMIN]) + " (superuser)", str(levels[Clearance.TOP_SECRET]))]
    rows += [
        (slot.username, ", ".join(str(labels[r]) for r in slot.roles), str(levels[slot.clearance]))
        for slot in DEMO_ACCOUNTS
    ]
    width = max(len(row[0]) for row in rows) + 2
    role_width = max(len(row[1]) for row in rows) + 2
    lines = [
        _("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD},
        "  " + _("username").ljust(width) + _("role").ljust(role_width) + _("clearance"),
    ]
    lines += [f"  {user.ljust(width)}{role.ljust(role_width)}{level}" for user, role, level in rows]
    lines += [
        _("The first sign-in of each account enrols an authenticator app (TOTP)."),
        _(
            "Accounts cleared Confidential or above also need a security key (WebAuthn); the "
            "Unclassified accounts let you try every role without one."
        ),
    ]
    return lines


@transaction.atomic
def load(progress: bool = False, only: Collection[str] | None = None) -> list[str]:
    """Create whatever part of the demo ministry is missing; return the lines to print.

    The organisation (core's steps) always loads; ``only`` names the other apps' demos to load
    on top of it (all of them when None).
    """
    steps = tqdm(loader.STEPS, desc=_("Demo data"), disable=not progress, leave=False)
    created: dict[str, int] = {}
    for name, step in steps:
        steps.set_postfix_str(name)
        created[name] = step(DEMO_PASSWORD)
    ministry = Unit.objects.get(code="mofa")
    created["admin"] = int(_ensure_admin(ministry))
    for name, extension in EXTENSIONS.items():
        if only is not None and name not in only:
            continue
        steps.set_postfix_str(name)
        created[name] = extension()
    if any(created.values()):
        record(None, "demo.loaded", data={"created": created})
    calendars.invalidate()
    transaction.on_commit(calendars.invalidate)
    return accounts_table()
