"""The national public-service portal: pull the catalogue, push dossiers and status changes.

``on_event`` is called by ``actions.lifecycle.transition`` inside the dossier's transaction:
it writes the next ``SyncRecord`` of the dossier (its fields for the portal at that moment)
and defers the job that pushes the dossier's records in order (``national.sync``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chancery.eservices.models import Dossier, DossierEvent, SyncRecord


def on_event(dossier: Dossier, event: DossierEvent) -> SyncRecord | None:
    """Queue the push of ``event`` to the national portal (a ``SyncRecord`` and its job).

    Called with the dossier row locked, inside the caller's transaction. Drafts (no code yet)
    are not pushed. The first record of a dossier creates it on the portal (``dossier``); later
    ones update it (``status`` when the portal's status code changes, ``progress`` when only
    the internal state moved, e.g. processing → awaiting approval).
    """
    from django.db.models import Max

    from chancery.eservices.constants import STATE_MAP
    from chancery.eservices.models import SyncRecord
    from chancery.eservices.national.payload import dossier_fields
    from chancery.eservices.national.sync import defer_push

    if not dossier.code or dossier.national_status is None:
        return None
    last = dossier.sync_records.aggregate(last=Max("sequence"))["last"] or 0
    if last == 0:
        operation = "dossier"
    else:
        before = STATE_MAP.get(event.from_state, ("", None))[1]
        operation = "status" if before != dossier.national_status else "progress"
    record = SyncRecord.objects.create(
        dossier=dossier,
        sequence=last + 1,
        operation=operation,
        payload=dossier_fields(dossier, event),
    )
    defer_push(dossier.pk)
    return record
