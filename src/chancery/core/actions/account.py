"""A staff member's own account: profile and password. Audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chancery.core.audit import record

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User


@transaction.atomic
def update_profile(
    user: User, full_name: str, language: str, request: HttpRequest | None = None
) -> User:
    """The owner changes their display name and preferred language."""
    changed = {
        field: value
        for field, value in (("full_name", full_name.strip()), ("language", language))
        if getattr(user, field) != value
    }
    for field, value in changed.items():
        setattr(user, field, value)
    if changed:
        user.save(update_fields=list(changed))
        record(user, "account.profile_changed", user, data=changed, request=request)
    return user


@transaction.atomic
def change_password(user: User, current: str, new: str, request: HttpRequest | None = None) -> None:
    """The owner replaces their password, proving the current one.

    Refuses (ValidationError) a wrong current password and a new one that breaks the rules
    (length 12–128, common passwords, too close to the account's details). Other sessions of
    the user end, because their session hash no longer matches.
    """
    if not user.check_password(current):
        raise ValidationError({"current_password": _("Your current password is not correct.")})
    password_validation.validate_password(new, user)
    user.set_password(new)
    user.save(update_fields=["password"])
    record(user, "auth.password_changed", user, request=request)
