"""QR codes of verification links, as inline SVG (no external request, no JavaScript)."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_PIXELS = 160


def qr_svg(url: str, label: str) -> SafeString:
    """``url`` as an SVG QR code with ``label`` as its accessible name."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    svg = str(image.to_string(encoding="unicode"))
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r'width="[^"]*"', f'width="{_PIXELS}"', svg, count=1)
    svg = re.sub(r'height="[^"]*"', f'height="{_PIXELS}"', svg, count=1)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    # Built by the qrcode package from our own URL; the label is escaped above.
    return mark_safe(svg)  # noqa: S308
