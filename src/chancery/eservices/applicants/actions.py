"""Applicant accounts: registration, verified e-mail, sign-in with lockout, password reset,
profile, and accounts created by staff at a counter.

Nothing here tells a visitor whether an address has an account: registering a known address
mails its owner instead, a reset for an unknown address does nothing visible, and sign-in
refuses a wrong password, an unknown address and a locked one with the same words.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User, record_audit
from chancery.eservices import notify
from chancery.eservices.applicants import throttle, tokens
from chancery.eservices.constants import ApplicantKind
from chancery.eservices.exceptions import EservicesError, InvalidSubmission
from chancery.eservices.models import Applicant
from chancery.eservices.notify.render import absolute
from chancery.eservices.queries import is_handler

Purpose = tokens.Purpose
VERIFY_TTL = timedelta(hours=48)
RESET_TTL = timedelta(hours=2)
INVITATION_TTL = timedelta(days=7)
LANGUAGES = ("vi", "en", "fr")


class SigninRefused(EservicesError):
    code = "signin-refused"
    status = 400
    message = _(
        "The e-mail address or the password is not right, or the account is locked after too "
        "many attempts. Check them, or wait a few minutes and try again."
    )


class EmailNotVerified(EservicesError):
    code = "email-not-verified"
    status = 400
    message = _(
        "Confirm your e-mail address first: open the link we sent you, or ask for a new one."
    )


class CounterNotAllowed(EservicesError):
    code = "not-allowed"
    status = 403
    message = _("Only staff who handle dossiers can create accounts at the counter.")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _lock_key(email: str) -> str:
    return f"signin:{normalise_email(email)[:250]}"


def _find(email: str) -> Applicant | None:
    return Applicant.objects.filter(email__iexact=normalise_email(email)).first()


def _check_details(
    *, email: str, full_name: str, kind: str, language: str, organisation: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [str(_("Enter an e-mail address like name@example.com."))]
    if not full_name.strip():
        errors["full_name"] = [str(_("Enter your full name."))]
    if kind not in ApplicantKind.values:
        errors["kind"] = [str(_("Choose whether you apply as a citizen or a business."))]
    if kind == ApplicantKind.BUSINESS and not organisation.strip():
        errors["organisation"] = [str(_("Enter the name of your business or organisation."))]
    if language not in LANGUAGES:
        errors["language"] = [str(_("Choose a language."))]
    return errors


def _password_errors(password: str, applicant: Applicant | None) -> list[str]:
    try:
        validate_password(password, user=applicant)  # type: ignore[arg-type]  # reads attributes
    except ValidationError as exc:
        return [str(message) for message in exc.messages]
    return []


def _link(name: str, raw: str) -> str:
    return absolute(reverse(name, kwargs={"token": raw}))


def send_verification(applicant: Applicant) -> None:
    """Mail ``applicant`` a new link to confirm their address (nothing if already confirmed)."""
    if applicant.is_verified:
        return
    with transaction.atomic():
        raw = tokens.issue(applicant, Purpose.VERIFY, ttl=VERIFY_TTL)
        notify.send_to_applicant(
            applicant,
            "verify_email",
            {"link": _link("services:verify", raw), "hours": VERIFY_TTL // timedelta(hours=1)},
        )


def register_applicant(
    *,
    email: str,
    password: str,
    full_name: str,
    kind: str,
    language: str,
    organisation: str = "",
    tax_code: str = "",
    phone: str = "",
) -> Applicant | None:
    """Create an applicant account and mail a link to confirm the address.

    Who may call: anyone (the sign-up page; the view rate-limits it). Refuses bad details and
    a password Django's validators reject (``InvalidSubmission`` with errors per field). For
    an address that already has an account it creates nothing, mails that address a "you
    already have an account" message and returns None: the page shown is the same.
    """
    email = normalise_email(email)
    errors = _check_details(
        email=email, full_name=full_name, kind=kind, language=language, organisation=organisation
    )
    candidate = Applicant(email=email, full_name=full_name.strip(), organisation=organisation)
    if problems := _password_errors(password, candidate):
        errors["password"] = problems
    if errors:
        raise InvalidSubmission(errors)
    existing = _find(email)
    if existing is None:
        try:
            with transaction.atomic():
                applicant = Applicant(
                    email=email,
                    full_name=full_name.strip(),
                    kind=kind,
                    language=language,
                    organisation=organisation.strip(),
                    tax_code=tax_code.strip(),
                    phone=phone.strip(),
                )
                applicant.set_password(password)
                applicant.save()
                record_audit(None, "eservices.applicant.registered", applicant)
                send_verification(applicant)
            return applicant
        except IntegrityError:  # the same address registered a moment ago
            existing = _find(email)
    if existing is not None:
        with transaction.atomic():
            notify.send_to_applicant(
                existing,
                "already_registered",
                {
                    "signin_link": absolute(reverse("services:signin")),
                    "reset_link": absolute(reverse("services:password_reset")),
                },
            )
    return None


def resend_verification(email: str) -> None:
    """Mail a new confirmation link if ``email`` has an active, unconfirmed account.

    Who may call: anyone (the view rate-limits it). Does the same visible nothing otherwise.
    """
    applicant = _find(email)
    if applicant is not None and applicant.is_active:
        send_verification(applicant)


def verify_email(raw_token: str) -> Applicant:
    """Confirm the address of the applicant a verification link was sent to.

    Who may call: anyone holding the link. Refuses an unknown, used or expired link
    (``tokens.InvalidToken``).
    """
    with transaction.atomic():
        token = tokens.consume(raw_token, Purpose.VERIFY)
        applicant = token.applicant
        if applicant.email_verified_at is None:
            applicant.email_verified_at = timezone.now()
            applicant.save(update_fields=["email_verified_at"])
            record_audit(None, "eservices.applicant.verified", applicant)
    return applicant


def authenticate(email: str, password: str, *, client: str = "") -> Applicant:
    """The applicant with this e-mail address and password.

    Who may call: the sign-in view (``client`` is the caller's address, throttled too).
    Refuses with the same ``SigninRefused`` a wrong password, an unknown or inactive account,
    an account without a password (e-identity only) and an address locked after
    ``CHANCERY_APPLICANT_MAX_FAILURES`` failures (for ``CHANCERY_APPLICANT_LOCK_SECONDS``,
    whether an account exists or not). A right password on an unconfirmed address raises
    ``EmailNotVerified`` (the page then offers to resend the link).
    """
    key = _lock_key(email)
    limit = settings.CHANCERY_APPLICANT_MAX_FAILURES
    seconds = settings.CHANCERY_APPLICANT_LOCK_SECONDS
    applicant = _find(email)
    if applicant is not None and applicant.password:
        right = applicant.check_password(password)
    else:
        make_password(password)  # the same hashing work as checking a real password
        right = False
    with transaction.atomic():
        locked = throttle.is_locked(key, *([f"signin-ip:{client}"] if client else []))
        if right and not locked and applicant is not None and applicant.is_active:
            throttle.clear(key)
            if not applicant.is_verified:
                raise EmailNotVerified()
            return applicant
        if not locked:
            now_locked = throttle.register_failure(key, limit=limit, seconds=seconds)
            if client:
                throttle.register_failure(f"signin-ip:{client}", limit=limit * 10, seconds=seconds)
            if applicant is not None:
                applicant.failed_logins = min(applicant.failed_logins + 1, 32767)
                fields = ["failed_logins"]
                if now_locked:
                    applicant.locked_until = timezone.now() + timedelta(seconds=seconds)
                    fields.append("locked_until")
                applicant.save(update_fields=fields)
                if now_locked:
                    record_audit(None, "eservices.applicant.locked", applicant)
    raise SigninRefused()


def request_password_reset(email: str) -> None:
    """Mail a link to choose a new password, if the address has an active account.

    Who may call: anyone (the view rate-limits it). Does the same visible nothing for an
    unknown address.
    """
    applicant = _find(email)
    if applicant is None or not applicant.is_active:
        return
    with transaction.atomic():
        raw = tokens.issue(applicant, Purpose.RESET, ttl=RESET_TTL)
        notify.send_to_applicant(
            applicant,
            "password_reset",
            {
                "link": _link("services:password_reset_confirm", raw),
                "hours": RESET_TTL // timedelta(hours=1),
            },
        )


def reset_password(raw_token: str, password: str) -> Applicant:
    """Set a new password through a reset (or counter invitation) link.

    Who may call: anyone holding the link. Refuses an unknown, used or expired link
    (``InvalidToken``) and a password the validators reject (``InvalidSubmission``; the link
    then stays usable). Confirms the address (the link reached it) and lifts any lockout.
    """
    with transaction.atomic():
        token = tokens.consume(raw_token, Purpose.RESET)
        applicant = token.applicant
        if problems := _password_errors(password, applicant):
            raise InvalidSubmission({"password": problems})
        applicant.set_password(password)
        applicant.failed_logins = 0
        applicant.locked_until = None
        applicant.email_verified_at = applicant.email_verified_at or timezone.now()
        applicant.save(
            update_fields=["password", "failed_logins", "locked_until", "email_verified_at"]
        )
        throttle.clear(_lock_key(applicant.email))
        applicant.tokens.filter(purpose=Purpose.RESET, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        record_audit(None, "eservices.applicant.password_reset", applicant)
    return applicant


PROFILE_FIELDS = ("full_name", "phone", "language", "sms_opt_in", "organisation", "tax_code")


def update_profile(applicant: Applicant, **changes: Any) -> Applicant:
    """Change the applicant's own details (name, phone, language, SMS, organisation).

    Who may call: the signed-in applicant (the account page). Refuses unknown fields
    (``ValueError``), an empty name, an unknown language and SMS without a phone number
    (``InvalidSubmission``). The e-mail address is not changed here.
    """
    unknown = set(changes) - set(PROFILE_FIELDS) - {"address"}
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    if "full_name" in changes and not str(changes["full_name"]).strip():
        errors["full_name"] = [str(_("Enter your full name."))]
    if "language" in changes and changes["language"] not in LANGUAGES:
        errors["language"] = [str(_("Choose a language."))]
    phone = str(changes.get("phone", applicant.phone)).strip()
    if changes.get("sms_opt_in", applicant.sms_opt_in) and not phone:
        errors["phone"] = [str(_("Enter a mobile number to receive text messages."))]
    if errors:
        raise InvalidSubmission(errors)
    with transaction.atomic():
        for name, value in changes.items():
            setattr(applicant, name, value.strip() if isinstance(value, str) else value)
        applicant.save(update_fields=sorted(changes))
        record_audit(
            None, "eservices.applicant.profile", applicant, data={"fields": sorted(changes)}
        )
    return applicant


def create_at_counter(
    staff_user: User,
    *,
    full_name: str,
    email: str,
    id_number: str = "",
    phone: str = "",
    language: str = "vi",
    kind: str = ApplicantKind.CITIZEN,
    organisation: str = "",
    address: str = "",
) -> Applicant:
    """Find or create the applicant a member of staff files for at a mission's counter.

    Who may call: staff who handle dossiers (``queries.is_handler``); others get
    ``CounterNotAllowed``. An address that already has an account is reused (blank phone and
    ID number filled in, nothing overwritten). A new account has no password: its owner gets
    an invitation to choose one. Audited either way. Refuses bad details (``InvalidSubmission``).
    """
    if not is_handler(staff_user):
        raise CounterNotAllowed()
    email = normalise_email(email)
    errors = _check_details(
        email=email, full_name=full_name, kind=kind, language=language, organisation=organisation
    )
    if errors:
        raise InvalidSubmission(errors)
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().filter(email__iexact=email).first()
        if applicant is not None:
            fields = []
            for name, value in (("id_number", id_number), ("phone", phone)):
                if value.strip() and not getattr(applicant, name):
                    setattr(applicant, name, value.strip())
                    fields.append(name)
            if fields:
                applicant.save(update_fields=fields)
            record_audit(staff_user, "eservices.applicant.counter_reused", applicant)
            return applicant
        applicant = Applicant.objects.create(
            email=email,
            full_name=full_name.strip(),
            kind=kind,
            language=language,
            organisation=organisation.strip(),
            id_number=id_number.strip(),
            phone=phone.strip(),
            address=address.strip(),
            created_by_staff=staff_user,
        )
        record_audit(staff_user, "eservices.applicant.counter_created", applicant)
        raw = tokens.issue(applicant, Purpose.RESET, ttl=INVITATION_TTL)
        notify.send_to_applicant(
            applicant,
            "invitation",
            {
                "link": _link("services:password_reset_confirm", raw),
                "hours": INVITATION_TTL // timedelta(hours=1),
                "unit": staff_user.unit or "",
            },
        )
    return applicant
