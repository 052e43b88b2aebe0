"""Demo data: the ministry, its units and missions, staff with clearances.

Loading is idempotent: every object is looked up by its natural key first, so a second run
neither duplicates nor fails.
"""

from __future__ import annotations

from django.db import transaction

from chancery.core.constants import Clearance, Role, UnitKind
from chancery.core.models import Unit, User

DEMO_PASSWORD = "chancery-demo-2026"  # noqa: S105 - documented demo accounts only


@transaction.atomic
def load(progress: bool = False) -> list[str]:
    ministry, _ = Unit.objects.get_or_create(
        code="mofa",
        defaults={
            "name_vi": "Bộ Ngoại giao",
            "name_en": "Ministry of Foreign Affairs",
            "name_fr": "Ministère des Affaires étrangères",
            "abbreviation": "BNG",
            "kind": UnitKind.MINISTRY,
        },
    )
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin", "admin@chancery.invalid", DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
        admin.unit = ministry
        admin.roles = [Role.ADMIN]
        admin.clearance = Clearance.TOP_SECRET
        admin.save(update_fields=["unit", "roles", "clearance"])
    return [
        "Demo accounts (password: " + DEMO_PASSWORD + "):",
        "  admin  administrator, Top secret",
    ]
