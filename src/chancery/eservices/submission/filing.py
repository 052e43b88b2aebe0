"""Filing a dossier: submit a draft, answer a supplement request, allocate dossier codes.

Both steps are idempotent per applicant and key: a double click, a retried request or two
browser tabs file one dossier (the row lock serialises them, and the unique constraint
``eservices_dossier_idempotency`` backs it across drafts).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Unit, calendar_for_unit, next_working_day
from chancery.eservices import deadlines
from chancery.eservices.actions.lifecycle import transition
from chancery.eservices.constants import State
from chancery.eservices.exceptions import EservicesError, InvalidSubmission, InvalidTransition
from chancery.eservices.models import Applicant, Dossier, DossierEvent
from chancery.eservices.numbering import next_number
from chancery.eservices.submission.common import own_locked

SUPPLEMENT_ANSWERED = "supplement_answered"
MAX_KEY_LENGTH = 64


class MissingKey(EservicesError):
    code = "idempotency-key-missing"
    status = 400
    message = _("This page is out of date. Open the review page again and send it from there.")


def _key(raw: str) -> str:
    key = (raw or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise MissingKey()
    return key


def allocate_code(unit: Unit, day: date) -> str:
    """The next dossier code of ``unit`` for ``day``: ``{UNIT CODE}-{yymmdd}-{seq:04d}`` (upper
    case: the public tracking page looks codes up as typed in upper case).

    Gapless per unit and day: the series row is locked until the caller's transaction ends, so
    a rolled-back submission gives its number back. Who may call: ``submit`` (and the demo).
    """
    stamp = f"{day:%y%m%d}"
    serial = next_number(f"dossier:{unit.code}:{stamp}")
    return f"{unit.code.upper()}-{stamp}-{serial:04d}"


def validate(dossier: Dossier) -> dict[str, Any]:
    """The dossier's answers, fully checked with its files; ``InvalidSubmission`` otherwise."""
    from chancery.eservices.forms import engine

    schema = dossier.version.form_schema
    answers, errors = engine.clean(schema, dossier.form_data, partial=False)
    counts = dict(
        dossier.files.filter(superseded=False)
        .values_list("component")
        .annotate(n=Count("pk"))
        .values_list("component", "n")
    )
    problems: dict[str, list[str]] = {
        str(name): [str(m) for m in messages] for name, messages in errors.items()
    }
    for name, messages in engine.missing_files(schema, answers, counts).items():
        problems.setdefault(str(name), []).extend(str(m) for m in messages)
    if problems:
        raise InvalidSubmission(problems)
    return dict(answers)


def submit(applicant: Applicant, dossier_id: int, *, idempotency_key: str) -> Dossier:
    """File the applicant's draft: it gets its code, its received date and its return date.

    Who may call: the dossier's applicant (or staff at a counter through the applicant's draft).
    A key already used by this applicant returns the dossier filed with it, whatever draft is
    named. Refuses a missing key (``MissingKey``), a dossier that is not a draft
    (``InvalidTransition``) and incomplete answers or files (``InvalidSubmission`` with the
    problems by field; the draft stays as it was).

    Received on a non-working day of the unit's calendar, the dossier counts as received on the
    next working day; the return date is that day plus the channel's time limit in working days.
    """
    key = _key(idempotency_key)
    with transaction.atomic():
        dossier = own_locked(applicant, dossier_id)
        earlier = Dossier.objects.filter(applicant=applicant, idempotency_key=key).first()
        if earlier is not None:
            return earlier
        if dossier.state != State.DRAFT:
            raise InvalidTransition()
        answers = validate(dossier)
        try:
            with transaction.atomic():
                _file(dossier, answers, key)
        except IntegrityError:
            # The same key filed another draft of this applicant at the same moment.
            earlier = Dossier.objects.filter(applicant=applicant, idempotency_key=key).first()
            if earlier is None:
                raise
            return earlier
    return dossier


def _file(dossier: Dossier, answers: dict[str, Any], key: str) -> None:
    dossier.idempotency_key = key
    dossier.save(update_fields=["idempotency_key"])
    now = timezone.now()
    today = timezone.localdate(now)
    received = next_working_day(today, calendar_for_unit(dossier.unit), inclusive=True)
    entry = dossier.version.channel(dossier.channel) or {}
    dossier.code = allocate_code(dossier.unit, today)
    dossier.form_data = answers
    dossier.submitted_at = now
    dossier.received_on = received
    dossier.due_on = deadlines.return_date(dossier, received)
    dossier.fee = Decimal(str(entry.get("fee") or 0))
    dossier.currency = str(entry.get("currency") or "VND")[:3]
    dossier.save(
        update_fields=[
            "code",
            "form_data",
            "submitted_at",
            "received_on",
            "due_on",
            "fee",
            "currency",
            "updated_at",
        ]
    )
    transition(
        dossier,
        State.SUBMITTED,
        actor=dossier.filed_by,
        by_applicant=dossier.filed_by is None,
        data={"code": dossier.code, "due_on": dossier.due_on.isoformat()},
    )


def respond_to_supplement(
    applicant: Applicant, dossier_id: int, *, idempotency_key: str
) -> Dossier:
    """Send the dossier back to the ministry once the applicant has supplied what was asked.

    Who may call: the dossier's applicant, after updating answers and files while the state is
    SUPPLEMENT_REQUESTED. The same key again returns the dossier unchanged. Refuses another
    state (``InvalidTransition``) and answers or files that still do not pass
    (``InvalidSubmission``; nothing changes). The deadline clock restarts (``transition``).
    """
    key = _key(idempotency_key)
    with transaction.atomic():
        dossier = own_locked(applicant, dossier_id)
        if dossier.state != State.SUPPLEMENT_REQUESTED:
            done = DossierEvent.objects.filter(
                dossier=dossier, action=SUPPLEMENT_ANSWERED, data__idempotency_key=key
            ).exists()
            if done:
                return dossier
            raise InvalidTransition()
        answers = validate(dossier)
        request = dossier.supplements.filter(answered_at__isnull=True).order_by("-round").first()
        dossier.form_data = answers
        dossier.save(update_fields=["form_data", "updated_at"])
        if request is not None:
            request.answered_at = timezone.now()
            request.save(update_fields=["answered_at"])
        transition(
            dossier,
            State.SUBMITTED,
            by_applicant=True,
            action=SUPPLEMENT_ANSWERED,
            data={"round": request.round if request else 0, "idempotency_key": key},
        )
    return dossier
