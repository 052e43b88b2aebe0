"""Password rules of OWASP ASVS 4.0 level 2 (V2.1) beyond Django's own validators.

Length is the only rule besides the common-password and similarity checks: no composition
rules, any Unicode character allowed, nothing truncated.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

_SPACE_RUNS = re.compile(r"\s{2,}")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """At least ``min_length`` characters after runs of spaces count as one (ASVS 2.1.1)."""

    def validate(self, password: str, user: Any = None) -> None:
        super().validate(_SPACE_RUNS.sub(" ", password), user)


class MaximumLengthValidator:
    """At most ``max_length`` characters (ASVS 2.1.2: 64 allowed, more than 128 refused)."""

    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "This password is too long. It must contain at most %(max_length)d character.",
                    "This password is too long. It must contain at most %(max_length)d characters.",
                    self.max_length,
                ),
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at most %(max_length)d character.",
            "Your password must contain at most %(max_length)d characters.",
            self.max_length,
        ) % {"max_length": self.max_length}
