"""Horizontal bar charts as SVG geometry, drawn by ``templates/charts/bars.html``.

Drawn on the server (no script); a page always shows the same figures in a table too. Used by
the cable reports and the e-services statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# Geometry, in SVG user units.
ROW_HEIGHT, BAR_SPAN, LABEL_WIDTH = 28, 320, 230


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as printed next to the bar
    y: int = 0
    width: int = 0


@dataclass
class BarChart:
    key: str  # unique on the page: the SVG title's id is built from it
    title: str
    bars: list[Bar] = field(default_factory=list)
    width: int = LABEL_WIDTH + BAR_SPAN + 70
    label_x: int = LABEL_WIDTH - 8
    bar_x: int = LABEL_WIDTH

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT + 4


def figure(value: float, digits: int | None = None) -> str:
    """``value`` as printed: rounded to ``digits`` decimals if given, without a trailing ``.0``."""
    rounded = round(value, digits) if digits is not None else value
    if isinstance(rounded, float) and rounded.is_integer():
        rounded = int(rounded)
    return str(rounded)


def bar_chart(
    key: str,
    title: str,
    rows: Iterable[tuple[str, float | None]],
    *,
    maximum: float | None = None,
    suffix: str = "",
    digits: int | None = None,
    limit: int | None = None,
    label_length: int | None = None,
) -> BarChart:
    """A chart of ``rows`` (label, value), bars scaled to ``maximum`` (the largest value when
    None). Rows without a value are left out, and only the first ``limit`` are drawn; labels
    longer than ``label_length`` are cut with an ellipsis; values print with ``digits``
    decimals and ``suffix``."""
    valued = [(label, value) for label, value in rows if value is not None]
    top = maximum if maximum is not None else max((v for _l, v in valued), default=0) or 1
    chart = BarChart(key=key, title=title)
    for index, (label, value) in enumerate(valued[:limit]):
        if label_length is not None and len(label) > label_length:
            label = label[: label_length - 1] + "…"
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                shown=figure(value, digits) + suffix,
                y=index * ROW_HEIGHT,
                width=round(BAR_SPAN * min(value, top) / top) if top else 0,
            )
        )
    return chart
