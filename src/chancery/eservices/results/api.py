"""API endpoints of the results area, under /api/v1/eservices.

- ``GET /certificates/{number}``: the public register entry (no sign-in; public fields only).
- ``POST /dossiers/{id}/issue``: a signer issues the result of an approved dossier.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from chancery.core.service import User, require_scope
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.results import actions
from chancery.eservices.results.queries import certificate_by_number
from chancery.lib.problems import Problem, ProblemType

router = Router(tags=["eservices"])


class CertificateOut(Schema):
    number: str
    status: str
    issued_on: dt.date
    signer_name: str
    signer_title: str
    procedure_code: str
    procedure_name: str
    document_type: str
    issuing_unit: str
    revoked_reason: str


class IssueIn(Schema):
    certificate_id: int
    pin: str
    revision: int


class IssuedOut(Schema):
    id: int
    code: str
    state: str
    revision: int
    certificate_number: str | None
    verification_code: str


def _problem(exc: EservicesError) -> Problem:
    return Problem(kind=ProblemType(exc.code, exc.status, exc.message), detail=exc.message)


@router.get("/certificates/{number}", response=CertificateOut, auth=None)
def results_certificate(request: HttpRequest, number: str) -> CertificateOut:
    """A certificate on the public register, by its exact number (no personal data). Anonymous
    callers count against the API's ``anonymous`` rate limit per client address."""
    found = certificate_by_number(number)
    if found is None:
        raise Problem(404)
    return CertificateOut(
        number=found.number,
        status=found.status,
        issued_on=found.issued_on,
        signer_name=found.signer_name,
        signer_title=found.signer_title,
        procedure_code=found.procedure.code,
        procedure_name=found.procedure.name,
        document_type=found.document_type,
        issuing_unit=found.unit.name,
        revoked_reason=found.revoked_reason,
    )


@router.post("/dossiers/{dossier_id}/issue", response=IssuedOut)
@require_scope("write:eservices")
def results_issue(request: HttpRequest, dossier_id: int, body: IssueIn) -> IssuedOut:
    """Sign and issue the result of an approved dossier (see ``results.actions.issue_result``)."""
    user = request.user
    assert isinstance(user, User)
    try:
        dossier = actions.issue_result(
            user,
            dossier_id,
            certificate_id=body.certificate_id,
            pin=body.pin,
            revision=body.revision,
        )
    except EservicesError as exc:
        raise _problem(exc) from exc
    number = getattr(getattr(dossier, "certificate", None), "number", None)
    return IssuedOut(
        id=dossier.pk,
        code=dossier.code,
        state=dossier.state,
        revision=dossier.revision,
        certificate_number=number,
        verification_code=dossier.result_verification_code,
    )
