"""Errors of the signing service; each carries a message for the person who caused it."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _


class SigningError(Exception):
    """Base class. ``code`` is stable (API problem type); ``message`` is translated."""

    code = "signing-error"
    message = _("The document could not be signed.")
    status = 400

    def __init__(self, message: object | None = None) -> None:
        if message is not None:
            self.message = message  # type: ignore[assignment]
        super().__init__(str(self.message))


class WrongPin(SigningError):
    code = "wrong-pin"
    message = _("The PIN is wrong.")

    def __init__(self, remaining: int | None = None) -> None:
        self.remaining = remaining
        if remaining is not None:
            super().__init__(
                _("The PIN is wrong. %(count)s attempts are left before the key is locked.")
                % {"count": remaining}
            )
        else:
            super().__init__()


class KeyLocked(SigningError):
    code = "key-locked"
    status = 423
    message = _("This key is locked after too many wrong PINs. Try again later.")

    def __init__(self, until: dt.datetime | None = None) -> None:
        self.until = until
        super().__init__()


class KeyFileDamaged(SigningError):
    code = "key-unavailable"
    status = 503
    message = _("The signing key cannot be opened: its key file is missing or damaged.")


class TokenUnavailable(SigningError):
    code = "token-unavailable"
    status = 503
    message = _("The signing token or HSM is not available. Check that it is connected.")


class NotAllowedToSign(SigningError):
    code = "not-allowed-to-sign"
    status = 403
    message = _("You may not sign with this certificate.")


class CertificateNotUsable(SigningError):
    code = "certificate-not-usable"
    message = _("This certificate is revoked, expired or not yet valid, so it cannot sign.")


class InvalidPdf(SigningError):
    """The upload is not a PDF that can be signed or validated; nothing was stored."""

    code = "invalid-pdf"
    message = _("The file is not a valid PDF document.")


class NotAPdf(InvalidPdf):
    code = "not-a-pdf"
    message = _("The file is not a PDF document.")


class TruncatedPdf(InvalidPdf):
    code = "truncated-pdf"
    message = _("The PDF file is incomplete (truncated). Upload the whole file again.")


class EncryptedPdf(InvalidPdf):
    code = "encrypted-pdf"
    message = _("The PDF file is password-protected. Remove the protection and upload it again.")


class MalformedPdf(InvalidPdf):
    code = "malformed-pdf"
    message = _("The PDF file is damaged and cannot be read.")


class TimestampUnavailable(SigningError):
    code = "timestamp-unavailable"
    status = 503
    message = _("The timestamping authority did not answer; the document was not signed.")


class RevocationInfoUnavailable(SigningError):
    code = "revocation-info-unavailable"
    status = 503
    message = _(
        "The certificate status could not be obtained for long-term validation; "
        "the document was not signed."
    )


class DocumentRevoked(SigningError):
    code = "document-revoked"
    status = 409
    message = _("This document has been revoked; it cannot be signed again.")
