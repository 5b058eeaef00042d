"""The efficient frontier of the risk-based budget as an accessible chart: SVG and PNG.

Cost per year on the horizontal axis, expected yearly risk on the vertical
one; each point is a combination of measures on the frontier, numbered as in
the table that goes with it, the chosen combination drawn filled. The same
chart serves the CLI (``weerbaar budget --svg``), the web page and the
council report, in the language of :mod:`weerbaar.i18n` (the web sets it to
the page's).

The chart is laid out once (:func:`frontier_chart`: lines, texts, points)
and drawn by two backends: SVG for HTML and the tagged PDF (WeasyPrint
renders the SVG), PNG through Pillow for the Word document, which cannot
hold SVG portably. Both carry the same description as their alternative
text.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from typing import Any

from weerbaar.i18n import get_language
from weerbaar.i18n import gettext as _
from weerbaar.report.dutch import dutch_number
from weerbaar.report.svg import ACCENT, GRID, INK, MUTED, VITAL, esc, line, open_svg, text

WIDTH, HEIGHT = 640.0, 320.0
LEFT, RIGHT, TOP, BOTTOM = 70.0, 20.0, 20.0, 50.0


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    size: float
    fill: str = INK
    anchor: str = "start"  # start, middle or end, as SVG's text-anchor
    vertical: bool = False


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    number: int
    chosen: bool
    names: str


@dataclass
class Chart:
    """The frontier chart laid out in a WIDTH × HEIGHT box."""

    title: str
    desc: str
    grid: list[tuple[float, float, float, float]] = field(default_factory=list)
    budget: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    path: list[tuple[float, float]] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


def frontier_chart(result: Any) -> Chart:
    """The layout of the chart of ``result`` (a ``BudgetResult``)."""
    points = result.frontier
    top_cost = max([p.cost for p in points] + [result.budget]) or 1.0
    top_risk = max(p.risk for p in points) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(cost: float) -> float:
        return LEFT + plot_w * cost / top_cost

    def y(risk: float) -> float:
        return TOP + plot_h * (1 - risk / top_risk)

    best = result.best

    def euro(x: float) -> str:
        return "€ " + (dutch_number(x) if get_language() == "nl" else f"{x:,.0f}")

    desc = _(
        "{n} combinations on the frontier, from {first_cost} and risk {first_risk} to "
        "{last_cost} and risk {last_risk}; within the budget of {budget} the best leaves "
        "{best_risk} for {best_cost}."
    ).format(
        n=len(points),
        first_cost=euro(points[0].cost),
        first_risk=f"{points[0].risk:.4f}",
        last_cost=euro(points[-1].cost),
        last_risk=f"{points[-1].risk:.4f}",
        budget=euro(result.budget),
        best_risk=f"{best.risk:.4f}",
        best_cost=euro(best.cost),
    )
    chart = Chart(_("Efficient frontier: risk against cost"), desc)
    for k in range(5):
        risk = top_risk * k / 4
        chart.grid.append((LEFT, y(risk), WIDTH - RIGHT, y(risk)))
        chart.labels.append(Label(LEFT - 6, y(risk) + 4, f"{risk:.3g}", 10, MUTED, "end"))
        cost = top_cost * k / 4
        chart.labels.append(Label(x(cost), HEIGHT - BOTTOM + 16, euro(cost), 10, MUTED, "middle"))
    chart.budget = (x(result.budget), TOP, x(result.budget), HEIGHT - BOTTOM)
    chart.labels.append(Label(x(result.budget) + 4, TOP + 10, _("Budget"), 10, VITAL))
    for a, b in itertools.pairwise(points):
        chart.path += [(x(a.cost), y(a.risk)), (x(b.cost), y(a.risk))]
    if len(points) > 1:
        chart.path.append((x(points[-1].cost), y(points[-1].risk)))
    for i, p in enumerate(points, start=1):
        names = ", ".join(p.measures) or _("no measure")
        chart.points.append(Point(x(p.cost), y(p.risk), i, p == best, names))
        chart.labels.append(Label(x(p.cost) + 6, y(p.risk) - 6, str(i), 10))
    chart.labels.append(Label(LEFT + plot_w / 2, HEIGHT - 12, _("Cost per year"), 11,
                              anchor="middle"))  # fmt: skip
    chart.labels.append(Label(14, TOP + plot_h / 2, _("Expected risk per year"), 11,
                              anchor="middle", vertical=True))  # fmt: skip
    return chart


def frontier_svg(m: Any, result: Any, *, standalone: bool = False) -> str:
    """The chart of ``result`` as SVG (``m``, the map, is not needed and kept for callers).

    ``standalone`` adds the XML namespace, for a file of its own.

    Examples
    --------
    >>> from weerbaar.accountability.budget import BudgetResult, Method, Portfolio
    >>> points = (Portfolio((), 0.0, 1.0), Portfolio(("a",), 5000.0, 0.5))
    >>> result = BudgetResult(6000, Method.EXACT, 1.0, points[1], points, ("a",), 2)
    >>> svg = frontier_svg(None, result)
    >>> svg.count("<circle"), "Budget" in svg
    (2, True)
    """
    chart = frontier_chart(result)
    out = open_svg("frontier", WIDTH, HEIGHT, chart.title, chart.desc)
    if standalone:
        out[0] = out[0].replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    for x1, y1, x2, y2 in chart.grid:
        out.append(line(x1, y1, x2, y2, stroke=GRID))
    out.append(line(*chart.budget, stroke=VITAL, stroke_dasharray="4 3"))
    if chart.path:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in chart.path)
        out.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="1.5"/>')
    for p in chart.points:
        fill = ACCENT if p.chosen else "#ffffff"
        out.append(
            f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="5" fill="{fill}" stroke="{ACCENT}" '
            f'stroke-width="1.5"><title>{p.number}: {esc(p.names)}</title></circle>'
        )
    for t in chart.labels:
        extra: dict[str, str] = {}
        if t.anchor != "start":
            extra["text_anchor"] = t.anchor
        if t.fill != INK:
            extra["fill"] = t.fill
        if t.vertical:
            extra["transform"] = f"rotate(-90 {t.x:g} {t.y:.1f})"
        out.append(text(t.x, t.y, t.text, t.size, **extra))
    out.append("</svg>")
    return "\n".join(out)


#: Pixels per chart unit in the PNG: sharp when printed at the page's width.
PNG_SCALE = 3

#: The font of the PNG: the report's own (DejaVu Sans, as the PDF uses), else Pillow's.
FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font(size: float) -> Any:
    from PIL import ImageFont

    for name in FONTS:
        try:
            return ImageFont.truetype(name, round(size * PNG_SCALE))
        except OSError:
            continue
    return ImageFont.load_default(size=round(size * PNG_SCALE))


def frontier_png(result: Any) -> bytes:
    """The chart of ``result`` as PNG, drawn from the same layout as :func:`frontier_svg`.

    Its alternative text is :attr:`Chart.desc` of :func:`frontier_chart`.

    Examples
    --------
    >>> from weerbaar.accountability.budget import BudgetResult, Method, Portfolio
    >>> points = (Portfolio((), 0.0, 1.0), Portfolio(("a",), 5000.0, 0.5))
    >>> png = frontier_png(BudgetResult(6000, Method.EXACT, 1.0, points[1], points, ("a",), 2))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    from PIL import Image, ImageDraw

    chart = frontier_chart(result)
    s = PNG_SCALE
    image = Image.new("RGB", (int(WIDTH * s), int(HEIGHT * s)), "#ffffff")
    draw = ImageDraw.Draw(image)
    for x1, y1, x2, y2 in chart.grid:
        draw.line([(x1 * s, y1 * s), (x2 * s, y2 * s)], fill=GRID, width=s)
    x1, y1, x2, y2 = chart.budget
    dash, y = 4.0, y1
    while y < y2:  # dashed, as stroke-dasharray="4 3"
        draw.line([(x1 * s, y * s), (x2 * s, min(y + dash, y2) * s)], fill=VITAL, width=s)
        y += dash + 3
    if chart.path:
        draw.line([(px * s, py * s) for px, py in chart.path], fill=ACCENT, width=round(1.5 * s))
    r = 5 * s
    for p in chart.points:
        box = [p.x * s - r, p.y * s - r, p.x * s + r, p.y * s + r]
        draw.ellipse(box, fill=ACCENT if p.chosen else "#ffffff", outline=ACCENT,
                     width=round(1.5 * s))  # fmt: skip
    for t in chart.labels:
        font = _font(t.size)
        # SVG places text on its baseline; Pillow's "ls"/"ms"/"rs" anchors do too.
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[t.anchor]
        if t.vertical:
            left, top, right, bottom = draw.textbbox((0, 0), t.text, font=font, anchor="lt")
            size = (int(right - left) + 2, int(bottom - top) + 2)
            label = Image.new("RGBA", size, (255, 255, 255, 0))
            ImageDraw.Draw(label).text((1, 1), t.text, font=font, fill=t.fill, anchor="lt")
            label = label.rotate(90, expand=True)
            at = (int(t.x * s - label.width), int(t.y * s - label.height / 2))
            image.paste(label, at, label)
        else:
            draw.text((t.x * s, t.y * s), t.text, font=font, fill=t.fill, anchor=anchor)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
