"""One-use, expiring tokens sent by e-mail (verify, reset, resume a draft).

The raw token goes only into the link; the database keeps its SHA-256, so a leaked table
opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import Applicant, ApplicantToken, Dossier

Purpose = ApplicantToken.Purpose


class InvalidToken(EservicesError):
    """The link is unknown, already used, expired or meant for something else."""

    message = _(
        "This link is not valid any more: it may have been used already or have expired. "
        "Ask for a new one."
    )


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(
    applicant: Applicant, purpose: str, *, dossier: Dossier | None = None, ttl: timedelta
) -> str:
    """Create a token for ``applicant`` and return the raw value (to put in a link).

    Who may call: actions of the e-services (verification, reset, resume link). Only the
    SHA-256 is stored.
    """
    if purpose not in Purpose.values:
        raise ValueError(f"unknown token purpose {purpose!r}")
    raw = secrets.token_urlsafe(32)
    ApplicantToken.objects.create(
        applicant=applicant,
        purpose=purpose,
        digest=digest(raw),
        dossier=dossier,
        expires_at=timezone.now() + ttl,
    )
    return raw


def consume(raw: str, purpose: str) -> ApplicantToken:
    """Use a token once; returns it (with its applicant and dossier).

    Refuses (``InvalidToken``) an unknown token, one for another purpose, one already used
    and one expired. Runs in its own transaction unless the caller has one.
    """
    with transaction.atomic():
        token = (
            ApplicantToken.objects.select_for_update(of=("self",))
            .select_related("applicant", "dossier")
            .filter(digest=digest(raw or ""), purpose=purpose)
            .first()
        )
        if token is None or token.used_at is not None or token.expires_at <= timezone.now():
            raise InvalidToken()
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
    return token
