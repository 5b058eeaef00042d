"""The cascade timeline: one row per node, a bar wherever it is down.

The time axis shows the part of the scenario where something happens: when
every outage ends well before the horizon, it stops shortly after the last
one instead of stretching a 30-hour power cut over 30 days.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from weerbaar.report.scales import (
    LinearScale,
    counts_in_days,
    nice_time_end,
    span_text,
    time_ticks,
)
from weerbaar.report.svg import (
    ACCENT,
    GRID,
    INK,
    MUTED,
    VITAL,
    esc,
    line,
    open_svg,
    shorten,
    text,
)
from weerbaar.report.words import DUTCH, ChartWords

Interval = tuple[float, float | None]

#: Room after the last outage, as a share of its end time.
WINDOW_MARGIN = 0.1
#: Zoom in only when the zoomed axis is at most this share of the horizon;
#: an axis cut at 90% would hide little and only make scenarios harder to compare.
ZOOM_LIMIT = 0.75
#: The shortest time axis, in hours.
MIN_WINDOW = 1.0


@dataclass(frozen=True)
class GanttRow:
    """One node in a cascade timeline.

    ``mtpd_at`` is the time (hours from the scenario's start) at which the
    node's maximum tolerable period of disruption runs out, if it does.
    """

    label: str
    intervals: Sequence[Interval]
    vital: bool = False
    mtpd_at: float | None = None


@dataclass(frozen=True)
class Bar:
    """A down interval in pixels; ``open`` when still down at the horizon."""

    x: float
    width: float
    open: bool


def time_window(intervals: Iterable[Interval], horizon: float) -> float:
    """The end of the time axis (hours): the last outage plus a margin, or the horizon.

    The window ends a tenth after the last of the down ``intervals`` ends,
    rounded up to a whole tick step. It is the horizon when anything is
    still down at the horizon (an open bar), or when zooming would hardly
    narrow the axis.

    >>> time_window([(0, 30)], 720), time_window([(0, 30), (2, None)], 720)
    (36, 720)
    >>> time_window([(0, 600)], 720)
    720
    """
    ends = [b for _, b in intervals]
    if not ends or any(b is None or b >= horizon for b in ends):
        return horizon
    last = max(b for b in ends if b is not None)
    window = nice_time_end(max(last * (1 + WINDOW_MARGIN), MIN_WINDOW))
    return window if window <= ZOOM_LIMIT * horizon else horizon


def bar_geometry(interval: Interval, scale: LinearScale, until: float) -> Bar:
    """Where a down interval ``[a, b)`` is drawn; ``b = None`` runs to ``until``.

    ``until`` is the end of the time axis; a bar never runs past it.

    >>> bar_geometry((4, 16), LinearScale(0, 100, 200, 700), 100)
    Bar(x=220.0, width=60.0, open=False)
    >>> bar_geometry((50, None), LinearScale(0, 100, 200, 700), 100)
    Bar(x=450.0, width=250.0, open=True)
    """
    a, b = interval
    end = until if b is None else min(b, until)
    x = scale(min(a, until))
    # A very short outage still gets a visible sliver.
    return Bar(x, max(scale(end) - x, 1.5), b is None)


def _axis(
    x_of: LinearScale, window: float, top: float, bottom: float, words: ChartWords
) -> list[str]:
    """Grid lines, tick labels and the axis title."""
    out = []
    for t, label in time_ticks(window, words=words):
        x = x_of(t)
        out.append(line(x, top, x, bottom + 4, stroke=GRID))
        out.append(text(x, bottom + 17, label, 11, fill=INK, text_anchor="middle"))
    # One axis never mixes units (see time_ticks), so name only the one used.
    unit = words.day_key if counts_in_days(window) else words.hour_key
    out.append(
        text(
            (x_of.start + x_of.end) / 2,
            bottom + 32,
            words.time_axis.format(unit=unit),
            11.5,
            fill=MUTED,
            text_anchor="middle",
        )
    )
    out.append(line(x_of.start, bottom, x_of.end, bottom, stroke=MUTED))
    return out


def _row(
    row: GanttRow, y: float, x_of: LinearScale, window: float, height: float, words: ChartWords
) -> list[str]:
    """The label, bars and MTPD mark of one row."""
    out = []
    mid = y + height / 2
    label_width = x_of.start - 8
    # Bold and wide fonts need room: size the cut for a generous glyph width.
    label_chars = int(label_width / (0.64 * 12))
    label = ("★ " if row.vital else "") + shorten(row.label, label_chars - 3 * row.vital)
    weight = "bold" if row.vital else "normal"
    out.append(
        f"<g><title>{esc(row.label)}</title>"
        + text(label_width, mid + 4, label, 12, fill=INK, text_anchor="end", font_weight=weight)
        + "</g>"
    )
    colour = VITAL if row.vital else ACCENT
    for iv in row.intervals:
        bar = bar_geometry(iv, x_of, window)
        end = words.still_down if iv[1] is None else words.until.format(moment=words.moment(iv[1]))
        tip = words.down_tip.format(label=row.label, start=words.moment(iv[0]), end=end)
        out.append(
            f'<rect class="bar{" open" if bar.open else ""}" x="{bar.x:.1f}" '
            f'y="{y + 4:.1f}" width="{bar.width:.1f}" height="{height - 8:g}" '
            f'fill="{colour}"><title>{esc(tip)}</title></rect>'
        )
        if bar.open:
            xe = bar.x + bar.width
            out.append(
                f'<polygon points="{xe:.1f},{y + 2:.1f} {xe + 9:.1f},{mid:.1f} '
                f'{xe:.1f},{y + height - 2:.1f}" fill="{colour}"/>'
            )
    if row.mtpd_at is not None and row.mtpd_at <= window:
        x = x_of(row.mtpd_at)
        out.append(
            f"<g><title>{esc(words.mtpd_tip.format(moment=words.moment(row.mtpd_at)))}</title>"
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1:.1f}" '
            f'y2="{y + height - 1:.1f}" stroke="#000000" stroke-width="2.5"/>'
            f'<polygon points="{x - 5:.1f},{y:.1f} {x + 5:.1f},{y:.1f} '
            f'{x:.1f},{y + 6:.1f}" fill="#000000"/></g>'
        )
    return out


def gantt(
    rows: Sequence[GanttRow],
    horizon: float,
    *,
    ident: str,
    window: float | None = None,
    title: str | None = None,
    width: float = 900,
    label_width: float = 300,
    row_height: float = 22,
    words: ChartWords = DUTCH,
) -> str:
    """A cascade as a timeline: one row per node, bars where it is down.

    Vital processes get a star, a bold label, a shaded row and a dark red
    bar; an open bar ends in an arrow (still down at the horizon); a black
    tick with a triangle marks where the MTPD runs out. MTPD marks past the
    end of the axis are left out.

    Parameters
    ----------
    rows : sequence of GanttRow
        The nodes, top to bottom.
    horizon : float
        Hours the scenario was simulated.
    ident : str
        A document-unique id prefix for the accessible title and description.
    window : float, optional
        End of the time axis in hours; default the horizon. Pass
        :func:`time_window` to zoom in on the part where something happens.
    title : str, optional
        The accessible title; default ``words.timeline_title``.
    words : ChartWords
        The language of every text and number; default Dutch.

    Examples
    --------
    >>> rows = [GanttRow("A", [(0, 10)]), GanttRow("B", [(4, 16)], vital=True)]
    >>> svg = gantt(rows, 720, ident="g1", window=time_window([(0, 10), (4, 16)], 720))
    >>> svg.count('<rect class="bar'), "★ B" in svg, ">18 u</text>" in svg
    (2, True, True)
    """
    window = horizon if window is None else window
    top, axis_h, right = 8.0, 36.0, 22.0
    bottom = top + row_height * len(rows)
    x_of = LinearScale(0, window, label_width + 8, width - right)
    shown = span_text(window, words)
    if window < horizon:
        shown = words.zoomed.format(shown=shown, horizon=words.duration(horizon))
    desc = words.timeline_desc.format(span=shown, rows=words.count(len(rows), words.rows))
    title = words.timeline_title if title is None else title
    out = open_svg(ident, width, bottom + axis_h, title, desc)
    # Shading first, then the grid, then the bars: grid lines show in vital
    # rows but never cross a bar.
    for i, row in enumerate(rows):
        if row.vital:
            out.append(
                f'<rect x="0" y="{top + i * row_height:.1f}" width="{width:g}" '
                f'height="{row_height:g}" fill="#f3e7e7"/>'
            )
    out += _axis(x_of, window, top, bottom, words)
    for i, row in enumerate(rows):
        out += _row(row, top + i * row_height, x_of, window, row_height, words)
    out.append("</svg>")
    return "\n".join(out)
