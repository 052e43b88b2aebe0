import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.conf.dev")

from chancery.conf.database import ensure_embedded_server

ensure_embedded_server()
django_application = get_wsgi_application()

# Django behind the portal cache's front: a cached portal page is answered before Django
# builds a request (chancery/portal/front.py); everything else goes to Django unchanged.
from chancery.portal.front import PortalFront  # noqa: E402 - after Django is set up

application = PortalFront(django_application)
