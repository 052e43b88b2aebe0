"""What a draft says, and the checks on it before it is saved: the taxonomy, the references
the drafter may see, the people and units it is addressed to, the markings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance, Unit, User
from chancery.documents.cables.constants import AddresseeRole
from chancery.documents.cables.exceptions import CableError, NotAllowed, UnknownTag
from chancery.documents.models import (
    Cable,
    CableAddressee,
    CableParagraph,
    CableTag,
    Caption,
    Document,
    PrecedenceLevel,
)
from chancery.documents.queries.documents import documents_visible_to


@dataclass
class Paragraph:
    text: str
    marking: int = Clearance.UNCLASSIFIED


@dataclass
class DraftContent:
    """The whole content of a draft. ``None`` leaves a part as it is; a list replaces it."""

    subject: str | None = None
    precedence: PrecedenceLevel | None = None
    classification: int | None = None
    compartments: Sequence[Any] | None = None
    captions: Sequence[Caption] | None = None
    tags: Sequence[str] | None = None
    paragraphs: Sequence[Paragraph] | None = None
    action_units: Sequence[Unit] | None = None
    info_units: Sequence[Unit] | None = None
    action_people: Sequence[User] | None = None
    info_people: Sequence[User] | None = None
    references: Sequence[Cable] | None = None
    document_references: Sequence[Document] | None = None


class UnknownReference(CableError):
    code = "unknown-reference"
    message = _("A referenced cable or document does not exist or you may not read it.")
    status = 422


def valid_tags(tags: Sequence[str]) -> list[str]:
    """The tags upper-cased, unique, in order; ``UnknownTag`` for any not active in the
    taxonomy."""
    wanted = list(dict.fromkeys(tag.strip().upper() for tag in tags if tag.strip()))
    known = set(
        CableTag.objects.filter(code__in=wanted, active=True).values_list("code", flat=True)
    )
    if set(wanted) - known:
        raise UnknownTag
    return wanted


def check_levels(user: User, content: DraftContent, cable: Cable) -> None:
    """The drafter keeps reading what they draft: a level at most their clearance, only
    compartments they hold, active captions and precedences."""
    levels = [content.classification] if content.classification is not None else []
    levels += [p.marking for p in content.paragraphs or []]
    if any(level not in Clearance.values for level in levels):
        raise CableError(_("Unknown classification level."))
    if any(level > user.clearance for level in levels):
        raise NotAllowed(_("You cannot mark a cable above your own clearance."))
    if content.compartments is not None:
        held = set(user.compartments.values_list("pk", flat=True))
        if not {c.pk for c in content.compartments} <= held:
            raise NotAllowed(_("You can only restrict a cable to compartments you hold."))
    if content.captions is not None:
        if any(not c.active for c in content.captions):
            raise CableError(_("A caption is no longer in use."))
        mine = set(Caption.objects.satisfied_by(user).values_list("pk", flat=True))
        if not {c.pk for c in content.captions} <= mine:
            raise NotAllowed(_("You can only add captions that you satisfy yourself."))
    if content.precedence is not None and not content.precedence.active:
        raise CableError(_("This precedence is no longer in use."))


def check_references(user: User, content: DraftContent, cable: Cable) -> None:
    if content.references is not None:
        ids = {c.pk for c in content.references} - {cable.pk}
        # Only released cables: a reference is cited by its number, which a draft lacks.
        seen = Cable.objects.visible_to(user).released().filter(pk__in=ids).count()
        if seen != len(ids) or cable.pk in {c.pk for c in content.references}:
            raise UnknownReference
    if content.document_references is not None:
        ids = {d.pk for d in content.document_references}
        if documents_visible_to(user).filter(pk__in=ids).count() != len(ids):
            raise UnknownReference


def replace_paragraphs(cable: Cable, paragraphs: Sequence[Paragraph]) -> None:
    """Replace the paragraphs, numbered 1..n in the order given; empty ones are dropped."""
    CableParagraph.objects.filter(cable=cable).delete()
    kept = [p for p in paragraphs if p.text.strip()]
    CableParagraph.objects.bulk_create(
        [
            CableParagraph(cable=cable, number=n, classification=p.marking, text=p.text.strip())
            for n, p in enumerate(kept, start=1)
        ]
    )


def replace_addressees(cable: Cable, content: DraftContent) -> None:
    """Replace the addressees given; a unit or person named both for action and for
    information is an action addressee."""
    rows: dict[tuple[str, int], str] = {}
    parts = (
        (content.info_units, "unit", AddresseeRole.INFO),
        (content.info_people, "person", AddresseeRole.INFO),
        (content.action_units, "unit", AddresseeRole.ACTION),
        (content.action_people, "person", AddresseeRole.ACTION),
    )
    if all(items is None for items, _kind, _role in parts):
        return
    existing = CableAddressee.objects.filter(cable=cable)
    for items, kind, role in parts:
        if items is None:  # keep this part as it was
            for row in existing.filter(role=role, **{f"{kind}__isnull": False}):
                rows[(kind, row.unit_id if kind == "unit" else row.person_id)] = role  # type: ignore[index]
            continue
        for item in items:
            rows[(kind, item.pk)] = role
    existing.delete()
    CableAddressee.objects.bulk_create(
        [
            CableAddressee(cable=cable, role=role, **{f"{kind}_id": pk})
            for (kind, pk), role in rows.items()
        ]
    )
