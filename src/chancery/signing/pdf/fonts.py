"""The appearance font, cut down once to what signature appearances can print.

pyHanko embeds a subset of the font in every signature, and fontTools re-reads the font's
layout tables to make it: with a full Noto Sans (3,000+ glyphs, large GSUB/GPOS tables) that
costs most of a second per signature. Cutting the font first to Latin and Vietnamese (and the
few features those scripts use) makes that step a few milliseconds; the result is cached in a
file next to the system's temporary files, keyed by the source font's digest.
"""

from __future__ import annotations

import hashlib
import tempfile
from functools import lru_cache
from pathlib import Path

from fontTools import subset

from chancery.lib.files import write_atomic

# Latin, Latin-1, Latin Extended-A/B, combining marks, Latin Extended Additional (Vietnamese
# precomposed letters), general punctuation, and the đồng and euro signs.
UNICODE_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x024F),
    (0x0300, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2010, 0x205E),
    (0x20AB, 0x20AC),
)
# No layout features: appearances print precomposed (NFC) text, which needs no shaping, and
# the GSUB/GPOS tables are what makes subsetting slow.
FEATURES: list[str] = []
_VERSION = b"2"


def _cut(source: Path, target: Path) -> None:
    options = subset.Options()
    options.layout_features = FEATURES
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[code for start, end in UNICODE_RANGES for code in range(start, end + 1)]
    )
    subsetter.subset(font)
    with tempfile.TemporaryFile() as buffer:
        font.save(buffer)
        buffer.seek(0)
        write_atomic(target, buffer.read())


@lru_cache(maxsize=8)
def appearance_font(path: str) -> str:
    """The path of ``path`` cut to Latin and Vietnamese (made once, then reused)."""
    source = Path(path)
    digest = hashlib.sha256(_VERSION + source.read_bytes()).hexdigest()[:24]
    target = Path(tempfile.gettempdir()) / "chancery-fonts" / f"{source.stem}-{digest}.ttf"
    if not target.exists():
        _cut(source, target)
    return str(target)
