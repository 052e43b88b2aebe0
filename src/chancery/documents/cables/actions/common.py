"""What every cable action shares: locking the row and checking its version, bumping it, the
originating post of a drafter, the portion-marking rule, and whether a person may read it."""

from __future__ import annotations

from django.db.models import F, Max
from django.urls import reverse

from chancery.core.service import Clearance, Unit, UnitKind, User
from chancery.documents.cables.exceptions import MarkingTooLow, StaleVersion
from chancery.documents.models import Cable, CableParagraph, Caption


def lock_cable(cable: Cable, version: int | None) -> Cable:
    """The cable's row, locked until the transaction ends; ``StaleVersion`` if ``version`` is
    given and no longer current."""
    locked = Cable.objects.select_for_update(of=("self",)).get(pk=cable.pk)
    if version is not None and locked.version != version:
        raise StaleVersion
    return locked


def bump(cable: Cable, **changes: object) -> None:
    """Save ``changes`` to a locked cable and increase its version."""
    for name, value in changes.items():
        setattr(cable, name, value)
    cable.version = F("version") + 1
    cable.save(update_fields=[*changes, "version", "updated_at"])
    cable.refresh_from_db(fields=["version"])


def originating_post(user: User) -> Unit | None:
    """Where a cable of ``user`` is sent from: the mission they work in (their unit or one
    above it), otherwise headquarters, the ministry unit at the root of their tree."""
    if user.unit is None:
        return None
    chain = [user.unit, *user.unit.ancestors()]
    for unit in chain:
        if unit.is_mission:
            return unit
    for unit in chain:
        if unit.kind == UnitKind.MINISTRY:
            return unit
    ministry = Unit.objects.filter(kind=UnitKind.MINISTRY, parent=None).order_by("pk").first()
    return ministry or chain[-1]


def highest_marking(cable: Cable) -> int:
    top = CableParagraph.objects.filter(cable=cable).aggregate(top=Max("classification"))["top"]
    return int(top or Clearance.UNCLASSIFIED)


def check_markings(cable: Cable, classification: int | None = None) -> None:
    """Refuse (``MarkingTooLow``) a cable classified below its highest paragraph marking."""
    level = cable.classification if classification is None else classification
    if level < highest_marking(cable):
        raise MarkingTooLow


def may_read(person: User, cable: Cable, *, captions: list[Caption] | None = None) -> bool:
    """Whether ``person`` would read ``cable`` once on its distribution: clearance, every
    compartment and every caption (the part of the access model that distribution can't
    give)."""
    if not person.is_active or person.clearance < cable.classification:
        return False
    held = set(person.compartments.values_list("pk", flat=True))
    if not set(cable.compartments.values_list("pk", flat=True)) <= held:
        return False
    wanted = {c.pk for c in captions} if captions is not None else None
    if wanted is None:
        wanted = set(cable.captions.values_list("pk", flat=True))
    if not wanted:
        return True
    met = set(Caption.objects.satisfied_by(person).values_list("pk", flat=True))
    return wanted <= met


def cable_url(cable: Cable) -> str:
    return reverse("cables:detail", kwargs={"pk": cable.pk})
