"""Template filters of the exercise pages: a moment on the exercise clock."""

from __future__ import annotations

from django import template

from weerbaar.web.exercises.views.common import clock_label

register = template.Library()


@register.filter
def clock(hours: float | None) -> str:
    """Exercise hours as the console's clock reads them: ``0.75`` → "0:45"; None → "—".

    Injects, decisions and observations are moments on the one exercise
    clock and read the same on the page and in its live updates; lengths of
    time (downtime, the session) use the ``duration`` filter.
    """
    return "—" if hours is None else clock_label(float(hours))
