"""Jobs of the documents app, one module per area (imported here so that workers find them)."""

from chancery.documents.tasks import handling, intake, records, search  # noqa: F401
