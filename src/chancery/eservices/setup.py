"""Everything the e-services register when the app loads (called from ``EservicesConfig``).

Each area adds its registrations here: navigation, jobs, providers, demo data.
"""

from __future__ import annotations


def ready() -> None:
    from chancery.eservices import constants, navigation  # noqa: F401  (scopes, navigation)
    from chancery.eservices.catalogue import seed as catalogue_seed  # before the demo's
    from chancery.eservices.handling import tasks as handling_tasks  # noqa: F401  (jobs)
    from chancery.eservices.national import tasks as national_tasks  # noqa: F401  (jobs)

    catalogue_seed.register()  # the real catalogue after migrate, and the demo's first step
    from chancery.core.service import register_demo
    from chancery.eservices.demo import load_eservices_demo

    register_demo("eservices", load_eservices_demo)

    from chancery.eservices.payments import setup as payments_setup

    payments_setup.ready()
    from chancery.eservices.applicants import tasks as applicant_tasks  # noqa: F401  (jobs)
    from chancery.eservices.notify import sms, tasks  # noqa: F401  (notice jobs, SMS providers)
