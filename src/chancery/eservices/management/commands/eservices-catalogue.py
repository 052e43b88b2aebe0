"""``chancery eservices-catalogue``: see ``chancery.eservices.catalogue.command``."""

from chancery.eservices.catalogue.command import Command

__all__ = ["Command"]
