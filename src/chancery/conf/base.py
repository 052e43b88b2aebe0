"""Settings shared by every profile. Values come from the environment through ``env``."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from chancery.conf import env
from chancery.conf.database import database_settings

BASE_DIR = env.project_root()
VAR_DIR = env.var_dir()
PACKAGE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env.get("SECRET_KEY") or "insecure-development-key-set-SECRET_KEY-in-production"
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])

# "internet" refuses to store anything classified Mật or above; "isolated" is the air-gapped LAN.
CHANCERY_PROFILE = env.get("CHANCERY_PROFILE", "isolated")
CHANCERY_SITE_URL = env.get("CHANCERY_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "procrastinate.contrib.django",
    "chancery.core",
    "chancery.blobs",
    "chancery.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "chancery.urls"
WSGI_APPLICATION = "chancery.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# OWASP ASVS 4.0 level 2, V2.1: at least 12 characters, up to at least 128, no composition
# rules, checked against breached/common passwords and the user's own attributes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The design system and htmx are installed by the build from npm (package.json), never copied
# into the repository; staticfiles serves them from node_modules under stable prefixes.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("uswds", NODE_MODULES / "@uswds" / "uswds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Absolute lifetime of a staff session; the idle timeout is enforced by core's middleware.
SESSION_COOKIE_AGE = env.get_int("CHANCERY_SESSION_ABSOLUTE_SECONDS", 8 * 3600)
CHANCERY_SESSION_IDLE_SECONDS = env.get_int("CHANCERY_SESSION_IDLE_SECONDS", 30 * 60)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env.get_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "Chancery <no-reply@chancery.invalid>")

# Background jobs (Procrastinate, PostgreSQL-based).
PROCRASTINATE_ON_APP_READY = "chancery.core.jobs.on_app_ready"

CHANCERY_BLOB_BACKEND = env.get("CHANCERY_BLOB_BACKEND", "filesystem")
CHANCERY_BLOB_ROOT = Path(env.get("CHANCERY_BLOB_ROOT") or (VAR_DIR / "blobs"))
CHANCERY_UPLOAD_MAX_BYTES = env.get_int("CHANCERY_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
CHANCERY_AUDIT_CHECKPOINT_DIR = Path(
    env.get("CHANCERY_AUDIT_CHECKPOINT_DIR") or (VAR_DIR / "audit-checkpoints")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "chancery.lib.jsonlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "procrastinate": {"level": env.get("PROCRASTINATE_LOG_LEVEL", "WARNING")},
    },
}
