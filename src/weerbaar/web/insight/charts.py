"""A horizontal bar chart as inline SVG, for the measures page.

Drawn on the server with the report's SVG helpers (which escape every piece
of map text): no script, so it passes the strict CSP and prints sharply.
The chart carries its own title and description for screen readers; the page
shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from weerbaar.report.svg import ACCENT, INK, MUTED, line, open_svg, shorten, text

#: Bars for values below zero (a measure that raises the risk): a different
#: colour, but the value label's minus sign carries the meaning too.
NEGATIVE = "#9b1c1c"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and the value as the reader sees it."""

    label: str
    value: float
    shown: str


def bar_chart(
    bars: Sequence[Bar],
    *,
    ident: str,
    title: str,
    desc: str,
    width: float = 760,
    label_width: float = 330,
    row: float = 30,
) -> str:
    """Bars from a zero line, one row per :class:`Bar`, labels left, values at the bar's end."""
    top, bottom, value_room = 8.0, 8.0, 110.0
    height = top + bottom + row * max(1, len(bars))
    left, plot = label_width, width - label_width - value_room
    lo = min([0.0, *(b.value for b in bars)])
    hi = max([0.0, *(b.value for b in bars)])
    span = (hi - lo) or 1.0

    def x_of(value: float) -> float:
        return left + (value - lo) / span * plot

    out = open_svg(ident, width, height, title, desc)
    zero = x_of(0.0)
    for i, bar in enumerate(bars):
        y = top + i * row
        mid = y + row / 2
        out.append(
            text(
                left - 8,
                mid + 4,
                shorten(bar.label, int(label_width / 6.8)),
                12,
                fill=INK,
                text_anchor="end",
            )
        )
        start, end = sorted((zero, x_of(bar.value)))
        colour = NEGATIVE if bar.value < 0 else ACCENT
        out.append(
            f'<rect x="{start:.1f}" y="{y + 6:.1f}" width="{max(end - start, 1.0):.1f}" '
            f'height="{row - 12:.1f}" fill="{colour}"/>'
        )
        out.append(text(max(end, zero) + 6, mid + 4, bar.shown, 12, fill=INK))
    out.append(line(zero, top, zero, height - bottom, stroke=MUTED))
    out.append("</svg>")
    return "\n".join(out)
