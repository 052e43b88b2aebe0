import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.conf.dev")

from chancery.conf.database import ensure_embedded_server

ensure_embedded_server()
application = get_wsgi_application()
