"""The test suite: real PostgreSQL (embedded unless DATABASE_URL is set), fast hashing."""

from chancery.conf.base import *  # noqa: F403
from chancery.conf.base import VAR_DIR

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
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True
