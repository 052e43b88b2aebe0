"""Who a cable is addressed to, kept on the access model's columns.

``Cable.objects.visible_to`` then decides everything else (clearance, compartments, captions):
these columns only say who is on the cable at all.
"""

from __future__ import annotations

from chancery.documents.cables.constants import CableStatus
from chancery.documents.models import Cable, CableAddressee, CableClearer


def sync_access(cable: Cable) -> None:
    """Set the cable's distribution and assigned units from its state: a draft is read by its
    drafter, clearers and approver; a released cable also by its addressees (units and named
    people) and the drafting unit. Call in the transaction that changed them."""
    people: set[int] = {cable.created_by_id}
    people.update(
        CableClearer.objects.filter(cable=cable).values_list("clearer_id", flat=True).distinct()
    )
    if cable.approver_id is not None:
        people.add(cable.approver_id)
    units: set[int] = set()
    if cable.status == CableStatus.RELEASED:
        for unit_id, person_id in CableAddressee.objects.filter(cable=cable).values_list(
            "unit_id", "person_id"
        ):
            if unit_id is not None:
                units.add(unit_id)
            if person_id is not None:
                people.add(person_id)
        units.add(cable.drafting_unit_id)
    cable.distribution.set(people)
    cable.assigned_units.set(units)
