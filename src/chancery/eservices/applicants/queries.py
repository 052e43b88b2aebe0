"""Reads of applicant data for staff: the counter's exact-match lookup, minimal fields only."""

from __future__ import annotations

from dataclasses import dataclass

from chancery.core.service import User, record_audit
from chancery.eservices.models import Applicant
from chancery.eservices.queries import is_handler


@dataclass(frozen=True)
class CounterMatch:
    """What the counter shows of an applicant: enough to recognise them, no more."""

    pk: int
    full_name: str
    email_hint: str
    id_hint: str


def _mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def _mask_id(number: str) -> str:
    return f"•••{number[-3:]}" if len(number) > 3 else ("•••" if number else "")


def find_for_counter(user: User, query: str) -> list[CounterMatch]:
    """Applicants whose e-mail address or ID number is exactly ``query`` (case-insensitive
    e-mail), for staff who handle dossiers; nobody else finds anyone. Each lookup is audited,
    and only masked details come back."""
    query = query.strip()
    if not is_handler(user) or len(query) < 3:
        return []
    rows = Applicant.objects.filter(is_active=True).only("pk", "full_name", "email", "id_number")
    found = list(rows.filter(email__iexact=query)[:5]) or list(rows.filter(id_number=query)[:5])
    record_audit(user, "eservices.applicant.counter_lookup", data={"found": [a.pk for a in found]})
    return [
        CounterMatch(a.pk, a.full_name, _mask_email(a.email), _mask_id(a.id_number)) for a in found
    ]
