"""Settings of the web benchmark's server (``bench_web``): the test settings plus a bare view.

Only this module routes ``/bench/bare/``, so the baseline view exists nowhere else. Rate limits
are lifted: the benchmark measures the cost of a request, not the limiter's refusals.
"""

from chancery.conf.test import *  # noqa: F403
from chancery.conf.test import CHANCERY_PUBLIC_PATH_PREFIXES

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CHANCERY_PUBLIC_PATH_PREFIXES = [*CHANCERY_PUBLIC_PATH_PREFIXES, "/bench/"]
CHANCERY_API_RATE_LIMITS = ["read=100000000/60", "write=100000000/60", "anonymous=100000000/60"]
# Quiet: gunicorn's access log would otherwise write a line per request under load.
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The portal benchmark starts the server with its page cache off, in files or in Redis.
import os  # noqa: E402

from chancery.conf.test import CACHES  # noqa: E402

_portal_cache = os.environ.get("CHANCERY_BENCH_PORTAL_CACHE", "")
if _portal_cache == "off":
    CHANCERY_PORTAL_CACHE_ENABLED = False
elif _portal_cache == "files":
    CACHES = {
        **CACHES,
        "portal": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["CHANCERY_BENCH_CACHE_DIR"],
        },
    }
elif _portal_cache == "redis":
    CACHES = {
        **CACHES,
        "portal": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CHANCERY_CACHE_URL"],
        },
    }
