"""Cell values: how the workbook writer stores a value so the reader gets it back exactly.

Two details of openpyxl shape this module. It writes numbers with 16
significant digits, so the few floats that need 17 (``0.1 + 0.2``) go into a
text cell, which the reader accepts in a number column for exactly those
values; a Dutch ``15.000`` typed as text is still refused. And a text starting
with ``=`` would be written as a formula, so text cells are marked as text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml

from weerbaar.i18n import _
from weerbaar.model.durations import exact_duration
from weerbaar.model.excel.layout import Col

Cell = str | int | float | bool | None

_TRUE = {"true", "waar", "ja", "yes", "1"}
_FALSE = {"false", "onwaar", "nee", "no", "0"}
_SEPARATORS = re.compile(r"[,;\s]+")


class CellError(ValueError):
    """A cell whose value does not fit its column."""


def fits_number_cell(x: int | float) -> bool:
    """Whether openpyxl stores ``x`` exactly in a number cell.

    Examples
    --------
    >>> fits_number_cell(52.16), fits_number_cell(0.1 + 0.2)
    (True, False)
    """
    if isinstance(x, float) and not math.isfinite(x):
        return False
    try:
        text = f"{x:.16g}"  # what openpyxl writes
    except OverflowError:
        return False
    back = float(text) if any(c in text for c in ".eE") else int(text)
    return back == x


def number_cell(x: int | float) -> int | float | str:
    """``x`` as a number cell when that is exact, else as text (see the module)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 2**53:
        x = int(x)  # 15000 reads better than 15000.0 and means the same here
    return x if fits_number_cell(x) else repr(x)


def duration_cell(hours: float) -> str:
    """The duration as the YAML dumper writes it, or exact text where that is not exact.

    Examples
    --------
    >>> duration_cell(36.0), duration_cell(1.25)
    ('36h', '1.25h')
    """
    return exact_duration(hours)


def inline_yaml(value: Any) -> str:
    """``value`` as one line of YAML where possible: ``{eigenaar: Jan}``."""
    text = _yaml(value, allow_unicode=True)
    if yaml.safe_load(text) != value:
        # PyYAML cannot read back some unicode line breaks it writes plainly;
        # double quotes escape them.
        text = _yaml(value, default_style='"')
    return text


def _yaml(value: Any, **style: Any) -> str:
    text: str = yaml.safe_dump(
        value, default_flow_style=True, sort_keys=False, width=2**30, **style
    )
    return text.removesuffix("...\n").strip()


def read_yaml(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CellError(_("not valid YAML: {what}").format(what=str(exc).splitlines()[0])) from None


def _number_from_text(text: str) -> int | float:
    try:
        x: int | float = int(text) if re.fullmatch(r"\s*-?\d+\s*", text) else float(text)
    except ValueError:
        x = 0.0
    if fits_number_cell(x):
        # Only text the writer itself produces is a number; anything else was
        # typed as text and may well mean something else (15.000 is 15000).
        raise CellError(_("expected a number, got text {value!r}").format(value=text))
    return x


def read_cell(value: object, col: Col) -> Any:
    """The value of a non-empty cell for a column of type ``col``.

    Raises
    ------
    CellError
        When the cell cannot hold a value of that type.
    """
    if col is Col.ANY:
        return value
    if isinstance(value, dt.timedelta) and col is Col.DURATION:
        return value.total_seconds() / 3600
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        raise CellError(
            _("expected a duration such as 4h or 2d, got a date or time (format the cell as text)")
            if col is Col.DURATION
            else _("expected a value, got a date or time")
        )
    if col in (Col.ID, Col.TEXT, Col.IDS):
        if isinstance(value, bool):
            raise CellError(_("expected text, got {value}").format(value=value))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value)
        return [m for m in _SEPARATORS.split(text) if m] if col is Col.IDS else text
    if col is Col.BOOL:
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        if isinstance(value, bool | int | float) and value in (0, 1):
            return bool(value)
        raise CellError(_("expected WAAR or ONWAAR, got {value!r}").format(value=value))
    if col is Col.EXTRA:
        extra = read_yaml(value) if isinstance(value, str) else value
        if not isinstance(extra, dict):
            raise CellError(
                _("expected a YAML mapping such as {{eigenaar: Jan}}, got {value!r}").format(
                    value=value
                )
            )
        return extra
    if col is Col.DURATION:
        return value  # the schema reads durations
    if col is Col.VALUE and isinstance(value, str):
        try:
            return _number_from_text(value)
        except CellError:
            return value.strip()  # a class letter; the schema judges it
    if isinstance(value, bool):
        raise CellError(_("expected a number, got {value}").format(value=value))
    x = _number_from_text(value) if isinstance(value, str) else value
    if not isinstance(x, int | float):
        raise CellError(_("expected a number, got {value!r}").format(value=value))
    if col is Col.INT:
        if isinstance(x, float) and not x.is_integer():
            raise CellError(_("expected a whole number, got {value!r}").format(value=x))
        return int(x)
    return x
