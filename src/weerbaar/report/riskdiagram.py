"""The NRB-style risk diagram: likelihood class × impact score, as inline SVG.

Scenarios are numbered dots on diagonal risk zones. Dots and labels are
placed greedily so that none hides another; the words are Dutch unless a
:class:`~weerbaar.report.words.ChartWords` says otherwise, and every piece
of map text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from weerbaar.report.scales import LogScale, log_bounds, log_ticks
from weerbaar.report.svg import (
    ACCENT,
    INK,
    MUTED,
    esc,
    line,
    open_svg,
    shorten,
    text,
    text_width,
)
from weerbaar.report.words import DUTCH, ChartWords

#: Background zones of the risk diagram, low to high, each with its (Dutch)
#: name so that colour is never the only carrier of meaning; other languages
#: name them with ``ChartWords.zones``.
ZONES: tuple[tuple[str, str], ...] = (
    ("laag", "#d7ecd3"),
    ("midden", "#f6efb8"),
    ("hoog", "#f9d6ab"),
    ("zeer hoog", "#f2b8b2"),
)
_ZONE_BOUNDS = (0.0, 0.6, 1.0, 1.4, 2.0)
_DOT_R = 9.0
#: Height of the strip under the log axis for scenarios that score 0.
_ZERO_STRIP = 32.0

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class RiskPoint:
    """One scenario in the risk diagram; ``key`` is the short mark in its dot."""

    key: str
    label: str
    likelihood: str
    score: float


@dataclass(frozen=True)
class _Frame:
    """The plot area of the risk diagram, in pixels."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlap_area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _clip(poly: list[tuple[float, float]], c: float, sign: float) -> list[tuple[float, float]]:
    """Keep the part of a convex polygon where ``sign * (x + y - c) >= 0``."""
    out: list[tuple[float, float]] = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        fp, fq = sign * (p[0] + p[1] - c), sign * (q[0] + q[1] - c)
        if fp >= 0:
            out.append(p)
        if fp * fq < 0:
            t = fp / (fp - fq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def zone_polygons() -> list[list[tuple[float, float]]]:
    """The background zones in unit coordinates (x right, y up), low to high.

    Risk grows with likelihood times impact, i.e. with x + y on a log impact
    axis, so the zones are diagonal bands.

    >>> [len(p) for p in zone_polygons()]
    [3, 4, 4, 3]
    """
    square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    return [_clip(_clip(square, lo, 1), hi, -1) for lo, hi in pairwise(_ZONE_BOUNDS)]


def tick_label(value: float, words: ChartWords = DUTCH) -> str:
    """A tick of the log axis with just the decimals it needs.

    >>> tick_label(1000), tick_label(0.1), tick_label(0.05)
    ('1.000', '0,1', '0,05')
    """
    decimals = max(0, -math.floor(math.log10(value) + 1e-9))
    return words.number(value, decimals)


def _place_dots(
    points: Sequence[RiskPoint],
    x_of: dict[str, float],
    y_of: Callable[[float], float],
    r: float,
) -> list[tuple[float, float]]:
    """Dot centres; dots that would cover each other move sideways in their column."""
    placed: list[tuple[float, float]] = []
    for p in points:
        cx, cy = x_of[p.likelihood], y_of(p.score)
        for dx in (0, 2.2 * r, -2.2 * r, 4.4 * r, -4.4 * r, 6.6 * r, -6.6 * r):
            if all(math.hypot(cx + dx - x, cy - y) >= 2 * r + 1 for x, y in placed):
                cx += dx
                break
        placed.append((cx, cy))
    return placed


def _place_label(
    cx: float,
    cy: float,
    width: float,
    size: float,
    taken: list[Box],
    bounds: Box,
    *,
    near: bool,
    must_fit: bool = True,
) -> tuple[float, float, str] | None:
    """A label position beside a dot of radius ``_DOT_R``, greedily.

    Candidates are right, left, above and below the dot, and unless ``near``
    also one or two lines up or down. The first one inside ``bounds`` that
    overlaps no ``taken`` box wins. When none is free: None if ``must_fit``,
    else the candidate with the least overlap (outside the bounds weighs
    ten times).
    """
    r, step = _DOT_R, size + 2
    candidates = [
        (cx + r + 3, cy + size / 3, "start"),
        (cx - r - 3, cy + size / 3, "end"),
        (cx, cy - r - 4, "middle"),
        (cx, cy + r + size + 2, "middle"),
    ]
    if not near:
        for shift in (1, -1, 2, -2):
            candidates += [
                (cx + r + 3, cy + size / 3 + shift * step, "start"),
                (cx - r - 3, cy + size / 3 + shift * step, "end"),
            ]
    best: tuple[float, tuple[float, float, str], Box] | None = None
    for x, y, anchor in candidates:
        left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
        box = (left, y - size, left + width, y + 3)
        outside = width * (size + 3) - _overlap_area(box, bounds)
        cost = 10 * outside + sum(_overlap_area(box, t) for t in taken)
        if cost <= 1e-9:
            taken.append(box)
            return x, y, anchor
        if best is None or cost < best[0]:
            best = (cost, (x, y, anchor), box)
    if must_fit or best is None:
        return None
    taken.append(best[2])
    return best[1]


def _zone_label_spots(
    names: Sequence[str], taken: list[Box], bounds: Box
) -> list[tuple[float, float]]:
    """Centres for the zone names: on each band's middle line, clear of the dots.

    The chosen boxes are added to ``taken`` so that scenario labels avoid
    them in turn.
    """
    x0, y0, x1, y1 = bounds
    spots = []
    for name, (lo, hi) in zip(names, pairwise(_ZONE_BOUNDS), strict=True):
        mid = (lo + hi) / 2
        a, b = max(0.0, mid - 1), min(1.0, mid)
        w, h = text_width(name, 10) + len(name) + 8, 14.0
        chosen = None
        for f in (0.5, 0.35, 0.65, 0.2, 0.8, 0.08, 0.92):
            xn = a + f * (b - a)
            x, y = x0 + xn * (x1 - x0), y1 - (mid - xn) * (y1 - y0)
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            inside = x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1
            if inside and not any(_overlaps(box, t) for t in taken):
                chosen = (x, y)
                taken.append(box)
                break
        if chosen is None:  # crowded: keep the middle, under the dots
            xn = (a + b) / 2
            chosen = (x0 + xn * (x1 - x0), y1 - (mid - xn) * (y1 - y0))
        spots.append(chosen)
    return spots


def _risk_axes(
    f: _Frame,
    classes: Sequence[tuple[str, str]],
    ticks: Sequence[tuple[float, str]],
    zero_pad: float,
    words: ChartWords,
) -> list[str]:
    """Zones, grid lines, ticks and axis titles of the risk diagram."""
    out = []
    zones = zip(words.zones, ZONES, zone_polygons(), strict=True)
    for name, (_, colour), poly in zones:
        pts = " ".join(f"{f.left + x * f.width:.1f},{f.bottom - y * f.height:.1f}" for x, y in poly)
        tip = esc(words.zone.format(name=name))
        out.append(f'<polygon points="{pts}" fill="{colour}"><title>{tip}</title></polygon>')
    grid = {"stroke": "#ffffff", "stroke_opacity": "0.7"}
    if zero_pad:
        y = f.bottom - zero_pad
        out.append(line(f.left, y, f.right, y, stroke=MUTED, stroke_dasharray="4 3"))
    for y, label in ticks:
        out.append(line(f.left, y, f.right, y, **grid))
        out.append(text(f.left - 6, y + 4, label, 11, fill=INK, text_anchor="end"))
    cw = f.width / max(1, len(classes))
    for i, (letter, name) in enumerate(classes):
        x = f.left + (i + 0.5) * cw
        if i:
            out.append(line(f.left + i * cw, f.top, f.left + i * cw, f.bottom, **grid))
        out.append(
            text(x, f.bottom + 18, letter, 13, fill=INK, text_anchor="middle", font_weight="bold")
        )
        out.append(
            text(x, f.bottom + 33, shorten(name, int(cw / 6)), 10, fill=INK, text_anchor="middle")
        )
    out.append(
        f'<rect x="{f.left}" y="{f.top}" width="{f.width:.1f}" height="{f.height:.1f}" '
        f'fill="none" stroke="{MUTED}"/>'
    )
    out.append(
        text(
            f.left + f.width / 2,
            f.bottom + 54,
            words.likelihood_axis,
            12,
            fill=INK,
            text_anchor="middle",
            font_weight="bold",
        )
    )
    out.append(
        f'<text transform="translate(16 {f.top + f.height / 2:.1f}) rotate(-90)" '
        f'font-size="12" font-weight="bold" fill="{INK}" text-anchor="middle">'
        f"{esc(words.impact_axis)}</text>"
    )
    return out


def _risk_marks(
    shown: Sequence[RiskPoint],
    centres: Sequence[tuple[float, float]],
    taken: list[Box],
    bounds: Box,
    label_chars: int,
    words: ChartWords,
) -> list[str]:
    """Labels, then dots on top of them, so that no label ever hides a dot."""
    r, size = _DOT_R, 11.0
    labels, dots = [], []
    for p, (cx, cy) in zip(shown, centres, strict=True):
        # Next to the dot with the whole name, else a shortened one, else a
        # short one; only then a line or two away; as a last resort where it
        # overlaps least.
        attempts = (
            (len(p.label), True, True),
            (label_chars, True, True),
            (14, True, True),
            (14, False, True),
            (14, False, False),
        )
        for limit, near, must_fit in attempts:
            label = f"{p.key}. {shorten(p.label, limit)}"
            width = text_width(label, size)
            spot = _place_label(cx, cy, width, size, taken, bounds, near=near, must_fit=must_fit)
            if spot is not None:
                break
        assert spot is not None  # the last attempt always places
        tx, ty, anchor = spot
        labels.append(
            text(
                tx,
                ty,
                label,
                size,
                fill=INK,
                text_anchor=anchor,
                stroke="#ffffff",
                stroke_width="3",
                paint_order="stroke",
            )
        )
        score = words.number(p.score, 1)
        tip = words.dot_tip.format(key=p.key, label=p.label, cls=p.likelihood, score=score)
        dots.append(
            f"<g><title>{esc(tip)}</title>"
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" fill="{ACCENT}" '
            'stroke="#ffffff" stroke-width="1.5"/>'
            + text(
                cx, cy + 3.5, p.key, 9.5, fill="#ffffff", text_anchor="middle", font_weight="bold"
            )
            + "</g>"
        )
    return labels + dots


def risk_diagram(
    points: Sequence[RiskPoint],
    classes: Sequence[tuple[str, str]],
    *,
    ident: str = "risicodiagram",
    width: float = 860,
    height: float = 540,
    label_chars: int = 32,
    words: ChartWords = DUTCH,
) -> str:
    """The NRB-style risk diagram: likelihood class × impact score (log).

    Parameters
    ----------
    points : sequence of RiskPoint
        Scenarios; those whose likelihood is not among ``classes`` are left
        out (the caller lists them in text).
    classes : sequence of (letter, name)
        The likelihood classes, least likely first.
    ident : str
        A document-unique id prefix for the accessible title and description.
    width, height : float
        Size of the drawing in SVG units; it scales to the page width.
    label_chars : int
        What a scenario name is shortened to when the whole name fits
        nowhere beside its dot (shorter still if that does not fit either).
    words : ChartWords
        The language of every text and number; default Dutch.

    Examples
    --------
    >>> svg = risk_diagram([RiskPoint("1", "Ransomware", "C", 120)],
    ...                    [(c, c) for c in "ABCDE"])
    >>> svg.count("<circle"), "Ransomware" in svg
    (1, True)
    """
    f = _Frame(72.0, 16.0, width - 72.0 - 16.0, height - 16.0 - 64.0)
    letters = [c for c, _ in classes]
    cw = f.width / max(1, len(letters))
    x_of = {c: f.left + (i + 0.5) * cw for i, c in enumerate(letters)}
    shown = [p for p in points if p.likelihood in x_of]
    lo, hi = log_bounds([p.score for p in shown])
    # A score of 0 has no place on a log axis: such scenarios get a strip of
    # their own under it, labelled 0, instead of being hidden on the edge.
    zero_pad = _ZERO_STRIP if any(p.score <= 0 for p in shown) else 0.0
    log_y = LogScale(lo, hi, f.bottom - zero_pad, f.top)

    def y_of(score: float) -> float:
        return f.bottom - zero_pad / 2 if score <= 0 else log_y(score)

    ticks = [(y_of(t), tick_label(t, words)) for t in log_ticks(lo, hi)]
    if zero_pad:
        ticks.append((y_of(0), "0"))
    span = (
        words.class_span.format(first=letters[0], last=letters[-1]) if letters else words.no_classes
    )
    desc = words.risk_desc.format(
        count=words.count(len(shown), words.scenarios), span=span
    ) + "; ".join(
        words.risk_point.format(
            key=p.key, label=p.label, cls=p.likelihood, score=words.number(p.score, 1)
        )
        for p in shown
    )
    out = open_svg(ident, width, height, words.risk_title, desc)
    out += _risk_axes(f, classes, ticks, zero_pad, words)
    centres = _place_dots(shown, x_of, y_of, _DOT_R)
    taken: list[Box] = [(x - _DOT_R, y - _DOT_R, x + _DOT_R, y + _DOT_R) for x, y in centres]
    inner = (f.left + 2, f.top + 2, f.right - 2, f.bottom - 2)
    spots = _zone_label_spots(words.zones, taken, (*inner[:3], inner[3] - zero_pad))
    for name, (x, y) in zip(words.zones, spots, strict=True):
        out.append(
            text(
                x, y + 4, name.upper(), 10, fill="#3d3d3d", text_anchor="middle", letter_spacing="1"
            )
        )
    out += _risk_marks(shown, centres, taken, inner, label_chars, words)
    out.append("</svg>")
    return "\n".join(out)
