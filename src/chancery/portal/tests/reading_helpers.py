"""Helpers of the reading tests: a real image file in Wagtail's library, a body with blocks."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image


def image(title: str = "Lead", size: tuple[int, int] = (1600, 900)) -> Image:
    """A PNG made with Pillow, stored as a Wagtail image (renditions are real files)."""
    buffer = BytesIO()
    PILImage.new("RGB", size, (0, 94, 162)).save(buffer, "PNG")
    buffer.seek(0)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title.lower()}.png"))


def body(*blocks: tuple[str, Any]) -> list[tuple[str, Any]]:
    return list(blocks)


def heading(text: str, level: str = "h2") -> tuple[str, Any]:
    return ("heading", {"text": text, "level": level})


def paragraph(html: str) -> tuple[str, Any]:
    from wagtail.rich_text import RichText

    return ("paragraph", RichText(html))


def figure(img: Image, alt: str = "", *, decorative: bool = False, caption: str = "") -> Any:
    return ("figure", {"image": img, "alt": alt, "decorative": decorative, "caption": caption})


def quote(text: str, attribution: str = "") -> tuple[str, Any]:
    return ("quote", {"quote": text, "attribution": attribution})
