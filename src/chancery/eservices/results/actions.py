"""Issuing results: number, compose, sign, register and deliver, in one transaction.

``issue_result`` follows documents issuing: the dossier row and the unit's number series are
locked, the next certificate number is taken, the result PDF (with that number and, for
certifications, the QR code of its public page) is rendered and signed with the officer's
certificate and PIN, the register entry is written and the dossier moves to RESULT_ISSUED
(which notifies the applicant and the national portal). If anything fails (a wrong PIN, a
locked key, an unreachable timestamp authority), everything rolls back: the number goes back
to the series, no signed document remains and the dossier stays APPROVED. A wrong PIN is still
counted towards the key's lockout after the rollback (``signing.service.count_wrong_pin``).

Who signs: a unit head or consular officer of the handling unit (its department or mission,
divisions included), or a ministry leader (leaders see every unit's dossiers). Consular
officers sign because Decree 111/2011 lets the consular officer of a mission legalise; clerks
and specialists prepare but do not sign. Who revokes a certificate: the handling unit's head or
a ministry leader.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, User, can
from chancery.eservices.actions.lifecycle import lock, record_event, transition
from chancery.eservices.constants import CertificateStatus, DeliveryMethod, State
from chancery.eservices.exceptions import EservicesError, InvalidTransition, NotAllowed
from chancery.eservices.models import Dossier, IssuedCertificate
from chancery.eservices.queries import get_dossier_for_staff, scope_unit_ids
from chancery.eservices.results.numbering import allocate_certificate_number
from chancery.eservices.results.pdf import render
from chancery.eservices.results.queries import certificate_url, signing_certificates
from chancery.eservices.results.templates import T, compose, kind_of
from chancery.signing import service as signing

# The title printed under the signature, by the role the signer signs in (first held).
SIGNER_TITLES: tuple[tuple[str, dict[str, str]], ...] = (
    (Role.LEADER, {"vi": "Lãnh đạo Bộ", "en": "Ministry leader", "fr": "Dirigeant du ministère"}),
    (Role.UNIT_HEAD, {"vi": "Thủ trưởng đơn vị", "en": "Head of unit", "fr": "Chef de service"}),
    (
        Role.CONSULAR_OFFICER,
        {"vi": "Viên chức lãnh sự", "en": "Consular officer", "fr": "Agent consulaire"},
    ),
)
MAX_TRACKING = 64


class MayNotSign(EservicesError):
    code = "may-not-sign"
    status = 403
    message = _(
        "Only a unit head or consular officer of the handling unit, or a ministry leader, "
        "signs results."
    )


class MayNotRevoke(EservicesError):
    code = "may-not-revoke"
    status = 403
    message = _("Only the head of the issuing unit or a ministry leader revokes a certificate.")


class SigningFailed(EservicesError):
    """The signature could not be made; the message is the signing service's (wrong PIN,
    locked key, unusable certificate...)."""

    code = "signing-failed"
    status = 422


class InvalidInput(EservicesError):
    code = "invalid-input"
    status = 422


def may_sign(user: User, dossier: Dossier) -> bool:
    """Whether ``user`` signs results of ``dossier`` (see the module docstring)."""
    if not user.is_active:
        return False
    if user.has_role(Role.LEADER):
        return True
    if not (user.has_role(Role.UNIT_HEAD) or user.has_role(Role.CONSULAR_OFFICER)):
        return False
    return dossier.unit_id in scope_unit_ids(user)


def may_revoke(user: User, certificate: IssuedCertificate) -> bool:
    if not user.is_active:
        return False
    if user.has_role(Role.LEADER):
        return True
    return user.has_role(Role.UNIT_HEAD) and certificate.unit_id in scope_unit_ids(user)


def signer_title(user: User, language: str = "vi") -> str:
    for role, titles in SIGNER_TITLES:
        if user.has_role(role):
            return titles[language]
    return ""


def signing_level() -> str:
    return str(
        getattr(settings, "CHANCERY_ESERVICES_SIGNING_LEVEL", "") or signing.PadesLevel.B_LTA
    )


def _check_issue(user: User, dossier: Dossier) -> None:
    if not may_sign(user, dossier):
        raise MayNotSign()
    if dossier.state != State.APPROVED:
        raise InvalidTransition(_("Only an approved dossier receives its result."))


def _certificate(user: User, certificate_id: int) -> signing.Certificate:
    certificate = signing_certificates(user).filter(pk=certificate_id).first()
    if certificate is None:
        raise InvalidInput(_("Choose one of your own valid signing certificates."))
    return certificate


def issue_result(
    user: User, dossier_id: int, *, certificate_id: int, pin: str, revision: int
) -> Dossier:
    """Number, compose, sign and issue the result of an approved dossier.

    Who may: see ``may_sign``. Refuses dossiers the user may not see (``NotAllowed``, 404),
    signers who may not sign (``MayNotSign``), other states than APPROVED
    (``InvalidTransition``), a concurrent change (``StaleRevision``), a certificate that is not
    the user's (``InvalidInput``) and every refusal of the signing service (``SigningFailed``:
    wrong PIN, locked key...). A failure consumes no number. Must not be called inside a
    transaction of the caller's (a wrong PIN would not be counted).
    """
    dossier = get_dossier_for_staff(user, dossier_id)
    _check_issue(user, dossier)
    certificate = _certificate(user, certificate_id)
    try:
        return _issue(user, dossier_id, certificate, pin, revision)
    except signing.PinRefused as refused:
        signing.count_wrong_pin(
            user,
            refused.pdf,
            refused.certificate,
            refused.pin,
            document_type="eservices-result",
            issuer_unit_id=dossier.unit_id,
        )
        raise SigningFailed(refused.error.message) from None
    except signing.SigningError as exc:
        raise SigningFailed(exc.message) from exc


def _issue(
    user: User, dossier_id: int, certificate: signing.Certificate, pin: str, revision: int
) -> Dossier:
    with transaction.atomic():
        dossier = lock(dossier_id, revision=revision)
        _check_issue(user, dossier)
        procedure = dossier.version.procedure
        number = allocate_certificate_number(procedure, dossier.unit)
        today = timezone.localdate()
        kind = kind_of(dossier)
        sheet = compose(
            dossier,
            kind=kind,
            number=number,
            signer_name=user.full_name or str(user),
            signer_title=" / ".join(signer_title(user, lang) for lang in ("vi", "en")),
            issued_on=today,
            register_url=certificate_url(number) if procedure.public_register else "",
        )
        pdf = render(sheet)
        request = signing.SigningRequest(
            document_type=f"eservices-{kind}",
            issuer_unit_id=dossier.unit_id,
            level=signing_level(),
            public_number=number,
            # The procedure, never the applicant: the verification page is public.
            public_title=T[kind]["vi"].capitalize(),
            issued_on=today,
            source=f"eservices:{dossier.pk}",
            filename=f"{number}.pdf",
            reason=str(_("Result of dossier %(code)s") % {"code": dossier.code}),
        )
        try:
            signed = signing.sign_document(
                user, pdf=pdf, certificate=certificate, pin=pin, request=request
            )
        except signing.WrongPin as exc:
            raise signing.PinRefused(certificate, pin, exc, pdf=pdf) from None
        dossier.result_document = signed
        dossier.result_verification_code = signed.verification_code
        dossier.save(update_fields=["result_document", "result_verification_code"])
        if procedure.public_register:
            IssuedCertificate.objects.create(
                number=number,
                dossier=dossier,
                procedure=procedure,
                unit=dossier.unit,
                issued_on=today,
                signer_name=sheet.signer_name,
                signer_title=sheet.signer_title,
                document_type=_public_document_type(sheet),
                verification_code=signed.verification_code,
            )
        transition(
            dossier,
            State.RESULT_ISSUED,
            actor=user,
            action="result_issued",
            data={"number": number, "verification_code": signed.verification_code},
        )
    return dossier


def _public_document_type(sheet: object) -> str:
    """The kind of paper certified (``Birth certificate``), which says nothing of its holder."""
    rows = getattr(sheet, "rows", [])
    return next((row.value for row in rows if row.key == "document_type"), "")[:255]


def revoke_certificate(user: User, certificate_id: int, reason: str) -> IssuedCertificate:
    """Revoke a certificate: the public register then shows it revoked, with the reason; the
    signed result is revoked too (its verification page says so) when the signing service lets
    ``user`` revoke it.

    Who may: see ``may_revoke``. Refuses certificates of dossiers the user may not see
    (``NotAllowed``), other users (``MayNotRevoke``), an empty reason (``InvalidInput``) and a
    certificate already revoked (``InvalidTransition``).
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        certificate = (
            IssuedCertificate.objects.select_for_update().filter(pk=certificate_id).first()
        )
        if certificate is None:
            raise NotAllowed()
        dossier = get_dossier_for_staff(user, certificate.dossier_id)
        if not may_revoke(user, certificate):
            raise MayNotRevoke()
        if certificate.status == CertificateStatus.REVOKED:
            raise InvalidTransition(_("This certificate is already revoked."))
        if not reason:
            raise InvalidInput(_("Give the reason for revoking the certificate."))
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_reason = reason
        certificate.save(update_fields=["status", "revoked_reason"])
        signed = dossier.result_document
        if signed is not None and can(user, "revoke", signed):
            signing.revoke_document(user, signed, reason)
        record_event(
            dossier,
            "certificate_revoked",
            actor=user,
            note=reason,
            data={"number": certificate.number},
        )
    return certificate


def record_posting(user: User, dossier_id: int, *, tracking_number: str, revision: int) -> Dossier:
    """Record that the result was posted to the applicant (a public history event).

    Who may: staff who handle the dossier's unit. Refuses dossiers not issued yet or not
    delivered by post (``InvalidTransition``), an empty or overlong tracking number
    (``InvalidInput``) and a concurrent change (``StaleRevision``). RETURNED (the applicant has
    the result) is recorded by the handling area's ``mark_returned``.
    """
    tracking = " ".join((tracking_number or "").split())
    if not tracking or len(tracking) > MAX_TRACKING or not tracking.isprintable():
        raise InvalidInput(_("Enter the postal tracking number (at most 64 characters)."))
    get_dossier_for_staff(user, dossier_id)
    with transaction.atomic():
        dossier = lock(dossier_id, revision=revision)
        if dossier.state != State.RESULT_ISSUED or dossier.delivery != DeliveryMethod.POST:
            raise InvalidTransition(_("Only an issued result delivered by post can be posted."))
        Dossier.objects.filter(pk=dossier.pk).update(revision=F("revision") + 1)
        dossier.revision += 1
        record_event(
            dossier, "result_posted", actor=user, data={"tracking_number": tracking}, public=True
        )
    return dossier
