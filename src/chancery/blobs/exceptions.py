"""Everything the blob store refuses, as one hierarchy with translated messages.

``str(error)`` renders the message in the active language, so a view or API endpoint can show
it as is. Catch :class:`UploadRefused` to answer "bad upload" (HTTP 400/413/415) and
:class:`BlobNotFound` to answer 404; the others are operational failures that must be logged
and alerted on, never shown as the user's fault.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class BlobError(Exception):
    """Base of every error raised by the blob store."""

    default_message: str | Promise = _("The file could not be stored or read.")

    def __init__(self, message: str | Promise | None = None, **params: Any) -> None:
        self.message = message if message is not None else self.default_message
        self.params = params
        super().__init__(self.message)

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class UploadRefused(BlobError):
    """The upload itself is unacceptable; the person who sent it can fix it."""

    default_message = _("The file was refused.")


class FileTooLarge(UploadRefused):
    default_message = _("The file is larger than the limit of %(limit)s bytes.")


class ExecutableRefused(UploadRefused):
    default_message = _(
        "The file is a program or script (%(kind)s); programs are never accepted, "
        "whatever the file is called."
    )


class TypeNotAllowed(UploadRefused):
    default_message = _("Files of this type (%(detected)s) are not accepted here.")


class ContentMismatch(UploadRefused):
    default_message = _(
        "The file's name or declared type (%(declared)s) does not match its content (%(detected)s)."
    )


class ClassifiedStorageRefused(UploadRefused):
    default_message = _(
        "This installation is connected to the internet and may not store classified files."
    )


class InsufficientClearance(UploadRefused):
    default_message = _("You may not store a file above your own clearance.")


class BlobNotFound(BlobError):
    """No such blob, or the actor may not read it: the two are deliberately the same."""

    default_message = _("The file does not exist.")


class InvalidAddress(BlobNotFound):
    default_message = _("This is not a valid file address.")


class BlobIntegrityError(BlobError):
    """The stored bytes are not what was stored: corruption or tampering."""

    default_message = _("The stored file failed its integrity check.")


class BlobCorrupted(BlobIntegrityError):
    default_message = _(
        "The stored file %(address)s is corrupted: its content no longer matches its digest."
    )


class BlobTampered(BlobIntegrityError):
    default_message = _(
        "The encrypted file was altered, truncated, relabelled or moved onto another record; "
        "it cannot be decrypted."
    )


class KeyringError(BlobError):
    """The key-encryption keys are missing or misconfigured (an operator must act)."""

    default_message = _("The encryption keyring is not usable.")


class KeyNotAvailable(KeyringError):
    default_message = _(
        "No encryption key version %(version)s for classification level %(level)s in the keyring."
    )


class BackendError(BlobError):
    """The storage backend failed (disk, network, permissions)."""

    default_message = _("The file storage is unavailable.")
