"""Everything the portal registers when the app loads (called from ``PortalConfig``).

Each area adds its registrations here: jobs, navigation, demo data, publishing hooks.
"""

from __future__ import annotations


def ready() -> None:
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from chancery.portal import (
        navigation,  # noqa: F401  (the staff navigation entry)
        publishing,
    )

    publishing.connect()
    from chancery.portal.auth import grant_cms_access

    grant_cms_access()
    from chancery.portal import (
        scheduled_tasks,  # noqa: F401  (scheduled publishing, each minute)
        scheduling,
    )

    scheduling.connect()
    from chancery.portal import (  # noqa: F401  (jobs)
        advisory_tasks,  # the advisory alerts job
        newsletter,  # the daily newsletter digest
        public_mail,  # the public's e-mail: acknowledgements, answers, confirmations
        tasks,  # the dissemination outbox jobs
    )
    from chancery.portal.site import after_migrate

    # After every migrate and flush (tests flush), as the e-services catalogue does.
    post_migrate.connect(
        after_migrate, sender=apps.get_app_config("portal"), dispatch_uid="portal-site"
    )
    from chancery.core.service import register_demo
    from chancery.portal.demo import load_portal_demo

    register_demo("portal", load_portal_demo)
