"""What the submission actions share: the applicant's own dossier, locked; the current round."""

from __future__ import annotations

from chancery.eservices.actions.lifecycle import lock
from chancery.eservices.constants import State
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import Applicant, Dossier

# The applicant may change answers and files only while the ministry waits for them.
EDITABLE_STATES = frozenset({State.DRAFT, State.SUPPLEMENT_REQUESTED})


def own_locked(applicant: Applicant, dossier_id: int) -> Dossier:
    """The applicant's dossier, locked for the caller's transaction; anyone else's: 404."""
    try:
        dossier = lock(dossier_id)
    except Dossier.DoesNotExist:
        raise NotAllowed() from None
    if dossier.applicant_id != applicant.pk:
        raise NotAllowed()
    return dossier


def current_round(dossier: Dossier) -> int:
    """The supplement round files go into now: 0 for a draft, the open request's round after."""
    if dossier.state != State.SUPPLEMENT_REQUESTED:
        return 0
    latest = dossier.supplements.order_by("-round").values_list("round", flat=True).first()
    return int(latest or 0)
