"""A wrong PIN inside a numbering transaction, counted after the rollback (documents issuing,
cable release and e-services results share it).

The signing service counts a wrong PIN in a transaction of its own, which is only durable
when no outer transaction surrounds it. Issuing and release hold one (the number must not be
released while the signature is being made), so that count is rolled back with the rest. The
action raises ``PinRefused`` inside its transaction and, after the rollback, calls
``count_wrong_pin``: the same unlock is attempted once more outside any transaction with the
same PIN, which fails again and is counted durably.
"""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _

from chancery.core.service import User
from chancery.signing.actions.documents import SigningRequest, revoke_document, sign_document
from chancery.signing.constants import PadesLevel
from chancery.signing.exceptions import SigningError, WrongPin
from chancery.signing.models import Certificate

logger = logging.getLogger(__name__)


class PinRefused(Exception):
    """A wrong PIN inside the action's transaction: which key, to count it after the rollback
    (and the PDF being signed, which the caller may pass back to ``count_wrong_pin``)."""

    def __init__(
        self, certificate: Certificate, pin: str, error: WrongPin, *, pdf: bytes = b""
    ) -> None:
        super().__init__("wrong PIN")
        self.certificate, self.pin, self.error, self.pdf = certificate, pin, error, pdf


def count_wrong_pin(
    user: User,
    pdf: bytes,
    certificate: Certificate,
    pin: str,
    *,
    document_type: str,
    issuer_unit_id: int,
) -> None:
    """Attempt once more, outside any transaction, the unlock that failed (with the PIN that
    failed), so the signing service counts it durably (see the module docstring)."""
    request = SigningRequest(
        document_type=document_type,
        issuer_unit_id=issuer_unit_id,
        level=PadesLevel.B_B,
    )
    try:
        signed = sign_document(user, pdf=pdf, certificate=certificate, pin=pin, request=request)
    except SigningError:
        return  # WrongPin (counted) or KeyLocked: either way, refused.
    # Unreachable in practice (the same PIN failed a moment ago); if the key's PIN changed in
    # between, revoke what was just signed so no unnumbered signature stays valid.
    try:
        revoke_document(user, signed, str(_("Issuing failed; signed by a PIN check.")))
    except Exception:  # the signer may not revoke: say so loudly, the action still failed
        logger.exception("stray signed document %s left valid after a PIN check", signed.pk)
