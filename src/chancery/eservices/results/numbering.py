"""Certificate numbers: gapless per unit and year, safe under concurrency.

``allocate_certificate_number`` must run inside the transaction that issues the result: it
locks the unit's ``NumberSeries`` row for the year until that transaction ends, so two officers
never get the same number, and a transaction that rolls back (a wrong PIN, say) gives its number
back: the next one gets it, and the series has no gap. The number reads
``HPH-LS-2026-000123``: the procedure's short code, the unit's code, the year, the sequence.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction
from django.utils import timezone

from chancery.core.service import Unit
from chancery.eservices.models import Procedure
from chancery.eservices.numbering import next_number

# Any Unicode dash a person may paste, and spaces, are read as the ASCII hyphen.
_DASHES = re.compile(r"[\s\u2010-\u2015\u2212_/.]+")
_ALLOWED = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*$")


def series_key(unit: Unit, year: int) -> str:
    return f"certificate:{unit.pk}:{year}"


def allocate_certificate_number(procedure: Procedure, unit: Unit, year: int | None = None) -> str:
    """The next certificate number of ``unit`` for ``year`` (this year by default).

    Refuses (``TransactionManagementError``) to run outside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("certificate numbers need a transaction")
    year = year or timezone.localdate().year
    serial = next_number(series_key(unit, year))
    prefix = (procedure.short_code or "KQ").upper()
    return normalise_number(f"{prefix}-{unit.code}-{year}-{serial:06d}") or ""


def normalise_number(text: str) -> str | None:
    """``text`` as a certificate number (upper case, ASCII hyphens), or ``None`` if it cannot
    be one. Diacritics are dropped so ``hph-ls-2026-000001`` typed on a phone still matches."""
    dashed = _DASHES.sub("-", text.strip())
    folded = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode()
    cleaned = folded.upper().strip("-")
    if not cleaned or len(cleaned) > 40 or not _ALLOWED.match(cleaned):
        return None
    return cleaned
