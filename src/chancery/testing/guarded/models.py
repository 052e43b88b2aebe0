from __future__ import annotations

from typing import ClassVar

from django.db import models

from chancery.core.access import Guarded, GuardedQuerySet


class SampleRecord(Guarded):
    """Stands for any guarded object (a document, a cable) in the access-model tests."""

    title = models.CharField(max_length=100)

    objects: ClassVar[models.Manager[SampleRecord]] = GuardedQuerySet.as_manager()

    class Meta:
        app_label = "guarded"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
