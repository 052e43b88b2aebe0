"""TOTP (RFC 6238) arithmetic and the enrolment QR code; no database access here."""

from __future__ import annotations

import hmac
import re
import time

import pyotp
import qrcode
import qrcode.image.svg

ISSUER = "Chancery"
INTERVAL = 30
DIGITS = 6
# Codes of the previous and next 30-second step are accepted too (clock drift).
WINDOW = 1
QR_PIXELS = 240


def new_secret() -> str:
    """A random 160-bit base32 secret, the length RFC 4226 recommends."""
    return pyotp.random_base32(length=32)


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace() and ch != "-")


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step (counter) ``code`` is valid for within the window, or None."""
    code = normalise_code(code)
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL)
    now = time.time() if at is None else at
    current = int(now // INTERVAL)
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Compare every candidate so the time taken does not reveal which one matched.
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL).provisioning_uri(
        name=account, issuer_name=ISSUER
    )


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no external request, works without JS)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = str(image.to_string(encoding="unicode"))
    # A fixed pixel size instead of millimetres; the viewBox keeps it sharp at any zoom.
    svg = re.sub(r'width="[^"]*"', f'width="{QR_PIXELS}"', svg, count=1)
    svg = re.sub(r'height="[^"]*"', f'height="{QR_PIXELS}"', svg, count=1)
    return svg.replace("<svg ", '<svg role="img" aria-labelledby="totp-qr-label" ', 1)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
