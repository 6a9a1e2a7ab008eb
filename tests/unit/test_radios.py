"""Radios rendered in Python (triage.forms.Radios, triage_tags.radios_group) give the markup that
crispy-forms-gds's templates with this project's overrides give (Field.radios), in every case the
forms use: a hint, errors, a value chosen, a heading legend, inline and small, a choice's own hint
and divider, and a conditional reveal."""

import pytest
from crispy_forms.utils import render_crispy_form, render_field
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.template import Context
from django.test.html import parse_html
from django.utils.safestring import SafeString

from triage.forms import Radios, RadiosWithReveal, gds_helper

CHOICES = [
    Choice("yes", "Yes", hint="Any kind"),
    Choice("no", "No & <never>", divider="or"),
    ("prefer_not_to_say", "Prefer not to say"),
]


class Example(forms.Form):
    answer = forms.ChoiceField(
        label="Is it <em>true</em>?", help_text="Choose one", choices=CHOICES, widget=forms.RadioSelect
    )
    plain = forms.ChoiceField(label="Plain", choices=CHOICES[2:], widget=forms.RadioSelect, required=False)
    count = forms.IntegerField(label="How many?", required=False)


def crispy(form, layout):
    return parse_html(render_crispy_form(form, gds_helper(layout)))


DATA = [None, {"answer": "no"}, {"answer": ""}, {"answer": "<script>"}]
SHAPES = [
    {},
    {"legend_size": Size.SMALL},
    {"legend_size": Size.MEDIUM, "legend_tag": "h2"},
    {"legend_size": Size.SMALL, "inline": True, "small": True},
    {"small": True},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", ["answer", "plain"])
def test_radios_match_the_templates(data, shape, name):
    form = Example(data)
    form.is_valid() if data is not None else None
    assert crispy(form, Radios(name, **shape)) == crispy(form, Field.radios(name, **shape))


@pytest.mark.parametrize("data", [None, {"answer": "yes", "count": "3"}, {"answer": "no", "count": "x"}])
def test_a_radio_that_reveals_matches_the_templates(data):
    """The reference is the radios template given the revealed field's HTML, as RadiosWithReveal
    rendered before it was written in Python."""
    form = Example(data)
    form.is_valid() if data is not None else None
    fast = RadiosWithReveal("answer", reveal_on="yes", reveal=(Field.text("count", field_width=2),))
    got = render_crispy_form(form, gds_helper(fast))

    form = Example(data)
    form.is_valid() if data is not None else None
    context = Context({"form_show_errors": True, "form_show_labels": True})  # as the helper gives
    revealed = SafeString(render_field(Field.text("count", field_width=2), form, context))
    extra = {"legend_size": Size.for_legend(Size.SMALL), "radios_small": True, "radios_inline": False}
    expected = render_field(
        "answer",
        form,
        context,
        template="gds/field.html",
        extra_context={**extra, "reveal_on": "yes", "reveal_html": revealed},
    )
    assert parse_html(got) == parse_html(expected)


def test_errors_are_left_out_when_the_helper_hides_them():
    form = Example({"answer": ""})
    assert not form.is_valid()
    helper = gds_helper(Radios("answer"))
    helper.form_show_errors = False
    html = render_crispy_form(form, helper)
    assert "govuk-error-message" not in html and "govuk-form-group--error" not in html
    assert 'aria-describedby="id_answer_hint id_answer_1_error"' in html  # as the template says
