"""The forecast as a timeline with "now": the report's cascade timeline and a line at now."""

from __future__ import annotations

from datetime import datetime

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from weerbaar.incident.forecast import Forecast
from weerbaar.model import RiskMap
from weerbaar.report.gantt import GanttRow, gantt, time_window
from weerbaar.report.svg import ACCENT, line, text
from weerbaar.web.chartwords import chart_words

#: The geometry gantt() draws with (its defaults).
WIDTH, LABEL_WIDTH, RIGHT, TOP, ROW_HEIGHT = 900.0, 300.0, 22.0, 8.0, 22.0


def _hours(f: Forecast, moment: datetime) -> float:
    return (moment - f.start).total_seconds() / 3600


def timeline(f: Forecast, m: RiskMap, affected: list[str]) -> SafeString | None:
    """Affected nodes first, then the vital processes in the order they go down."""
    names = {n.id: n for n in m.nodes}
    horizon = _hours(f, f.end)
    rows: list[GanttRow] = []
    for node in [*affected, *(p.node for p in f.processes if p.node not in affected)]:
        ivs = [(_hours(f, a), None if b is None else _hours(f, b)) for a, b in f.down.get(node, [])]
        process = next((p for p in f.processes if p.node == node), None)
        breach = None if process is None or process.breach is None else _hours(f, process.breach)
        n = names.get(node)
        rows.append(
            GanttRow(n.label if n else node, ivs, vital=bool(n and n.vital), mtpd_at=breach)
        )
    if not any(r.intervals for r in rows):
        return None
    now = _hours(f, f.now)
    window = max(time_window([iv for r in rows for iv in r.intervals], horizon), now * 1.25)
    window = min(window, horizon)
    svg = gantt(
        rows,
        horizon,
        ident="wb-forecast",
        window=window,
        title=_("Prognose van de uitval, met nu"),
        words=chart_words(),
    )
    x = LABEL_WIDTH + 8 + (now / window) * (WIDTH - RIGHT - LABEL_WIDTH - 8)
    bottom = TOP + ROW_HEIGHT * len(rows)
    mark = [
        line(x, TOP, x, bottom, stroke=ACCENT, stroke_width="2", stroke_dasharray="4 3"),
        text(x + 3, TOP + 10, _("nu"), 11, fill=ACCENT, font_weight="bold"),
    ]
    # Safe: gantt() and the svg helpers escape every piece of map text they write.
    return mark_safe(svg.replace("</svg>", "\n".join(mark) + "\n</svg>"))
