"""Errors of the documents app; each carries a message for the person who caused it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DocumentError(Exception):
    """Base class. ``code`` is stable (API problem type); ``message`` is translated."""

    code = "document-error"
    message = _("The document could not be processed.")
    status = 400

    def __init__(self, message: object | None = None) -> None:
        if message is not None:
            self.message = message  # type: ignore[assignment]
        super().__init__(str(self.message))


class NotAllowed(DocumentError):
    """The user may see the document but not do this to it (views answer 403 with the reason;
    a document the user may not see answers 404 before this is ever raised)."""

    code = "not-allowed"
    message = _("You are not allowed to do this.")
    status = 403


class WrongState(DocumentError):
    code = "wrong-state"
    message = _("The document is not in a state that allows this.")
    status = 409


class StaleVersion(DocumentError):
    """Someone else changed the document since the user loaded it (optimistic concurrency)."""

    code = "stale-version"
    message = _("Someone else changed this document in the meantime. Reload it and try again.")
    status = 409


class DuplicateDocument(DocumentError):
    code = "duplicate-document"
    message = _("This document is already registered.")
    status = 409


class RecordImmutable(DocumentError):
    code = "record-immutable"
    message = _("This document is a record: it can no longer be changed.")
    status = 409


class BadFile(DocumentError):
    code = "bad-file"
    message = _("The file cannot be read.")
    status = 422
