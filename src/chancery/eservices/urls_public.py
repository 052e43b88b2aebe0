"""The public application site, mounted at ``/services/`` (no staff sign-in)."""

from __future__ import annotations

from chancery.eservices.applicants import urls as applicant_urls
from chancery.eservices.catalogue import urls as catalogue_urls
from chancery.eservices.forms import urls as form_urls
from chancery.eservices.handling import urls as handling_urls
from chancery.eservices.national import urls as national_urls
from chancery.eservices.notify import urls as notify_urls
from chancery.eservices.payments import urls as payment_urls
from chancery.eservices.results import urls as result_urls
from chancery.eservices.stats import urls as stats_urls
from chancery.eservices.submission import urls as submission_urls

AREAS = (
    catalogue_urls,
    applicant_urls,
    submission_urls,
    form_urls,
    handling_urls,
    result_urls,
    payment_urls,
    notify_urls,
    national_urls,
    stats_urls,
)

app_name = "services"
urlpatterns = [pattern for area in AREAS for pattern in area.public]
