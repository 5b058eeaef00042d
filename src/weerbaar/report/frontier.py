"""The efficient frontier of the risk-based budget as an accessible SVG chart.

Cost per year on the horizontal axis, expected yearly risk on the vertical
one; each point is a combination of measures on the frontier, numbered as in
the table that goes with it, the chosen combination drawn filled. The same
chart serves the CLI (``weerbaar budget --svg``), the web page and the
council report, in the language of :mod:`weerbaar.i18n` (the web sets it to
the page's).
"""

from __future__ import annotations

import itertools
from typing import Any

from weerbaar.i18n import get_language
from weerbaar.i18n import gettext as _
from weerbaar.report.dutch import dutch_number
from weerbaar.report.svg import ACCENT, GRID, INK, MUTED, VITAL, esc, line, open_svg, text

WIDTH, HEIGHT = 640.0, 320.0
LEFT, RIGHT, TOP, BOTTOM = 70.0, 20.0, 20.0, 50.0


def frontier_svg(m: Any, result: Any, *, standalone: bool = False) -> str:
    """The chart of ``result`` (a :class:`~weerbaar.accountability.budget.BudgetResult`).

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
    title = _("Efficient frontier: risk against cost")
    out = open_svg("frontier", WIDTH, HEIGHT, title, desc)
    if standalone:
        out[0] = out[0].replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    for k in range(5):
        risk = top_risk * k / 4
        out.append(line(LEFT, y(risk), WIDTH - RIGHT, y(risk), stroke=GRID))
        out.append(text(LEFT - 6, y(risk) + 4, f"{risk:.3g}", 10, text_anchor="end", fill=MUTED))
        cost = top_cost * k / 4
        out.append(text(x(cost), HEIGHT - BOTTOM + 16, euro(cost), 10,
                        text_anchor="middle", fill=MUTED))  # fmt: skip
    out.append(line(x(result.budget), TOP, x(result.budget), HEIGHT - BOTTOM,
                    stroke=VITAL, stroke_dasharray="4 3"))  # fmt: skip
    out.append(text(x(result.budget) + 4, TOP + 10, _("Budget"), 10, fill=VITAL))
    steps = []
    for a, b in itertools.pairwise(points):
        steps.append(f"{x(a.cost):.1f},{y(a.risk):.1f} {x(b.cost):.1f},{y(a.risk):.1f}")
    if steps:
        path = " ".join(steps) + f" {x(points[-1].cost):.1f},{y(points[-1].risk):.1f}"
        out.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="1.5"/>')
    for i, p in enumerate(points, start=1):
        fill = ACCENT if p == best else "#ffffff"
        names = ", ".join(p.measures) or _("no measure")
        out.append(
            f'<circle cx="{x(p.cost):.1f}" cy="{y(p.risk):.1f}" r="5" fill="{fill}" '
            f'stroke="{ACCENT}" stroke-width="1.5"><title>{i}: {esc(names)}</title></circle>'
        )
        out.append(text(x(p.cost) + 6, y(p.risk) - 6, str(i), 10, fill=INK))
    out.append(text(LEFT + plot_w / 2, HEIGHT - 12, _("Cost per year"), 11, text_anchor="middle"))
    out.append(text(14, TOP + plot_h / 2, _("Expected risk per year"), 11, text_anchor="middle",
                    transform=f"rotate(-90 14 {TOP + plot_h / 2:.1f})"))  # fmt: skip
    out.append("</svg>")
    return "\n".join(out)
