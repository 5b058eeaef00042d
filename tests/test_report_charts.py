"""The report's charts: scales and ticks, the cascade timeline, the risk diagram."""

from __future__ import annotations

import re

import pytest

from weerbaar.report.gantt import GanttRow, bar_geometry, gantt, time_window
from weerbaar.report.riskdiagram import RiskPoint, risk_diagram
from weerbaar.report.scales import (
    LinearScale,
    LogScale,
    log_bounds,
    log_ticks,
    nice_time_end,
    time_step,
    time_ticks,
)


def _bars(svg: str) -> list[tuple[float, float]]:
    """(x, width) of every bar in a timeline."""
    return [
        (float(x), float(w))
        for x, w in re.findall(
            r'<rect class="bar[^"]*" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg
        )
    ]


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="middle">([^<]*(?: u| d)|0)</text>', svg)


# -- scales and ticks ----------------------------------------------------------


def test_it_maps_values_on_a_log_scale() -> None:
    scale = LogScale(0.1, 100, 400, 100)
    assert scale(0.1) == pytest.approx(400)
    assert scale(1) == pytest.approx(300)
    assert scale(100) == pytest.approx(100)
    assert scale(0) == pytest.approx(400)  # no place for 0 on a log axis: the bottom


def test_it_bounds_log_axes_by_whole_decades() -> None:
    assert log_bounds([0.2, 30.8]) == (0.1, 100.0)
    assert log_ticks(0.1, 100) == pytest.approx([0.1, 1, 10, 100])
    assert log_ticks(1, 10) == pytest.approx([1, 2, 5, 10])


@pytest.mark.parametrize(
    ("horizon", "step", "last"),
    [(720, 72, "30 d"), (24, 3, "24 u"), (10, 1, "10 u"), (168, 24, "7 d"), (2, 0.25, "2 u")],
)
def test_it_chooses_time_ticks_in_one_unit(horizon: float, step: float, last: str) -> None:
    ticks = time_ticks(horizon)
    assert ticks[0] == (0.0, "0")
    assert [t for t, _ in ticks] == pytest.approx([i * step for i in range(len(ticks))])
    assert 2 <= len(ticks) <= 11
    assert ticks[-1][0] <= horizon
    assert ticks[-1][1] == last


# -- the cascade timeline -------------------------------------------------------


def test_it_puts_a_bar_for_4_to_16_at_the_right_x() -> None:
    scale = LinearScale(0, 48, 100, 580)  # 10 px per hour
    bar = bar_geometry((4, 16), scale, 48)
    assert (bar.x, bar.width, bar.open) == (140, 120, False)
    svg = gantt([GanttRow("B", [(4, 16)])], 48, ident="t", width=600, label_width=92)
    (rect,) = re.findall(r'<rect class="bar"[^>]*>', svg)
    # plot from label_width + 8 = 100 to width - 22 = 578: 478 px for 48 h
    x = float(re.search(r'x="([\d.]+)"', rect).group(1))
    w = float(re.search(r'width="([\d.]+)"', rect).group(1))
    assert x == pytest.approx(100 + 4 * 478 / 48, abs=0.1)
    assert w == pytest.approx(12 * 478 / 48, abs=0.1)


def test_it_runs_an_open_bar_to_the_horizon_with_an_arrow() -> None:
    bar = bar_geometry((50, None), LinearScale(0, 100, 0, 500), 100)
    assert bar.open and bar.x + bar.width == pytest.approx(500)
    svg = gantt([GanttRow("A", [(0, 10)]), GanttRow("B", [(50, None)])], 100, ident="t")
    assert svg.count('class="bar open"') == 1
    assert "nog uit bij de horizon" in svg
    assert svg.count("<polygon") == 1  # the arrow head


def test_it_marks_vital_rows_and_the_mtpd() -> None:
    svg = gantt([GanttRow("Proces", [(0, 80)], vital=True, mtpd_at=48)], 100, ident="t")
    assert "★ Proces" in svg
    assert "MTPD-grens op T + 2 dagen" in svg
    plain = gantt([GanttRow("Proces", [(0, 80)], mtpd_at=None)], 100, ident="t")
    assert "MTPD" not in plain and "★" not in plain


def test_it_escapes_chart_labels() -> None:
    evil = "<script>alert('x')</script> & co"
    charts = [
        gantt([GanttRow(evil, [(0, 1)])], 10, ident="t"),
        risk_diagram([RiskPoint("1", evil, "C", 3)], [(c, evil) for c in "ABCDE"]),
    ]
    for svg in charts:
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg and "&amp; co" in svg


# -- the risk diagram -----------------------------------------------------------


def test_it_keeps_dots_apart_and_gives_score_zero_its_own_strip() -> None:
    points = [RiskPoint(str(i), f"Scenario {i}", "C", 5.0) for i in range(1, 5)]
    points.append(RiskPoint("5", "Niets aan de hand", "C", 0.0))
    svg = risk_diagram(points, [(c, c) for c in "ABCDE"])
    centres = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    assert len(set(centres)) == 5
    ys = sorted(float(y) for _, y in centres)
    assert ys[-1] > ys[0]  # the zero point lies below the others
    assert "<title>zone zeer hoog</title>" in svg and ">0</text>" in svg


def test_it_leaves_scenarios_without_likelihood_out_of_the_diagram() -> None:
    svg = risk_diagram(
        [RiskPoint("1", "X", "C", 3), RiskPoint("2", "Y", "?", 3)], [(c, c) for c in "ABCDE"]
    )
    assert svg.count("<circle") == 1


def test_it_zooms_the_time_axis_to_a_30_hour_outage() -> None:
    rows = [GanttRow("Stroomnet", [(0, 30)]), GanttRow("Pomp", [(2, 26)], mtpd_at=300)]
    window = time_window([iv for r in rows for iv in r.intervals], 720)
    assert window == 36  # 30 h plus a tenth, rounded up to the 6-hour tick step
    svg = gantt(rows, 720, ident="t", window=window, width=600, label_width=92)
    # plot from 100 to 578: 478 px for 36 h
    assert _bars(svg) == [
        pytest.approx((100, 30 * 478 / 36), abs=0.1),
        pytest.approx((100 + 2 * 478 / 36, 24 * 478 / 36), abs=0.1),
    ]
    assert _tick_labels(svg)[-1] == "36 u"
    assert "MTPD" not in svg  # at T + 300 h: past the axis, so not drawn
    assert "de eerste 36 uur van de doorgerekende 30 dagen" in svg


def test_it_keeps_the_whole_horizon_while_something_is_still_down() -> None:
    assert time_window([(0, 30), (4, None)], 720) == 720
    rows = [GanttRow("Stroomnet", [(0, 30)]), GanttRow("Pomp", [(4, None)])]
    svg = gantt(rows, 720, ident="t", window=720, width=600, label_width=92)
    x, w = _bars(svg)[1]
    assert x + w == pytest.approx(578, abs=0.1)  # runs to the end of the axis
    assert _tick_labels(svg)[-1] == "30 d"


@pytest.mark.parametrize(
    ("last", "horizon", "window"),
    [
        (30, 720, 36),
        (70, 720, 84),  # over two days: ticks every half day
        (200, 720, 240),  # ticks every day
        (40, 48, 48),  # zooming would hardly narrow the axis
        (600, 720, 720),
        (0.2, 720, 1),  # never shorter than an hour
        (720, 720, 720),
    ],
)
def test_it_ends_a_zoomed_axis_on_a_tick_after_the_last_outage(
    last: float, horizon: float, window: float
) -> None:
    assert time_window([(0, last / 2), (last / 2, last)], horizon) == window
    if window < horizon:
        assert window >= 1.1 * last
        step = time_step(window)
        assert window / step == pytest.approx(round(window / step))


def test_it_rounds_an_axis_end_up_to_its_own_tick_step() -> None:
    for hours in (0.3, 5, 33, 47, 49, 84, 220, 700):
        end = nice_time_end(hours)
        assert end >= hours
        assert time_ticks(end)[-1][0] == pytest.approx(end)


def test_it_counts_a_long_axis_in_days_and_a_short_one_in_hours() -> None:
    assert [label for _, label in time_ticks(84)][:4] == ["0", "0,5 d", "1 d", "1,5 d"]
    assert [label for _, label in time_ticks(48)][-1] == "48 u"
