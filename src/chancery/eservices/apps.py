from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "chancery.eservices"
    label = "eservices"
    verbose_name = _("Administrative and consular e-services")

    def ready(self) -> None:
        from chancery.eservices import setup

        setup.ready()
