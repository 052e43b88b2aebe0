from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chancery.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        # Imported for their side effect: the navigation entry and the document policies.
        from chancery.documents import navigation, policies  # noqa: F401
