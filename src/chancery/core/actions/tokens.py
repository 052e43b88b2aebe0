"""Creating and revoking personal API tokens."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.apikit import TOKEN_SCHEME, hash_secret, scopes_allowed_for
from chancery.core.audit import record
from chancery.core.constants import API_SCOPES, Role
from chancery.core.models import ApiToken, User
from chancery.core.models.tokens import MAX_TOKEN_LIFETIME

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.http import HttpRequest

# Enough for every script and integration a person runs; more suggests tokens are being leaked.
MAX_ACTIVE_TOKENS = 50
_ALPHABET = string.ascii_letters + string.digits


@dataclass(frozen=True)
class CreatedToken:
    """A new token and its full secret string, which exists only in this object."""

    token: ApiToken
    secret: str


def _new_secret() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(40))


def _validate(
    actor: User, name: str, scopes: list[str], expires: datetime, via: ApiToken | None
) -> None:
    errors: dict[str, list[ValidationError]] = {}
    now = timezone.now()
    if not name.strip():
        errors.setdefault("name", []).append(ValidationError(_("Give the token a name.")))
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors.setdefault("name", []).append(ValidationError(_("The name is too long.")))
    if not scopes:
        errors.setdefault("scopes", []).append(ValidationError(_("Choose at least one scope.")))
    unknown = sorted(set(scopes) - set(API_SCOPES))
    if unknown:
        errors.setdefault("scopes", []).append(
            ValidationError(_("Unknown scopes: %(scopes)s."), params={"scopes": ", ".join(unknown)})
        )
    ceiling = scopes_allowed_for(actor)
    if via is not None:
        ceiling &= frozenset(via.scopes)
    beyond = sorted(set(scopes) & set(API_SCOPES) - ceiling)
    if beyond:
        errors.setdefault("scopes", []).append(
            ValidationError(
                _("You may not grant these scopes: %(scopes)s."),
                params={"scopes": ", ".join(beyond)},
            )
        )
    if expires <= now:
        errors.setdefault("expires_at", []).append(
            ValidationError(_("The expiry date must be in the future."))
        )
    elif expires > now + MAX_TOKEN_LIFETIME:
        errors.setdefault("expires_at", []).append(
            ValidationError(_("A token lives one year at most."))
        )
    elif via is not None and expires > via.expires_at:
        errors.setdefault("expires_at", []).append(
            ValidationError(_("A token cannot outlive the token that creates it."))
        )
    if errors:
        raise ValidationError(errors)


def create_token(
    actor: User,
    name: str,
    scopes: Iterable[str],
    expires: datetime,
    *,
    via: ApiToken | None = None,
    request: HttpRequest | None = None,
) -> CreatedToken:
    """Create a personal API token owned by ``actor`` and return its secret, once.

    Any active member of staff may call it for themselves. Refuses (ValidationError) an empty
    or overlong name, no scope, unknown scopes, scopes the actor's roles do not allow, an
    expiry in the past or more than a year away, and more than MAX_ACTIVE_TOKENS usable tokens.
    ``via`` is the token of an API caller: the new token can then carry only scopes of ``via``
    and cannot outlive it, so a token never mints a stronger one. Audited as ``token.create``.
    """
    if not actor.is_active:
        raise PermissionDenied
    wanted = sorted(set(scopes))
    _validate(actor, name, wanted, expires, via)
    with transaction.atomic():
        # Serialises concurrent creations by the same person so the cap holds.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        if actor.api_tokens.usable().count() >= MAX_ACTIVE_TOKENS:
            raise ValidationError(
                _("You have %(count)d usable tokens; revoke some first."),
                params={"count": MAX_ACTIVE_TOKENS},
            )
        for _attempt in range(5):
            prefix, secret = secrets.token_hex(6), _new_secret()
            try:
                with transaction.atomic():
                    token = ApiToken.objects.create(
                        owner=actor,
                        name=name.strip(),
                        prefix=prefix,
                        secret_hash=hash_secret(secret),
                        scopes=wanted,
                        expires_at=expires,
                    )
                break
            except IntegrityError:
                # 48-bit prefixes do collide, rarely; draw again.
                continue
        else:  # pragma: no cover - five collisions in a row means a broken random source
            raise RuntimeError("could not draw a unique token prefix")
        record(
            actor,
            "token.create",
            token,
            data={
                "name": token.name,
                "prefix": token.prefix,
                "scopes": wanted,
                "expires_at": token.expires_at.isoformat(),
                "via_token": via.prefix if via else None,
            },
            request=request,
        )
    return CreatedToken(token, f"{TOKEN_SCHEME}_{prefix}_{secret}")


def revoke_token(actor: User, token: ApiToken, *, request: HttpRequest | None = None) -> ApiToken:
    """Revoke ``token`` now; it is refused from the next request on.

    Its owner may revoke it, and so may an administrator (a leaked token of someone else).
    Anyone else gets PermissionDenied. Revoking a revoked token changes nothing and is not
    audited again. Audited as ``token.revoke``.
    """
    if not actor.is_active or (actor.pk != token.owner_id and not actor.has_role(Role.ADMIN)):
        raise PermissionDenied
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            actor,
            "token.revoke",
            locked,
            data={"prefix": locked.prefix, "owner": locked.owner_id},
            request=request,
        )
    return locked
