from django.apps import AppConfig


class GuardedConfig(AppConfig):
    name = "chancery.testing.guarded"
    label = "guarded"
    default_auto_field = "django.db.models.BigAutoField"
