from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "chancery.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        # Imported for their side effect: the navigation entry and the document policies.
        from chancery.core.service import register_demo
        from chancery.documents import navigation, policies, seeds  # noqa: F401
        from chancery.documents.demo import load_documents_demo

        register_demo("documents", load_documents_demo)
        from chancery.documents.cables import setup as cables_setup

        cables_setup.ready()
        # Reference data again after every migrate and flush (seeds.py says why).
        post_migrate.connect(seeds.after_migrate, sender=self)
