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
