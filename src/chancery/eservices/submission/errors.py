"""Refusals of the applicant's side of dossiers, each with a message the applicant can act on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.eservices.exceptions import EservicesError


class NotOfferedHere(EservicesError):
    code = "not-offered-here"
    status = 422
    message = _("This service cannot be requested from the office or in the way you chose.")


class NotOpenForApplications(EservicesError):
    code = "not-open"
    status = 409
    message = _("This service is not open for applications at the moment.")


class NotEditable(EservicesError):
    code = "not-editable"
    status = 409
    message = _("This dossier can no longer be changed.")


class FileRefused(EservicesError):
    """The upload was refused; ``message`` says why (the blob store's reason, translated)."""

    code = "file-refused"
    status = 422
    message = _("The file was refused.")


class TooManyFiles(EservicesError):
    code = "too-many-files"
    status = 422
    message = _("You have already added the most files this item allows. Remove one first.")


class DossierTooLarge(EservicesError):
    code = "dossier-too-large"
    status = 413
    message = _("The files of this dossier would be larger than the limit. Use smaller files.")


class ResumeLinkInvalid(EservicesError):
    code = "resume-link-invalid"
    status = 400
    message = _("This link has expired or was already used. Sign in to find your dossier.")


class OtherApplicantSignedIn(EservicesError):
    code = "other-applicant"
    status = 409
    message = _(
        "This link belongs to another person's account. Sign out first, then open the link again."
    )


class ReasonRequired(EservicesError):
    code = "reason-required"
    status = 422
    message = _("Tell us why you withdraw the dossier.")


class NotAllowedToFile(EservicesError):
    code = "not-allowed-to-file"
    status = 404
    message = _("You may not file dossiers for this office.")
