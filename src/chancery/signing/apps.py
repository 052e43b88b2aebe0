from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "chancery.signing"
    label = "signing"
    verbose_name = _("Signing and verification")

    def ready(self) -> None:
        # Imported for their side effect: the navigation entry and the document policies.
        from chancery.signing import navigation, policies  # noqa: F401
