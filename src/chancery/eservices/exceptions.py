"""Refusals of the e-services, each with a message for the applicant or officer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class EservicesError(Exception):
    """A refusal the user can act on: ``message`` is shown in their language."""

    code = "eservices-error"
    status = 400
    message = _("The request could not be completed.")

    def __init__(self, message: object | None = None, **params: object) -> None:
        if message is not None:
            self.message = message  # type: ignore[assignment]
        self.params = params
        super().__init__(str(self.message))


class NotAllowed(EservicesError):
    code = "not-allowed"
    status = 404
    message = _("This dossier does not exist or is not yours.")


class InvalidTransition(EservicesError):
    code = "invalid-transition"
    status = 409
    message = _("This dossier is not in a state that allows this step.")


class StaleRevision(EservicesError):
    code = "stale-revision"
    status = 409
    message = _("Someone changed this dossier while you were looking at it. Open it again.")


class InvalidSubmission(EservicesError):
    """The form or its files do not pass validation; ``errors`` maps field to messages."""

    code = "invalid-submission"
    status = 422
    message = _("Some answers need your attention.")

    def __init__(self, errors: dict[str, list[str]], message: object | None = None) -> None:
        self.errors = errors
        super().__init__(message)
