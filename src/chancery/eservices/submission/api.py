"""API endpoints of the submission area, under /api/v1/eservices: public tracking by code.

Only the public status is given (procedure, status, received and return dates): no name, no
answers, no files. Lookups count against the anonymous rate limit of the API.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from chancery.eservices.constants import STATE_MAP, PublicStatus
from chancery.eservices.submission.views_dossiers import tracked
from chancery.lib.problems import Problem, ProblemType

router = Router(tags=["eservices"])

UNKNOWN_CODE = ProblemType("dossier-code-unknown", 404, _("No dossier has this code"))


class TrackedOut(Schema):
    code: str
    procedure_code: str
    procedure: str
    office: str
    status: str
    status_label: str
    received_on: dt.date | None
    return_date: dt.date | None


class TrackIn(Schema):
    code: str


def _answer(code: str) -> TrackedOut:
    dossier = tracked(code[:40])
    if dossier is None:
        raise Problem(
            kind=UNKNOWN_CODE,
            detail=_("Check the code on your receipt: no dossier has this code."),
        )
    status = STATE_MAP[dossier.state][0]
    return TrackedOut(
        code=dossier.code,
        procedure_code=dossier.version.procedure.code,
        procedure=dossier.version.procedure.name,
        office=dossier.unit.name,
        status=status,
        status_label=str(PublicStatus(status).label),
        received_on=dossier.received_on,
        return_date=dossier.due_on,
    )


@router.get("/track/{code}", auth=None, response=TrackedOut)
def submission_track(request: HttpRequest, code: str) -> TrackedOut:
    """The public status of the dossier with ``code`` (anyone; no personal data)."""
    return _answer(code)


@router.post("/track", auth=None, response=TrackedOut)
def submission_track_lookup(request: HttpRequest, payload: TrackIn) -> TrackedOut:
    """The same lookup with the code in a JSON body (codes stay out of server logs)."""
    return _answer(payload.code)
