"""Plain values passed across the service boundary."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Owner:
    """The object a blob belongs to, in any app: ``Owner.of(document, version=3)``."""

    type: str
    id: str
    version: int = 0

    @classmethod
    def of(cls, instance: models.Model, *, version: int = 0) -> Owner:
        return cls(instance._meta.label_lower, str(instance.pk), version)

    def __post_init__(self) -> None:
        if not 0 < len(self.type) <= 80 or not 0 < len(self.id) <= 64 or self.version < 0:
            raise ValueError("An owner needs a type (80), an id (64) and a version >= 0")


@dataclass(frozen=True)
class ManifestEntry:
    """One line of a backup manifest: what the backend holds for a blob, re-hashed."""

    address: str
    size: int
    sha256: str
    classification: int

    @property
    def ok(self) -> bool:
        return self.sha256 == self.address


@dataclass
class CollectionReport:
    """What one garbage-collection run removed (or would remove, on a dry run)."""

    dry_run: bool
    orphans: list[str] = field(default_factory=list)
    strays: list[str] = field(default_factory=list)
    temporaries: int = 0


@dataclass
class RotationReport:
    level: int
    version: int
    rewrapped: int = 0
