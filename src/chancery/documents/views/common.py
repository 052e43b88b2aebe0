"""What every documents view shares: turning an action's refusal into a message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.http import HttpRequest

if TYPE_CHECKING:
    from chancery.documents.models import Document


class Panel(Protocol):
    """A section of the document page contributed by one area (intake, handling, drafting,
    records): the context of its template ``documents/panels/<area>.html``, or ``None`` to
    leave the section out."""

    def __call__(self, request: HttpRequest, document: Document) -> dict[str, object] | None: ...
