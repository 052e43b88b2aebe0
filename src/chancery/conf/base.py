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
# localhost, not 127.0.0.1: browsers refuse WebAuthn (security keys) on an IP address.
CHANCERY_SITE_URL = env.get("CHANCERY_SITE_URL", "http://localhost:8000")

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
    # Only for its templates and static files: the API docs page serves Swagger UI locally.
    "ninja",
    "chancery.core",
    "chancery.blobs",
    "chancery.signing",
    "chancery.exchange",
    "chancery.documents",
    "chancery.eservices",
    "chancery.portal",
    "chancery.api",
    # The public portal's CMS (Wagtail 7.4 LTS) and its translation workflow.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # The portal's full-page cache answers a cached public page before anything else runs.
    "chancery.portal.cache.PortalCacheMiddleware",
    # First, so that every log line and metric of the request carries its id and route.
    "chancery.core.observability.RequestContextMiddleware",
    "chancery.core.observability.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Errors under /api/ that Ninja never sees (404, 405, 500) as RFC 9457 problems.
    "chancery.api.middleware.ProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without its redirect of 404s to a language prefix (see core/locale.py).
    "chancery.core.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sign-in with MFA, idle and absolute session timeouts; after auth and messages.
    "chancery.core.middleware.StaffAccessMiddleware",
    "chancery.portal.auth.CmsGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
                "chancery.core.context_processors.acting_for",
                "chancery.core.shell.context",
            ],
        },
    },
]

DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# Django's model backend plus the permissions that apps grant to roles (core/role_permissions):
# editors and administrators may enter the portal's CMS (Wagtail's access_admin).
AUTHENTICATION_BACKENDS = ["chancery.core.role_permissions.RoleBackend"]
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
        "NAME": "chancery.core.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {
        "NAME": "chancery.core.password_validation.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("fr", _("French"))]
# Chancery's catalogues, then the Vietnamese translation of Wagtail's admin that Chancery ships
# for the strings Wagtail's own leaves untranslated (about four in five). Its folder is not
# named "locale": makemessages would take it for the portal's own catalogue and write there.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "portal" / "admin_locale"]
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

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("CHANCERY_MEDIA_ROOT") or (VAR_DIR / "media"))

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Absolute lifetime of a staff session; the idle timeout is enforced by core's middleware.
SESSION_COOKIE_AGE = env.get_int("CHANCERY_SESSION_ABSOLUTE_SECONDS", 8 * 3600)
CHANCERY_SESSION_IDLE_SECONDS = env.get_int("CHANCERY_SESSION_IDLE_SECONDS", 30 * 60)

# Sign-in: lockout per username and throttle per client address (failures within the window).
CHANCERY_LOGIN_MAX_FAILURES = env.get_int("CHANCERY_LOGIN_MAX_FAILURES", 5)
CHANCERY_LOGIN_LOCK_SECONDS = env.get_int("CHANCERY_LOGIN_LOCK_SECONDS", 15 * 60)
CHANCERY_LOGIN_IP_MAX_FAILURES = env.get_int("CHANCERY_LOGIN_IP_MAX_FAILURES", 50)
# Key sealing TOTP secrets (base64 of 32 bytes); derived from SECRET_KEY when unset.
CHANCERY_MFA_KEY = env.get("CHANCERY_MFA_KEY") or ""
# Paths reachable without a staff session (the sign-in pages themselves are added by core).
CHANCERY_PUBLIC_PATH_PREFIXES = [
    "/static/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/api/",
    "/i18n/setlang/",
    "/pki/",
    # The public verification page of issued documents (QR codes point at it).
    "/verify/",
    # Machine-to-machine exchange between instances (requests signed with the peer's key).
    "/exchange/v1/",
    # The public e-services site: catalogue, applicant accounts, dossiers, certificate register.
    "/services/",
    # The public portal: its pages under a language prefix, its images and files, its sitemap.
    "/vi/",
    "/en/",
    "/fr/",
    "/media/",
    "/portal-files/",
    "/sitemap.xml",
]
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
# Retries: up to N more attempts, waiting BACKOFF**1, BACKOFF**2 ... seconds (4, 16, 64 ...).
CHANCERY_JOB_MAX_ATTEMPTS = env.get_int("CHANCERY_JOB_MAX_ATTEMPTS", 5)
CHANCERY_JOB_BACKOFF_SECONDS = env.get_int("CHANCERY_JOB_BACKOFF_SECONDS", 4)
# A worker writes a heartbeat every HEARTBEAT seconds; the job of a worker silent for STALLED
# seconds (killed, machine lost) is put back in its queue by a check every STALLED_CHECK seconds.
CHANCERY_JOB_HEARTBEAT_SECONDS = env.get_int("CHANCERY_JOB_HEARTBEAT_SECONDS", 10)
CHANCERY_JOB_STALLED_SECONDS = env.get_int("CHANCERY_JOB_STALLED_SECONDS", 60)
CHANCERY_JOB_STALLED_CHECK_SECONDS = env.get_int("CHANCERY_JOB_STALLED_CHECK_SECONDS", 60)
# Finished jobs are pruned after this many days; failed ones are kept longer for the ops page.
CHANCERY_JOB_RETENTION_DAYS = env.get_int("CHANCERY_JOB_RETENTION_DAYS", 14)
CHANCERY_FAILED_JOB_RETENTION_DAYS = env.get_int("CHANCERY_FAILED_JOB_RETENTION_DAYS", 90)

# /metrics answers loopback without a token; anyone else needs "Authorization: Bearer <token>".
CHANCERY_METRICS_TOKEN = env.get("CHANCERY_METRICS_TOKEN") or ""

# API rate limits per class of endpoint, "class=requests/seconds" comma-separated; a class not
# given keeps its default (read=1200/60, write=120/60, anonymous=60/60). See docs/api.md.
CHANCERY_API_RATE_LIMITS = env.get_list("CHANCERY_API_RATE_LIMITS", [])

CHANCERY_BLOB_BACKEND = env.get("CHANCERY_BLOB_BACKEND", "filesystem")
CHANCERY_BLOB_ROOT = Path(env.get("CHANCERY_BLOB_ROOT") or (VAR_DIR / "blobs"))
CHANCERY_UPLOAD_MAX_BYTES = env.get_int("CHANCERY_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# Uploads are spooled (in memory up to 1 MiB, then an unnamed temp file here) while they are
# checked; put it on encrypted storage, like FILE_UPLOAD_TEMP_DIR. Empty: the system default.
CHANCERY_BLOB_SPOOL_DIR = env.get("CHANCERY_BLOB_SPOOL_DIR") or None
# Unreferenced blobs younger than this are kept: an upload may not be attached to its owner yet.
CHANCERY_BLOB_GC_GRACE_SECONDS = env.get_int("CHANCERY_BLOB_GC_GRACE_SECONDS", 24 * 3600)
# Key-encryption keys per classification level (docs/blobs.md). Either the keyring JSON itself
# (CHANCERY_BLOB_KEYRING or CHANCERY_BLOB_KEYRING_FILE) or a 0600 file at ..._PATH, which is
# generated on first use when AUTOCREATE is on (development; production.py turns it off).
CHANCERY_BLOB_KEYRING = env.get("CHANCERY_BLOB_KEYRING") or None
CHANCERY_BLOB_KEYRING_PATH = Path(
    env.get("CHANCERY_BLOB_KEYRING_PATH") or (VAR_DIR / "keys" / "blob-keyring.json")
)
CHANCERY_BLOB_KEYRING_AUTOCREATE = env.get_bool("CHANCERY_BLOB_KEYRING_AUTOCREATE", True)
# S3-compatible object storage, used when CHANCERY_BLOB_BACKEND=s3.
CHANCERY_S3_BUCKET = env.get("CHANCERY_S3_BUCKET", "")
CHANCERY_S3_ENDPOINT_URL = env.get("CHANCERY_S3_ENDPOINT_URL") or None
CHANCERY_S3_REGION = env.get("CHANCERY_S3_REGION") or None
CHANCERY_S3_ACCESS_KEY_ID = env.get("CHANCERY_S3_ACCESS_KEY_ID") or None
CHANCERY_S3_SECRET_ACCESS_KEY = env.get("CHANCERY_S3_SECRET_ACCESS_KEY") or None
CHANCERY_S3_PREFIX = env.get("CHANCERY_S3_PREFIX", "blobs/")
CHANCERY_S3_ADDRESSING_STYLE = env.get("CHANCERY_S3_ADDRESSING_STYLE", "auto")
CHANCERY_AUDIT_CHECKPOINT_DIR = Path(
    env.get("CHANCERY_AUDIT_CHECKPOINT_DIR") or (VAR_DIR / "audit-checkpoints")
)
# Ed25519 private key (PEM) that signs audit checkpoints (docs/audit.md). Generated with 0600
# permissions on first use when AUTOCREATE is on (development); production.py turns it off.
CHANCERY_AUDIT_SIGNING_KEY = Path(
    env.get("CHANCERY_AUDIT_SIGNING_KEY") or (VAR_DIR / "keys" / "audit-ed25519.pem")
)
CHANCERY_AUDIT_SIGNING_KEY_PASSWORD = env.get("CHANCERY_AUDIT_SIGNING_KEY_PASSWORD") or ""
CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE = env.get_bool("CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "chancery.lib.jsonlog.JsonFormatter"}},
    # Adds the request id, user id, route (or job id) of the code that logs to every record.
    "filters": {"context": {"()": "chancery.lib.logcontext.ContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "procrastinate": {"level": env.get("PROCRASTINATE_LOG_LEVEL", "WARNING")},
        # pyHanko narrates every OCSP/CRL fetch at INFO; problems still come through.
        "pyhanko": {"level": "WARNING"},
        "pyhanko_certvalidator": {"level": "WARNING"},
    },
}

# Signing service (docs/signing.md). The internal CA (root, issuing CA, TSA, OCSP responder)
# serves the embedded default and tests; production may switch it off and configure a national
# CA's trust anchors, an external TSA and the CA's own revocation services instead.
CHANCERY_PKI_DIR = Path(env.get("CHANCERY_PKI_DIR") or (VAR_DIR / "pki"))
CHANCERY_PKI_INTERNAL_CA = env.get_bool("CHANCERY_PKI_INTERNAL_CA", True)
# Public base URL written into certificates (CRL, OCSP, CA issuers): must stay reachable for as
# long as the certificates are validated.
CHANCERY_PKI_BASE_URL = env.get("CHANCERY_PKI_BASE_URL") or CHANCERY_SITE_URL
# Passphrase sealing the key files of the internal CA, TSA and OCSP responder. Unset: a random
# one is generated into CHANCERY_PKI_DIR/service.pin (0600) on `chancery pki init`.
CHANCERY_PKI_SERVICE_PIN = env.get("CHANCERY_PKI_SERVICE_PIN") or ""
# External RFC 3161 TSA (URL, optional basic-auth user and password). Empty: the internal TSA.
CHANCERY_SIGNING_TSA_URL = env.get("CHANCERY_SIGNING_TSA_URL") or ""
CHANCERY_SIGNING_TSA_USERNAME = env.get("CHANCERY_SIGNING_TSA_USERNAME") or ""
CHANCERY_SIGNING_TSA_PASSWORD = env.get("CHANCERY_SIGNING_TSA_PASSWORD") or ""
# Extra trust anchors (PEM or DER files, or folders of them), e.g. the national root CA.
CHANCERY_SIGNING_TRUST_ROOTS = env.get_list("CHANCERY_SIGNING_TRUST_ROOTS", [])
# Validation may fetch CRLs and OCSP answers for certificates of other authorities.
CHANCERY_SIGNING_ALLOW_FETCHING = env.get_bool("CHANCERY_SIGNING_ALLOW_FETCHING", True)
# PKCS#11 module of the token or HSM holding signing keys (SoftHSM2's by default).
CHANCERY_PKCS11_MODULE = env.get("CHANCERY_PKCS11_MODULE") or "/usr/lib/softhsm/libsofthsm2.so"
CHANCERY_SIGNING_PIN_MAX_FAILURES = env.get_int("CHANCERY_SIGNING_PIN_MAX_FAILURES", 5)
CHANCERY_SIGNING_PIN_LOCK_SECONDS = env.get_int("CHANCERY_SIGNING_PIN_LOCK_SECONDS", 15 * 60)
CHANCERY_SIGNING_MAX_BATCH = env.get_int("CHANCERY_SIGNING_MAX_BATCH", 500)
# A TrueType font with Vietnamese glyphs for signature appearances.
CHANCERY_SIGNING_FONT = env.get("CHANCERY_SIGNING_FONT") or (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
)

# Official documents (docs/documents.md).
# Ministry code in numbers/symbols of outgoing documents (``125/BNG-LS``).
CHANCERY_DOCUMENTS_MINISTRY_CODE = env.get("CHANCERY_DOCUMENTS_MINISTRY_CODE") or "BNG"
# Organisation code of the ministry in edXML envelopes (QCVN 102:2016, e.g. ``000.00.00.G12``).
CHANCERY_DOCUMENTS_ORGANISATION_CODE = (
    env.get("CHANCERY_DOCUMENTS_ORGANISATION_CODE") or "000.00.00.G12"
)
# Working days before a deadline when the person handling gets a reminder.
CHANCERY_DOCUMENTS_REMIND_DAYS = env.get_int("CHANCERY_DOCUMENTS_REMIND_DAYS", 1)
# Where the file-export dispatch adapter writes edXML packages.
CHANCERY_DOCUMENTS_EXPORT_DIR = Path(
    env.get("CHANCERY_DOCUMENTS_EXPORT_DIR") or (VAR_DIR / "exchange" / "outbox")
)
# Tesseract languages for OCR of scans.
CHANCERY_DOCUMENTS_OCR_LANGUAGES = env.get("CHANCERY_DOCUMENTS_OCR_LANGUAGES") or "vie+eng+fra"

# Instances and the exchange between them (docs/exchange.md).
# This instance's code: "hq" at headquarters, the mission's code on a mission's own instance.
CHANCERY_INSTANCE_CODE = env.get("CHANCERY_INSTANCE_CODE") or "hq"
# Codes of the units whose people work on this instance when a peer is the default route
# (a mission's instance lists its mission; headquarters leaves it empty).
CHANCERY_INSTANCE_UNITS = env.get_list("CHANCERY_INSTANCE_UNITS", [])
# This instance's Ed25519 private key (PEM), created on first use when missing.
CHANCERY_INSTANCE_KEY_PATH = Path(
    env.get("CHANCERY_INSTANCE_KEY_PATH") or (VAR_DIR / "keys" / "instance-ed25519.pem")
)
# Messages pushed to a peer per request, and seconds before an unanswered request gives up.
CHANCERY_EXCHANGE_BATCH = env.get_int("CHANCERY_EXCHANGE_BATCH", 200)
CHANCERY_EXCHANGE_TIMEOUT_SECONDS = env.get_int("CHANCERY_EXCHANGE_TIMEOUT_SECONDS", 30)

# Cables (docs/cables.md).
# A TrueType font with Vietnamese glyphs for cable PDFs.
CHANCERY_CABLES_FONT = env.get("CHANCERY_CABLES_FONT") or CHANCERY_SIGNING_FONT

# E-services: applicant accounts, e-identity and SMS (docs/eservices-applicants.md).
# Applicant sign-in lockout: failures per typed e-mail within the window lock it that long.
CHANCERY_APPLICANT_MAX_FAILURES = env.get_int("CHANCERY_APPLICANT_MAX_FAILURES", 5)
CHANCERY_APPLICANT_LOCK_SECONDS = env.get_int("CHANCERY_APPLICANT_LOCK_SECONDS", 15 * 60)
# Sign-ups, resets and resends per client address per hour.
CHANCERY_APPLICANT_ACTIONS_PER_HOUR = env.get_int("CHANCERY_APPLICANT_ACTIONS_PER_HOUR", 20)
# OpenID Connect providers (the national e-identity VNeID, …): CHANCERY_OIDC_PROVIDERS lists
# their names; each reads CHANCERY_OIDC_<NAME>_ISSUER, _CLIENT_ID, _CLIENT_SECRET (or
# _CLIENT_SECRET_FILE), _SCOPES (space-separated), _LABEL and _CLAIMS
# ("email=email,full_name=name,id_number=cccd,phone=phone_number").
CHANCERY_OIDC_PROVIDERS = {
    name: {
        "issuer": env.get(f"CHANCERY_OIDC_{name.upper()}_ISSUER") or "",
        "client_id": env.get(f"CHANCERY_OIDC_{name.upper()}_CLIENT_ID") or "",
        "client_secret": env.get(f"CHANCERY_OIDC_{name.upper()}_CLIENT_SECRET") or "",
        "scopes": (env.get(f"CHANCERY_OIDC_{name.upper()}_SCOPES") or "openid email profile"),
        "label": env.get(f"CHANCERY_OIDC_{name.upper()}_LABEL") or name,
        "claims": dict(
            pair.split("=", 1)
            for pair in env.get_list(f"CHANCERY_OIDC_{name.upper()}_CLAIMS")
            if "=" in pair
        ),
    }
    for name in env.get_list("CHANCERY_OIDC_PROVIDERS")
}
# Text messages to applicants: provider "esms" (eSMS.vn brandname gateway) or empty (off).
CHANCERY_SMS = {
    "provider": env.get("CHANCERY_SMS_PROVIDER") or "",
    "url": env.get("CHANCERY_SMS_URL") or "",
    "api_key": env.get("CHANCERY_SMS_API_KEY") or "",
    "secret_key": env.get("CHANCERY_SMS_SECRET_KEY") or "",
    "brandname": env.get("CHANCERY_SMS_BRANDNAME") or "",
    "sms_type": env.get("CHANCERY_SMS_TYPE") or "2",
    "sandbox": env.get_bool("CHANCERY_SMS_SANDBOX", False),
}
# PAdES level of the signed results of e-service dossiers (docs/eservices.md).
CHANCERY_ESERVICES_SIGNING_LEVEL = env.get("CHANCERY_ESERVICES_SIGNING_LEVEL") or "B-LTA"


# The public portal (Wagtail). Pages live under a language prefix (/vi/, /en/, /fr/); the CMS is
# at /cms/ behind the staff sign-in.
WAGTAIL_SITE_NAME = env.get("CHANCERY_PORTAL_SITE_NAME") or "Bộ Ngoại giao"
WAGTAILADMIN_BASE_URL = CHANCERY_SITE_URL
WAGTAIL_I18N_ENABLED = True
# The language of the portal's source pages; the other languages are their translations.
CHANCERY_PORTAL_SOURCE_LANGUAGE = env.get("CHANCERY_PORTAL_SOURCE_LANGUAGE") or "vi"
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_LOGIN_URL = "core:login"
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.get_int("CHANCERY_PORTAL_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_MODERATION_ENABLED = True
WAGTAILSEARCH_BACKENDS = {
    # PostgreSQL full text, each page in its language's configuration from core's migrations:
    # "chancery_vi" (unaccent, whole words), "chancery_en" and "chancery_fr" (unaccent, stems);
    # a query is read in all three (chancery/portal/search_backend.py,
    # docs/portal-feeds-search.md). Changing them needs `chancery update_index`.
    "default": {
        "BACKEND": "chancery.portal.search_backend",
        "AUTO_UPDATE": True,
        "SEARCH_CONFIG": "chancery_vi",
        "LANGUAGE_CONFIGS": {"vi": "chancery_vi", "en": "chancery_en", "fr": "chancery_fr"},
    },
}
WAGTAILEMBEDS_FINDERS: list[dict[str, str]] = []  # no third-party embeds (no outside scripts)

# Full-page cache of the portal: Redis when CHANCERY_CACHE_URL is set (several web machines),
# otherwise files under var/ (shared by the processes of one machine).
CHANCERY_CACHE_URL = env.get("CHANCERY_CACHE_URL") or ""
CHANCERY_PORTAL_CACHE_SECONDS = env.get_int("CHANCERY_PORTAL_CACHE_SECONDS", 300)
CHANCERY_PORTAL_CACHE_ENABLED = env.get_bool("CHANCERY_PORTAL_CACHE_ENABLED", True)
# Search results are cached for less (keyed by their query); see docs/portal-cache-publishing.md.
CHANCERY_PORTAL_SEARCH_CACHE_SECONDS = env.get_int("CHANCERY_PORTAL_SEARCH_CACHE_SECONDS", 60)
# A process may keep the cache's generation for this long (0: ask the cache on every request).
CHANCERY_PORTAL_CACHE_MEMO_SECONDS = env.get_int("CHANCERY_PORTAL_CACHE_MEMO_SECONDS", 1)
# The CDN in front of the portal, told of every purge: "none", or "http" (PURGE/BAN requests).
CHANCERY_PORTAL_CDN = env.get("CHANCERY_PORTAL_CDN") or "none"
CHANCERY_PORTAL_CDN_PURGE_URLS = env.get_list("CHANCERY_PORTAL_CDN_PURGE_URLS", [])
CHANCERY_PORTAL_CDN_PURGE_METHOD = env.get("CHANCERY_PORTAL_CDN_PURGE_METHOD") or "PURGE"
CHANCERY_PORTAL_CDN_PURGE_TOKEN = env.get("CHANCERY_PORTAL_CDN_PURGE_TOKEN") or ""
CHANCERY_PORTAL_CDN_PURGE_TIMEOUT = env.get_int("CHANCERY_PORTAL_CDN_PURGE_TIMEOUT", 3)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "portal": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CHANCERY_CACHE_URL}
        if CHANCERY_CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "portal"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    ),
}
# Social networks the portal posts to on publishing (empty: that step is skipped).
CHANCERY_PORTAL_FACEBOOK_GRAPH_URL = (
    env.get("CHANCERY_PORTAL_FACEBOOK_GRAPH_URL") or "https://graph.facebook.com/v23.0"
)
CHANCERY_PORTAL_FACEBOOK_PAGE_ID = env.get("CHANCERY_PORTAL_FACEBOOK_PAGE_ID") or ""
CHANCERY_PORTAL_FACEBOOK_TOKEN = env.get("CHANCERY_PORTAL_FACEBOOK_TOKEN") or ""
CHANCERY_PORTAL_X_API_URL = env.get("CHANCERY_PORTAL_X_API_URL") or "https://api.x.com/2"
CHANCERY_PORTAL_X_TOKEN = env.get("CHANCERY_PORTAL_X_TOKEN") or ""
# OAuth 2.0 for X's two-hour tokens (portal/social/tokens.py): the app's client id, its secret
# for a confidential client (none for a public one), X's token endpoint, and its consent screen
# where an administrator connects the account from the CMS.
CHANCERY_PORTAL_X_CLIENT_ID = env.get("CHANCERY_PORTAL_X_CLIENT_ID") or ""
CHANCERY_PORTAL_X_CLIENT_SECRET = env.get("CHANCERY_PORTAL_X_CLIENT_SECRET") or ""
CHANCERY_PORTAL_X_TOKEN_URL = (
    env.get("CHANCERY_PORTAL_X_TOKEN_URL") or "https://api.x.com/2/oauth2/token"
)
CHANCERY_PORTAL_X_AUTHORIZE_URL = (
    env.get("CHANCERY_PORTAL_X_AUTHORIZE_URL") or "https://x.com/i/oauth2/authorize"
)
# The language version each network receives (the Vietnamese page on Facebook, the English on X).
CHANCERY_PORTAL_FACEBOOK_LANGUAGE = env.get("CHANCERY_PORTAL_FACEBOOK_LANGUAGE") or "vi"
CHANCERY_PORTAL_X_LANGUAGE = env.get("CHANCERY_PORTAL_X_LANGUAGE") or "en"
# The dissemination outbox (docs/portal-dissemination.md): tries per step before it is given
# up, the first wait between tries (doubled each time), the network timeout, and the
# Procrastinate queue its jobs run in.
CHANCERY_PORTAL_OUTBOX_MAX_ATTEMPTS = env.get_int("CHANCERY_PORTAL_OUTBOX_MAX_ATTEMPTS", 5)
CHANCERY_PORTAL_OUTBOX_BACKOFF_SECONDS = env.get_int("CHANCERY_PORTAL_OUTBOX_BACKOFF_SECONDS", 60)
CHANCERY_PORTAL_SOCIAL_TIMEOUT = env.get_int("CHANCERY_PORTAL_SOCIAL_TIMEOUT", 15)
CHANCERY_PORTAL_OUTBOX_QUEUE = env.get("CHANCERY_PORTAL_OUTBOX_QUEUE") or "default"
