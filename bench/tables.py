"""Markdown tables and numbers for the benchmark page, and growth exponents."""

from __future__ import annotations

import itertools
import math
from typing import Any

Row = dict[str, Any]

MIB_PER_GIB = 1024.0


def secs(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x < 1:
        return f"{x * 1000:.0f} ms" if x >= 0.01 else f"{x * 1000:.1f} ms"
    if x < 120:
        return f"{x:.1f} s"
    return f"{int(x // 60)} min {x % 60:.0f} s"


def num(x: float) -> str:
    return f"{x:,.0f}"


def mem(mb: float) -> str:
    return f"{mb / MIB_PER_GIB:.2f} GiB" if mb >= MIB_PER_GIB else f"{mb:.0f} MiB"


def growth(rows: list[Row], size: str, value: str) -> list[str]:
    """Per row the exponent e of ``value ~ size^e`` since the previous row."""
    out = ["–"]
    for a, b in itertools.pairwise(rows):
        if "error" in a or "error" in b or not a.get(value) or not b.get(value):
            out.append("–")
            continue
        e = math.log(b[value] / a[value]) / math.log(b[size] / a[size])
        out.append(f"{e:.2f}")
    return out[: len(rows)]


def overall(rows: list[Row], size: str, value: str) -> float | None:
    ok = [r for r in rows if "error" not in r and r.get(value)]
    if len(ok) < 2:
        return None
    return math.log(ok[-1][value] / ok[0][value]) / math.log(ok[-1][size] / ok[0][size])


def table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def errors(rows: list[Row], what: str) -> list[str]:
    return [f"- not measured: {what} with {_args(r)}: {r['error']}" for r in rows if "error" in r]


def _args(r: Row) -> str:
    keys = ("municipalities", "samples")
    return ", ".join(f"{k} {r[k]}" for k in keys if k in r)
