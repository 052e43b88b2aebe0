"""Spam defences of the public's forms, with no third-party service (no CAPTCHA, no script).

Every form that anyone may post (asking a question, subscribing) carries:

* a **honeypot**: a text field hidden from people (visually and from assistive technology,
  out of the tab order, autocomplete off) that naive robots fill in. A filled honeypot is
  answered as if the submission succeeded and nothing is stored or sent: the robot learns
  nothing to adapt to, and no person can fill a field they cannot reach;
* a **signed timestamp** of when the form was shown: a submission faster than
  ``MIN_SECONDS`` (no person types a message that fast) or older than ``MAX_SECONDS`` (a
  replayed form) is refused with a fresh form;
* a **per-address throttle** (``lib.throttle.within_limit``), checked by the view;
* a **link heuristic**: more than ``MAX_LINKS`` links in the text, or any link in a name or
  subject, is refused.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3
MAX_SECONDS = 2 * 60 * 60
MAX_LINKS = 2
HONEYPOT = "website"
_LINK = re.compile(r"(https?://|www\.|\[url|<a\s)", re.IGNORECASE)


class Refused(Exception):
    """A submission a defence refused: ``message`` tells the visitor why (in their language)."""

    def __init__(self, message: Any, status: int = 400) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


def stamp(salt: str) -> str:
    """A signed record of when a form was shown (the form's hidden ``stamp`` field)."""
    return signing.dumps(int(timezone.now().timestamp()), salt=f"chancery.portal.{salt}")


def check_stamp(value: str, salt: str) -> None:
    """Refuse a form shown too recently or too long ago, or whose stamp was forged."""
    try:
        shown = int(signing.loads(value or "", salt=f"chancery.portal.{salt}"))
    except (signing.BadSignature, ValueError, TypeError):
        raise Refused(_("This form could not be checked. Please send it again.")) from None
    age = timezone.now().timestamp() - shown
    if age < MIN_SECONDS:
        raise Refused(
            _("The form was sent too quickly. Please check it and send it again in a moment.")
        )
    if age > MAX_SECONDS:
        raise Refused(_("This form has expired. Please check it and send it again."))


class HoneypotWidget(forms.TextInput):
    """The honeypot: out of sight, out of the tab order, out of the accessibility tree."""

    def __init__(self) -> None:
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off", "aria-hidden": "true"})


class ProtectedForm(forms.Form):
    """A public form with the honeypot and the signed timestamp; ``salt`` names the form."""

    salt = "form"
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=HoneypotWidget()
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = stamp(self.salt)

    def caught_in_honeypot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def check_stamp(self) -> None:
        check_stamp(str(self.data.get("stamp", "")), self.salt)

    def refresh_stamp(self) -> None:
        """A new stamp on a form shown again (after a refusal or an error)."""
        data = dict(self.data.items())
        data["stamp"] = stamp(self.salt)
        self.data = data

    def full_clean(self) -> None:
        super().full_clean()
        # Link each error message to its field for assistive technology.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = f"{self[name].auto_id}_error"
                widget.attrs["aria-describedby"] = " ".join(
                    part for part in (widget.attrs.get("aria-describedby", ""), described) if part
                )
                widget.attrs["aria-invalid"] = "true"
