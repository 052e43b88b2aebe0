"""Jobs of the documents app, one module per area (imported here so that workers find them)."""

from chancery.documents.tasks import drafting, handling, intake, records, search  # noqa: F401
