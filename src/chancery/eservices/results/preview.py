"""The result as it would be issued, for the signer to read before signing."""

from __future__ import annotations

from django.utils import timezone

from chancery.core.service import User
from chancery.eservices.models import Dossier
from chancery.eservices.results.actions import signer_title
from chancery.eservices.results.pdf import render
from chancery.eservices.results.queries import certificate_url
from chancery.eservices.results.templates import compose, kind_of

# Printed where the number will be: the number is allocated only when the signature succeeds.
PENDING_NUMBER = "…"


def preview_result(user: User, dossier: Dossier) -> bytes:
    """The unsigned PDF of ``dossier``'s result as ``user`` would sign it today (the caller has
    checked that ``user`` may see the dossier)."""
    procedure = dossier.version.procedure
    sheet = compose(
        dossier,
        kind=kind_of(dossier),
        number=PENDING_NUMBER,
        signer_name=user.full_name or str(user),
        signer_title=" / ".join(signer_title(user, lang) for lang in ("vi", "en")),
        issued_on=timezone.localdate(),
        register_url=certificate_url(PENDING_NUMBER) if procedure.public_register else "",
    )
    return render(sheet)


def refusal_letter(user: User, dossier: Dossier, reason: str, *, number: str = "") -> bytes:
    """The unsigned reasoned refusal letter of ``dossier`` (template ``refusal``), for the
    handling area's rejection; ``number`` is the letter's number if it has one. The caller has
    checked that ``user`` may see the dossier."""
    sheet = compose(
        dossier,
        kind="refusal",
        number=number or dossier.code,
        signer_name=user.full_name or str(user),
        signer_title=" / ".join(signer_title(user, lang) for lang in ("vi", "en")),
        issued_on=timezone.localdate(),
        reason=reason,
    )
    return render(sheet)
