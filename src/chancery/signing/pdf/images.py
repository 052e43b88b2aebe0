"""Demo appearance images: a red round organisation seal and a handwritten-looking signature.

Real deployments upload scans of the actual seal and signature (``Certificate.appearance_image``);
these stand in for them in the demo and in tests. Both are transparent PNGs, deterministic for a
given input (the randomness is seeded from the text), so re-signing gives identical pictures.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import random
import unicodedata
from functools import lru_cache

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

SEAL_RED = (214, 16, 24, 255)
SIGNATURE_BLUE = (16, 36, 128, 255)
MM_PER_INCH = 25.4


def _bold_font_path() -> str:
    regular: str = settings.CHANCERY_SIGNING_FONT
    bold = regular.replace("-Regular", "-Bold")
    try:
        with open(bold, "rb"):
            return bold
    except OSError:
        return regular


@lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382  # a regular five-pointed star
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _ring_text(
    canvas: Image.Image, text: str, *, centre: float, radius: float, font: ImageFont.FreeTypeFont
) -> None:
    """Set ``text`` clockwise along the top of a circle, each glyph upright to the ring."""
    widths = [font.getlength(ch) for ch in text]
    spacing = font.size * 0.08
    total = sum(widths) + spacing * (len(text) - 1)
    # Spread over at least ~220 degrees of the ring as a real seal does, and at most ~310
    # (longer names are squeezed), leaving the gap at the bottom.
    arc = min(max(total / radius, math.radians(220)), math.radians(310))
    scale = arc / (total / radius)
    angle = -math.pi / 2 - arc / 2  # start left of the top
    for ch, width in zip(text, widths, strict=True):
        step = (width + spacing) * scale / radius
        mid = angle + (width * scale / radius) / 2
        if not ch.isspace():
            glyph_size = int(font.size * 2)
            glyph = Image.new("RGBA", (glyph_size, glyph_size), (0, 0, 0, 0))
            ImageDraw.Draw(glyph).text(
                (glyph_size / 2, glyph_size / 2), ch, font=font, fill=SEAL_RED, anchor="mm"
            )
            rotated = glyph.rotate(
                -math.degrees(mid + math.pi / 2), resample=Image.Resampling.BICUBIC
            )
            x = centre + radius * math.cos(mid) - glyph_size / 2
            y = centre + radius * math.sin(mid) - glyph_size / 2
            canvas.alpha_composite(rotated, (round(x), round(y)))
        angle += step


@lru_cache(maxsize=64)
def seal_image(organisation: str, *, diameter_mm: float = 36.0, dpi: int = 300) -> bytes:
    """A red round seal: double outer ring, ``organisation`` around it, a star in the centre.

    The image is exactly ``diameter_mm`` across at ``dpi`` (36 mm at 300 dpi is 425 px), so
    drawing it at its physical size needs no guessing.
    """
    size = max(64, round(diameter_mm / MM_PER_INCH * dpi))
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    c = size / 2
    outer_w = max(2, round(size * 0.025))
    draw.ellipse(
        (outer_w / 2, outer_w / 2, size - outer_w / 2, size - outer_w / 2),
        outline=SEAL_RED,
        width=outer_w,
    )
    inner_r = size * 0.33
    draw.ellipse(
        (c - inner_r, c - inner_r, c + inner_r, c + inner_r),
        outline=SEAL_RED,
        width=max(1, outer_w // 2),
    )
    text = unicodedata.normalize("NFC", organisation.upper().strip()) or "-"
    radius = size * 0.415
    font_px = max(8, round(size * 0.11))
    # Long names get a smaller type rather than overlapping letters.
    while font_px > 8 and _font(_bold_font_path(), font_px).getlength(text) * 1.08 > radius * 5.3:
        font_px -= 1
    _ring_text(canvas, text, centre=c, radius=radius, font=_font(_bold_font_path(), font_px))
    draw.polygon(_star(c, c, size * 0.24), fill=SEAL_RED)
    return _png(canvas)


def _catmull_rom(points: list[tuple[float, float]], steps: int = 16) -> list[tuple[float, float]]:
    """A smooth curve through ``points`` (a Catmull-Rom spline, i.e. a chain of cubic Béziers)."""
    if len(points) < 3:
        return points
    padded = [points[0], *points, points[-1]]
    curve = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            x, y = (
                0.5
                * (
                    2 * p1[k]
                    + (-p0[k] + p2[k]) * t
                    + (2 * p0[k] - 5 * p1[k] + 4 * p2[k] - p3[k]) * t2
                    + (-p0[k] + 3 * p1[k] - 3 * p2[k] + p3[k]) * t3
                )
                for k in (0, 1)
            )
            curve.append((x, y))
    curve.append(points[-1])
    return curve


@lru_cache(maxsize=256)
def signature_image(name: str, *, width_px: int = 900, height_px: int = 300) -> bytes:
    """A handwritten-looking signature scribble for ``name``, dark blue on transparent.

    One looping stroke per word of the name (a tall loop for the initial, then a wave whose
    length follows the word), an underline flourish, drawn at 3x and downsampled for smooth
    edges. Seeded from the name: the same name always gives the same picture.
    """
    seed = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    scale = 3
    w, h = width_px * scale, height_px * scale
    canvas = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    words = [word for word in name.split() if word] or ["x"]
    baseline = h * 0.62
    x = w * 0.06
    budget = w * 0.80 / sum(1.5 + min(len(word), 8) * 0.35 for word in words)
    for word in words:
        points = [(x, baseline)]
        loop_h = h * rng.uniform(0.35, 0.5)
        loop_w = budget * rng.uniform(0.35, 0.55)
        points += [
            (x + loop_w * 0.6, baseline - loop_h),
            (x + loop_w * 0.2, baseline - loop_h * 0.95),
            (x + loop_w * 0.1, baseline - loop_h * 0.3),
            (x + loop_w, baseline + h * 0.02),
        ]
        x += loop_w
        for _ in range(min(len(word), 8)):
            step = budget * 0.35
            points.append((x + step * 0.5, baseline - h * rng.uniform(0.06, 0.2)))
            points.append((x + step, baseline + h * rng.uniform(-0.02, 0.05)))
            x += step
        x += budget * 0.25
        stroke = _catmull_rom(points)
        pen = scale * rng.uniform(3.2, 4.2)
        for i, (a, b) in enumerate(itertools.pairwise(stroke)):
            # Thinner at both ends of a stroke, as a pen lifting off the paper.
            taper = 0.45 + 0.55 * math.sin(math.pi * (i + 1) / len(stroke))
            draw.line([a, b], fill=SIGNATURE_BLUE, width=max(1, round(pen * taper)))
    flourish = _catmull_rom(
        [
            (w * 0.08, h * rng.uniform(0.78, 0.84)),
            (w * 0.45, h * rng.uniform(0.72, 0.80)),
            (min(x, w * 0.95), h * rng.uniform(0.66, 0.74)),
        ]
    )
    for a, b in itertools.pairwise(flourish):
        draw.line([a, b], fill=SIGNATURE_BLUE, width=round(scale * 2.5))
    image = canvas.resize((width_px, height_px), Image.Resampling.LANCZOS)
    # Crop to the ink (plus a small margin) so that callers can fit the image to a box.
    left, top, right, bottom = image.getbbox() or (0, 0, width_px, height_px)
    margin = 6
    return _png(
        image.crop(
            (
                max(0, left - margin),
                max(0, top - margin),
                min(width_px, right + margin),
                min(height_px, bottom + margin),
            )
        )
    )
