"""Security keys (WebAuthn): registration, verification at sign-in, removal. All audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from webauthn import verify_authentication_response, verify_registration_response
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.exceptions import WebAuthnException

from chancery.core import signin, webauthn_rp
from chancery.core.audit import record
from chancery.core.models import WebAuthnCredential

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User

# What a malformed answer from a browser can raise inside the library besides its own errors.
_BAD_INPUT = (WebAuthnException, ValueError, KeyError, TypeError, IndexError)


@transaction.atomic
def register_security_key(
    request: HttpRequest, user: User, raw_credential: str, name: str
) -> WebAuthnCredential:
    """Verify a registration ceremony for ``user`` (the signed-in or signing-in owner).

    Refuses (ValidationError) an answer without an open challenge in this session, for another
    origin or RP id, or otherwise invalid, and a key already registered.
    """
    challenge = webauthn_rp.pop_challenge(request, "register")
    credential = webauthn_rp.parse_credential(raw_credential)
    if challenge is None or credential is None:
        raise ValidationError(_("The security key did not answer. Please try again."))
    rp_id, origin = webauthn_rp.relying_party()
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except _BAD_INPUT as exc:
        raise ValidationError(_("The security key could not be verified.")) from exc
    if WebAuthnCredential.objects.filter(credential_id=verified.credential_id).exists():
        raise ValidationError(_("This security key is already registered."))
    key = WebAuthnCredential.objects.create(
        user=user,
        name=name.strip()[:80] or str(_("Security key")),
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=webauthn_rp.transports_of(credential),
        aaguid=str(verified.aaguid),
        backed_up=bool(verified.credential_backed_up),
    )
    record(
        user,
        "auth.mfa.security_key_added",
        user,
        data={"key": key.pk, "name": key.name, "aaguid": key.aaguid},
        request=request,
    )
    return key


@transaction.atomic
def verify_security_key(request: HttpRequest, user: User, raw_credential: str) -> bool:
    """Verify an authentication ceremony with one of ``user``'s keys; True if valid.

    Refuses (False) a missing challenge, an unknown key, a bad signature, another origin, and a
    signature counter that did not move forward (a cloned authenticator).
    """
    challenge = webauthn_rp.pop_challenge(request, "authenticate")
    credential = webauthn_rp.parse_credential(raw_credential)
    if challenge is None or credential is None:
        return False
    try:
        credential_id = base64url_to_bytes(credential["rawId"])
    except _BAD_INPUT:
        return False
    key = (
        WebAuthnCredential.objects.select_for_update()
        .filter(user=user, credential_id=credential_id)
        .first()
    )
    if key is None:
        return False
    rp_id, origin = webauthn_rp.relying_party()
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(key.public_key),
            credential_current_sign_count=key.sign_count,
        )
    except _BAD_INPUT:
        return False
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    return True


@transaction.atomic
def remove_security_key(request: HttpRequest, actor: User, key: WebAuthnCredential) -> None:
    """The owner removes one of their keys.

    Refuses (PermissionDenied) anyone but the owner, and (ValidationError) removing the last
    key of cleared staff, who would then be sent to register one at the next sign-in anyway.
    """
    if key.user_id != actor.pk:
        raise PermissionDenied
    locked = WebAuthnCredential.objects.select_for_update().filter(user=actor)
    if signin.requires_webauthn(actor) and len(locked) <= 1:
        raise ValidationError(
            _("Cleared staff must keep at least one security key. Add another one first.")
        )
    key.delete()
    record(
        actor,
        "auth.mfa.security_key_removed",
        actor,
        data={"name": key.name},
        request=request,
    )
