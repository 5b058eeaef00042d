"""What the exercise views share: the language of new scripts, labels of roles and injects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from weerbaar.exercise.model import Exercise


def role_choices(ex: Exercise) -> list[tuple[str, str]]:
    return [(r.id, r.name or r.id) for r in ex.roles]


def clock_label(hours: float) -> str:
    minutes = int(hours * 60 + 1e-9)
    return f"{minutes // 60}:{minutes % 60:02d}"


def person(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind login_required)."""
    return request.user


def form_errors(request: HttpRequest, form: forms.Form) -> None:
    """A form's errors as messages, for forms posted from a page that redirects back."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
