"""``chancery eservices-national``: see ``chancery.eservices.national.command``."""

from chancery.eservices.national.command import Command

__all__ = ["Command"]
