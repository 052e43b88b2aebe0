"""The test suite: real PostgreSQL (embedded unless DATABASE_URL is set), fast hashing."""

from chancery.conf.base import *  # noqa: F403
from chancery.conf.base import DATABASES, INSTALLED_APPS, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CHANCERY_BLOB_ROOT = VAR_DIR / "test-blobs"
CHANCERY_AUDIT_CHECKPOINT_DIR = VAR_DIR / "test-audit-checkpoints"
CHANCERY_PKI_DIR = VAR_DIR / "test-pki"
CHANCERY_PKI_SERVICE_PIN = "test-service-pin"
CHANCERY_AUDIT_SIGNING_KEY = VAR_DIR / "test-keys" / "audit-ed25519.pem"
# The audit tables refuse TRUNCATE; pytest-django empties the database with TRUNCATE after
# each transactional test, so test connections carry the one setting that lets it through.
# UPDATE and DELETE stay refused (core/migrations: audit_chain).
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = (
    _db_options.get("options", "") + " -c chancery.allow_audit_truncate=on"
).strip()
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True

# Jobs that exist only in tests; workers started by the tests (in process or not) import them.
PROCRASTINATE_IMPORT_PATHS = ["chancery.core.tests.job_tasks"]

# A guarded model that exists only in tests, to exercise the access model on real tables.
INSTALLED_APPS = [*INSTALLED_APPS, "chancery.testing.guarded"]

# The portal's page cache in process memory (the live server of browser tests shares it).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "portal": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"},
}
