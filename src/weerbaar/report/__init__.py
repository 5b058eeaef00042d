"""The riskmap report: one self-contained HTML file for the college.

:func:`render_report` builds the whole document. Inside: ``dutch`` (wording),
``scales`` (axes and ticks), ``svg`` (SVG elements), ``riskdiagram`` and
``gantt`` (the charts, pure functions), ``views`` and ``sections`` (what each
section shows) and ``html`` (the assembly with the Jinja2 template).
"""

from weerbaar.report.html import render_report

__all__ = ["render_report"]
