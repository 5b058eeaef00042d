"""Forms rendered as NL Design System components, with their ARIA references."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.urls import reverse

from weerbaar.web.forms import NLFormMixin, widget_classes


class ExampleForm(NLFormMixin, forms.Form):
    name = forms.CharField(help_text="Zoals op het organogram")
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")])
    vital = forms.BooleanField(required=False)
    size = forms.IntegerField(widget=forms.NumberInput(attrs={"class": "wb-narrow"}))


def test_it_gives_each_kind_of_widget_its_component_class() -> None:
    form = ExampleForm()
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in str(form["name"])
    assert "utrecht-textarea utrecht-textarea--html-textarea" in str(form["notes"])
    assert "utrecht-select utrecht-select--html-select" in str(form["kind"])
    assert "utrecht-checkbox utrecht-checkbox--html-input" in str(form["vital"])
    assert widget_classes(forms.HiddenInput(), invalid=True) == ""


def test_it_keeps_a_widgets_own_classes() -> None:
    assert 'class="utrecht-textbox utrecht-textbox--html-input wb-narrow"' in str(
        ExampleForm()["size"]
    )


def test_it_marks_required_fields_without_the_browsers_own_validation() -> None:
    # `required` would make the component CSS paint empty fields as invalid.
    name, notes = str(ExampleForm()["name"]), str(ExampleForm()["notes"])
    assert 'aria-required="true"' in name and " required" not in name
    assert "aria-required" not in notes


def test_it_marks_invalid_fields_and_points_at_help_and_error() -> None:
    form = ExampleForm({"name": "", "kind": "z", "size": "1"})
    assert not form.is_valid()
    name = str(form["name"])
    assert "utrecht-textbox--invalid" in name and 'aria-invalid="true"' in name
    assert 'aria-describedby="id_name_help id_name_error"' in name
    assert "utrecht-select--invalid" in str(form["kind"])
    assert "--invalid" not in str(form["size"])


def test_it_marks_errors_added_after_validation() -> None:
    # The map loader's problems arrive after the form itself was valid.
    form = ExampleForm({"name": "x", "kind": "a", "size": "1"})
    assert form.is_valid()
    form.add_error("size", "te groot")
    assert 'aria-describedby="id_size_error"' in str(form["size"])
    assert "utrecht-textbox--invalid" in str(form["size"])


@pytest.mark.django_db
def test_it_renders_the_login_form_as_nl_design_system_fields(client: Any) -> None:
    page = client.get(reverse("login")).content.decode()
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in page
    assert 'name="password"' in page
