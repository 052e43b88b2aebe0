from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "chancery.exchange"
    label = "exchange"
    verbose_name = _("Data exchange")

    def ready(self) -> None:
        # Imported for its side effect: the navigation entry.
        from chancery.exchange import navigation  # noqa: F401
        from chancery.exchange.actions import PING, ping_handler
        from chancery.exchange.registry import register_handler

        register_handler(PING, ping_handler)
