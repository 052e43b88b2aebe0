"""``chancery portal-setup-workflows``: see ``chancery.portal.workflows.Command``."""

from chancery.portal.workflows import Command

__all__ = ["Command"]
