"""Local development and ``make run``: the embedded database, readable errors."""

from chancery.conf import env
from chancery.conf.base import *  # noqa: F403

DEBUG = env.get_bool("DEBUG", True)

# Serve the design system straight from node_modules, no collectstatic needed in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-services demo: bank-transfer payment instructions, so that demo applicants can pay (an
# invented account, clearly marked; production sets its own through the environment).
CHANCERY_PAYMENT_BANK_NAME = (
    env.get("CHANCERY_PAYMENT_BANK_NAME") or "Demo Bank (not a real account)"
)
CHANCERY_PAYMENT_BANK_ACCOUNT = env.get("CHANCERY_PAYMENT_BANK_ACCOUNT") or "0000 1111 2222 (demo)"
CHANCERY_PAYMENT_BANK_HOLDER = env.get("CHANCERY_PAYMENT_BANK_HOLDER") or "Bộ Ngoại giao (demo)"
