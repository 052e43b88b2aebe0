"""The applicant's satisfaction rating of a completed dossier: once, 1 to 5, optional comment."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.eservices.actions.lifecycle import lock, record_event
from chancery.eservices.constants import State
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import Applicant, Dossier
from chancery.eservices.queries import get_dossier_for_applicant

# A dossier may be rated once it is finished with a decision the applicant has received.
RATEABLE_STATES = frozenset({State.RESULT_ISSUED, State.RETURNED, State.REJECTED})
MAX_COMMENT = 2000


class NotYetRateable(EservicesError):
    code = "not-yet-rateable"
    status = 409
    message = _("You can rate a dossier once it is completed.")


class AlreadyRated(EservicesError):
    code = "already-rated"
    status = 409
    message = _("You have already rated this dossier. Thank you.")


class InvalidRating(EservicesError):
    code = "invalid-rating"
    status = 422
    message = _("Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).")


def can_rate(dossier: Dossier) -> bool:
    return dossier.state in RATEABLE_STATES and dossier.rating is None


def rate(applicant: Applicant, dossier_id: int, *, rating: int, comment: str = "") -> Dossier:
    """Record ``applicant``'s satisfaction with their completed dossier, and a history line.

    Who may call: the applicant who owns the dossier. Refuses somebody else's dossier
    (``NotAllowed``), a dossier not completed (``NotYetRateable``), a second rating
    (``AlreadyRated``), a rating outside 1..5 or an over-long comment (``InvalidRating``).
    """
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidRating()
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidRating(_("Keep the comment under %(max)s characters.") % {"max": MAX_COMMENT})
    get_dossier_for_applicant(applicant, dossier_id)
    with transaction.atomic():
        dossier = lock(dossier_id)
        if dossier.rating is not None:
            raise AlreadyRated()
        if dossier.state not in RATEABLE_STATES:
            raise NotYetRateable()
        dossier.rating, dossier.rating_comment, dossier.rated_at = rating, comment, timezone.now()
        dossier.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
        record_event(dossier, "rated", by_applicant=True, data={"rating": rating}, public=True)
    return dossier
