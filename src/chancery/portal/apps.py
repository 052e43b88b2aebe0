from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "chancery.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from chancery.portal import setup

        setup.ready()
