"""Routes of operations: health, metrics, background jobs; included into ``core.urls``."""

from django.urls import path

from chancery.core.views import health, jobs

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", health.metrics_view, name="metrics"),
    path("ops/jobs/", jobs.jobs, name="jobs"),
    path("ops/jobs/<int:job_id>/retry/", jobs.job_retry, name="job-retry"),
    path("ops/jobs/<int:job_id>/progress/", jobs.job_progress, name="job-progress"),
]
