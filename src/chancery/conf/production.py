"""Production: everything secret comes from the environment, HTTPS only, strict cookies."""

from chancery.conf import env
from chancery.conf.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.require("SECRET_KEY")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes and Prometheus call these over plain HTTP from inside the network, straight to
# gunicorn: a redirect to HTTPS would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Production keys come from the keyring secret, never from a file generated on first use.
CHANCERY_BLOB_KEYRING_AUTOCREATE = env.get_bool("CHANCERY_BLOB_KEYRING_AUTOCREATE", False)
# The audit signing key is provisioned by the operator; a key generated on the fly would sign
# checkpoints nobody off-site knows the public key of.
CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE = env.get_bool("CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE", False)
